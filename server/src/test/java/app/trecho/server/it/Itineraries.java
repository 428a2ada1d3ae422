package app.trecho.server.it;

import app.trecho.server.booking.Network;
import app.trecho.server.booking.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Finds segments and connections in the server's network for the concurrency tests. */
final class Itineraries {
    private Itineraries() {}

    /** Future segments, latest departures first (far from departing during a test). */
    static List<Segment> futureSegments(Network network) {
        Instant soon = Instant.now().plus(Duration.ofHours(2));
        List<Segment> result = new ArrayList<>(network.segments().stream()
                .filter(s -> s.departure().isAfter(soon))
                .toList());
        result.sort((a, b) -> b.departure().compareTo(a.departure()));
        return result;
    }

    /** Two-leg connections (1 h to 10 h apart) among future segments, no segment in two; at most {@code max}. */
    static List<List<Segment>> connections(Network network, int max) {
        List<List<Segment>> result = new ArrayList<>();
        java.util.Set<String> used = new java.util.HashSet<>();
        List<Segment> future = futureSegments(network);
        for (Segment first : future) {
            for (Segment second : future) {
                if (used.contains(first.id()) || used.contains(second.id())) {
                    continue;
                }
                Duration layover = Duration.between(first.arrival(), second.departure());
                if (first.destination().equals(second.origin())
                        && !first.origin().equals(second.destination())
                        && layover.compareTo(Duration.ofMinutes(60)) >= 0
                        && layover.compareTo(Duration.ofHours(10)) <= 0) {
                    result.add(List.of(first, second));
                    used.add(first.id());
                    used.add(second.id());
                    if (result.size() == max) {
                        return result;
                    }
                }
            }
        }
        return result;
    }
}
