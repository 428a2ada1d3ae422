package app.trecho.server.store;

import app.trecho.server.booking.Network;
import java.time.Instant;
import java.util.Objects;

/**
 * The flight network as stored with the bookings.
 *
 * @param source where it came from, for logs: {@code sample} or the network file's path
 * @param savedAt when it was stored
 */
public record StoredNetwork(Network network, String source, Instant savedAt) {
    public StoredNetwork {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(savedAt, "savedAt");
    }
}
