package app.trecho.server.booking;

import app.trecho.protocol.model.Hold;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** A hold in memory: seats on every segment of one itinerary, for one account, until it expires. */
record LiveHold(
        String id,
        String account,
        int passengers,
        long priceCents,
        Instant createdAt,
        Instant expiresAt,
        List<Placement> placements) {

    static final Comparator<LiveHold> BY_EXPIRY =
            Comparator.comparing(LiveHold::expiresAt).thenComparing(LiveHold::id);

    LiveHold {
        placements = List.copyOf(placements);
    }

    Hold view() {
        return new Hold(id, placements.stream().map(Placement::view).toList(), passengers, priceCents, expiresAt);
    }
}
