package app.trecho.server.booking;

import app.trecho.protocol.ErrorCode;
import app.trecho.server.state.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What makes a list of segments an itinerary, shared by search and holds so they never disagree. */
final class ItineraryRules {

    static final Duration MIN_CONNECTION = Duration.ofMinutes(45);
    /** Longer layovers are not offered: an overnight wait is a different trip. */
    static final Duration MAX_CONNECTION = Duration.ofHours(12);

    static final int MAX_LEGS = 3;
    static final int MAX_PASSENGERS = 9;

    private ItineraryRules() {}

    /** True when {@code next} can follow {@code previous}: same city, within the connection window. */
    static boolean connects(Segment previous, Segment next) {
        if (!previous.destination().equals(next.origin())) {
            return false;
        }
        Duration layover = Duration.between(previous.arrival(), next.departure());
        return layover.compareTo(MIN_CONNECTION) >= 0 && layover.compareTo(MAX_CONNECTION) <= 0;
    }

    /**
     * The segments of a hold request, if they form an itinerary: known ids (else NOT_FOUND), 1–3
     * legs that connect without revisiting a city (else INVALID_ITINERARY). Departure is checked
     * by the caller against its clock.
     */
    static Outcome<List<Segment>> legs(Network network, List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            return Outcome.rejected(ErrorCode.INVALID_FIELD, "segments: at least one segment is needed");
        }
        if (ids.size() > MAX_LEGS) {
            return Outcome.rejected(ErrorCode.INVALID_ITINERARY, "an itinerary has at most " + MAX_LEGS + " segments");
        }
        List<Segment> legs = new ArrayList<>(ids.size());
        for (String id : ids) {
            Segment segment = network.segment(id).orElse(null);
            if (segment == null) {
                return Outcome.rejected(ErrorCode.NOT_FOUND, "no segment " + id, details("segment", id));
            }
            legs.add(segment);
        }
        Set<String> visited = new HashSet<>();
        visited.add(legs.getFirst().origin());
        for (int i = 0; i < legs.size(); i++) {
            Segment leg = legs.get(i);
            if (i > 0 && !connects(legs.get(i - 1), leg)) {
                return Outcome.rejected(
                        ErrorCode.INVALID_ITINERARY,
                        legs.get(i - 1).id() + " does not connect to " + leg.id() + " (same city, "
                                + MIN_CONNECTION.toMinutes() + " min to " + MAX_CONNECTION.toHours() + " h apart)");
            }
            if (!visited.add(leg.destination())) {
                return Outcome.rejected(
                        ErrorCode.INVALID_ITINERARY, "the itinerary visits " + leg.destination() + " twice");
            }
        }
        return Outcome.Ok.of(List.copyOf(legs));
    }

    /**
     * Why a chosen-seats list does not fit the legs (INVALID_FIELD), or null when it does: one list
     * per leg, each exactly {@code passengers} distinct seats that exist on that aircraft.
     */
    static Outcome.Rejected<?> checkChosenSeats(List<Segment> legs, int passengers, List<List<String>> seats) {
        if (seats.size() != legs.size()) {
            return invalid("seats: one list per segment is needed (" + legs.size() + ")");
        }
        for (int i = 0; i < legs.size(); i++) {
            Segment leg = legs.get(i);
            List<String> chosen = seats.get(i);
            if (chosen == null || chosen.size() != passengers) {
                return invalid("seats[" + i + "]: exactly " + passengers + " seats are needed on " + leg.id());
            }
            Set<String> distinct = new HashSet<>();
            for (String seat : chosen) {
                if (leg.seatIndex(seat) < 0) {
                    return invalid("seats[" + i + "]: " + leg.id() + " has no seat " + seat);
                }
                if (!distinct.add(seat)) {
                    return invalid("seats[" + i + "]: seat " + seat + " is chosen twice");
                }
            }
        }
        return null;
    }

    private static Outcome.Rejected<Void> invalid(String message) {
        return new Outcome.Rejected<>(ErrorCode.INVALID_FIELD, message, null);
    }

    /** An ordered details map (JSON object) from key, value pairs. */
    static Map<String, Object> details(Object... keyValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            details.put((String) keyValues[i], keyValues[i + 1]);
        }
        return details;
    }
}
