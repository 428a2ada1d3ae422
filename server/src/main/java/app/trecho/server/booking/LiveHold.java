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

    /** Hand-written rather than composed: model checkers walk static state and cannot open JDK lambdas. */
    static final Comparator<LiveHold> BY_EXPIRY = (a, b) -> {
        int byTime = a.expiresAt().compareTo(b.expiresAt());
        return byTime != 0 ? byTime : a.id().compareTo(b.id());
    };

    LiveHold {
        placements = List.copyOf(placements);
    }

    Hold view() {
        return new Hold(id, placements.stream().map(Placement::view).toList(), passengers, priceCents, expiresAt);
    }
}
