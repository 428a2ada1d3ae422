package app.trecho.server.booking;

import app.trecho.protocol.model.City;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An immutable flight network: cities and scheduled segments with their seat layouts and fares.
 * Built from the built-in {@link SampleNetwork} or a JSON file ({@link NetworkFile}, see
 * server/NETWORK.md).
 */
public final class Network {

    /** The airline's time zone: every date (segment ids, search, board) is a local date here. */
    public static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");

    static final Pattern CITY_CODE = Pattern.compile("^[A-Z]{3}$");
    /** Hand-written rather than composed: model checkers walk static state and cannot open JDK lambdas. */
    static final Comparator<Segment> BY_DEPARTURE = (a, b) -> {
        int byTime = a.departure().compareTo(b.departure());
        return byTime != 0 ? byTime : a.id().compareTo(b.id());
    };

    private final List<City> cities;
    private final Map<String, City> citiesByCode;
    private final List<Segment> segments;
    private final Map<String, Segment> segmentsById;
    private final Map<String, List<Segment>> departuresByOrigin;
    /** Every segment's departure, in {@link #segments} order (ascending). */
    private final Instant[] departureTimes;

    /** @throws IllegalArgumentException when codes repeat, are malformed or a segment names an unknown city */
    public Network(List<City> cities, List<Segment> segments) {
        Map<String, City> byCode = new LinkedHashMap<>();
        for (City city : cities) {
            if (!CITY_CODE.matcher(city.code()).matches()) {
                throw new IllegalArgumentException("city code '" + city.code() + "' is not three capital letters");
            }
            if (city.name() == null || city.name().isBlank()) {
                throw new IllegalArgumentException("city " + city.code() + " has no name");
            }
            if (byCode.put(city.code(), city) != null) {
                throw new IllegalArgumentException("city " + city.code() + " appears twice");
            }
        }
        Map<String, Segment> byId = new HashMap<>();
        Map<String, List<Segment>> departures = new HashMap<>();
        for (Segment segment : segments) {
            for (String code : List.of(segment.origin(), segment.destination())) {
                if (!byCode.containsKey(code)) {
                    throw new IllegalArgumentException("segment " + segment.id() + ": unknown city '" + code + "'");
                }
            }
            if (byId.put(segment.id(), segment) != null) {
                throw new IllegalArgumentException("segment " + segment.id() + " appears twice");
            }
            departures.computeIfAbsent(segment.origin(), k -> new ArrayList<>()).add(segment);
        }
        departures.replaceAll((k, list) -> {
            list.sort(BY_DEPARTURE);
            return List.copyOf(list);
        });
        List<Segment> sorted = new ArrayList<>(segments);
        sorted.sort(BY_DEPARTURE);
        this.cities = List.copyOf(byCode.values());
        this.citiesByCode = Collections.unmodifiableMap(byCode);
        this.segments = List.copyOf(sorted);
        this.segmentsById = Map.copyOf(byId);
        this.departuresByOrigin = Map.copyOf(departures);
        this.departureTimes = sorted.stream().map(Segment::departure).toArray(Instant[]::new);
    }

    /** How many segments depart at or before {@code now}: it changes exactly when one departs. */
    public int departedBy(Instant now) {
        int low = 0;
        int high = departureTimes.length; // answer in [low, high]
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (departureTimes[mid].isAfter(now)) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    /** Every city, in the order the network was defined. */
    public List<City> cities() {
        return cities;
    }

    public Optional<City> city(String code) {
        return Optional.ofNullable(code == null ? null : citiesByCode.get(code));
    }

    /** Every segment, by departure time (then id). */
    public List<Segment> segments() {
        return segments;
    }

    public Optional<Segment> segment(String id) {
        return Optional.ofNullable(id == null ? null : segmentsById.get(id));
    }

    /** Segments leaving {@code origin}, by departure time. */
    public List<Segment> departures(String origin) {
        return departuresByOrigin.getOrDefault(origin, List.of());
    }

    /** Segments leaving {@code origin} with {@code from <= departure <= to}, by departure time. */
    public List<Segment> departures(String origin, Instant from, Instant to) {
        List<Segment> all = departures(origin);
        int lo = 0;
        int hi = all.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (all.get(mid).departure().isBefore(from)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int end = lo;
        while (end < all.size() && !all.get(end).departure().isAfter(to)) {
            end++;
        }
        return all.subList(lo, end);
    }
}
