package app.trecho.server.booking;

import app.trecho.protocol.model.Booking;
import java.time.Instant;
import java.util.List;

/** A purchased cart in memory: every seat of the holds it was bought from. */
record LiveBooking(
        String reference,
        String account,
        int passengers,
        long priceCents,
        Instant createdAt,
        List<String> holdIds,
        List<Placement> placements) {

    LiveBooking {
        holdIds = List.copyOf(holdIds);
        placements = List.copyOf(placements);
    }

    Booking view() {
        return new Booking(
                reference, placements.stream().map(Placement::view).toList(), passengers, priceCents, createdAt);
    }
}
