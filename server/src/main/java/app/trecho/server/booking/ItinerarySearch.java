package app.trecho.server.booking;

import app.trecho.protocol.model.Itinerary;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.protocol.model.SortOrder;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Finds direct and connecting itineraries (at most {@link ItineraryRules#MAX_LEGS} legs) by a
 * depth-first walk over each city's departures, pruned by the connection window.
 */
final class ItinerarySearch {

    private static final Comparator<Itinerary> BY_ARRIVAL = Comparator.comparing(Itinerary::arrival);
    private static final Comparator<Itinerary> BY_PRICE = Comparator.comparingLong(Itinerary::priceCents);
    private static final Comparator<Itinerary> BY_DURATION = Comparator.comparingInt(Itinerary::durationMinutes);
    private static final Comparator<Itinerary> BY_LEGS = Comparator.comparing(
            i -> String.join(",", i.legs().stream().map(SegmentInfo::segment).toList()));

    private final Network network;
    private final ToIntFunction<Segment> free;
    private final int passengers;
    private final String to;
    private final List<Itinerary> found = new ArrayList<>();

    private ItinerarySearch(Network network, ToIntFunction<Segment> free, int passengers, String to) {
        this.network = network;
        this.free = free;
        this.passengers = passengers;
        this.to = to;
    }

    /**
     * Itineraries whose first leg leaves {@code from} on {@code date} (airline time zone) after
     * {@code now}, every leg with at least {@code passengers} free seats, sorted and cut to
     * {@code limit}. Ties are broken by arrival, duration, price, then the segment ids.
     */
    static List<Itinerary> find(
            Network network,
            ToIntFunction<Segment> free,
            Instant now,
            String from,
            String to,
            LocalDate date,
            int passengers,
            SortOrder sort,
            int limit) {
        Instant dayStart = date.atStartOfDay(Network.ZONE).toInstant();
        Instant dayEnd = date.plusDays(1).atStartOfDay(Network.ZONE).toInstant().minusNanos(1);
        Instant earliest = now.isBefore(dayStart) ? dayStart : now.plusNanos(1);
        ItinerarySearch search = new ItinerarySearch(network, free, passengers, to);
        Set<String> visited = new HashSet<>();
        visited.add(from);
        List<Segment> path = new ArrayList<>();
        for (Segment first : network.departures(from, earliest, dayEnd)) {
            search.extend(path, visited, first);
        }
        return search.found.stream().sorted(order(sort)).limit(limit).toList();
    }

    private void extend(List<Segment> path, Set<String> visited, Segment leg) {
        if (visited.contains(leg.destination()) || free.applyAsInt(leg) < passengers) {
            return;
        }
        path.add(leg);
        if (leg.destination().equals(to)) {
            found.add(itinerary(path));
        } else if (path.size() < ItineraryRules.MAX_LEGS) {
            visited.add(leg.destination());
            for (Segment next : network.departures(
                    leg.destination(),
                    leg.arrival().plus(ItineraryRules.MIN_CONNECTION),
                    leg.arrival().plus(ItineraryRules.MAX_CONNECTION))) {
                extend(path, visited, next);
            }
            visited.remove(leg.destination());
        }
        path.removeLast();
    }

    private Itinerary itinerary(List<Segment> path) {
        List<SegmentInfo> legs =
                path.stream().map(s -> BookingCore.info(s, free.applyAsInt(s))).toList();
        Instant departure = path.getFirst().departure();
        Instant arrival = path.getLast().arrival();
        long price = path.stream().mapToLong(Segment::priceCents).sum();
        int seatsFree = legs.stream().mapToInt(SegmentInfo::seatsFree).min().orElse(0);
        return new Itinerary(
                legs,
                departure,
                arrival,
                (int) Duration.between(departure, arrival).toMinutes(),
                price,
                seatsFree);
    }

    private static Comparator<Itinerary> order(SortOrder sort) {
        Comparator<Itinerary> primary = switch (sort) {
            case ARRIVAL -> BY_ARRIVAL;
            case PRICE -> BY_PRICE;
            case DURATION -> BY_DURATION;
        };
        return primary.thenComparing(BY_ARRIVAL)
                .thenComparing(BY_DURATION)
                .thenComparing(BY_PRICE)
                .thenComparing(BY_LEGS);
    }
}
