package app.trecho.server.booking;

import app.trecho.protocol.model.HeldSegment;
import java.util.List;

/** The seats a hold or booking occupies on one segment, as seat labels in the order chosen. */
record Placement(Segment segment, List<String> seats) {

    Placement {
        seats = List.copyOf(seats);
    }

    HeldSegment view() {
        return new HeldSegment(
                segment.id(), segment.flight(), segment.origin(), segment.destination(), segment.departure(), seats);
    }
}
