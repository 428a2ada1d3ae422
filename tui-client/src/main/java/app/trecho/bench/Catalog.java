package app.trecho.bench;

import app.trecho.client.TrechoClient;
import app.trecho.protocol.model.City;
import app.trecho.protocol.model.Itinerary;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.protocol.model.SortOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the bench knows of the network: bookable segments, some multi-leg itineraries, the cities
 * and dates to search. Learnt once through the public protocol, like any client would.
 */
record Catalog(List<City> cities, List<SegmentInfo> segments, List<Itinerary> connections, List<LocalDate> dates) {

    private static final ZoneId AIRLINE_ZONE = ZoneId.of("America/Sao_Paulo");
    private static final int CONNECTION_SEARCHES = 40;

    static Catalog load(TrechoClient client, long seed) throws InterruptedException {
        List<City> cities = await(client.cities());
        Instant soon = Instant.now().plus(2, ChronoUnit.HOURS);
        List<SegmentInfo> segments = await(client.board(null, null)).stream()
                .filter(s -> s.departure().isAfter(soon))
                .toList();
        if (segments.isEmpty()) {
            throw new BenchContext.SetupException("the server's board has no future segments to book", null);
        }
        List<LocalDate> dates = segments.stream()
                .map(s -> s.departure().atZone(AIRLINE_ZONE).toLocalDate())
                .distinct()
                .sorted()
                .toList();
        Random random = new Random(seed);
        List<Itinerary> connections = new ArrayList<>();
        for (int i = 0; i < CONNECTION_SEARCHES && cities.size() > 1; i++) {
            City from = cities.get(random.nextInt(cities.size()));
            City to = cities.get(random.nextInt(cities.size()));
            if (from.equals(to)) {
                continue;
            }
            LocalDate date = dates.get(random.nextInt(dates.size()));
            for (Itinerary it : await(client.search(from.code(), to.code(), date, 1, SortOrder.ARRIVAL, 20))) {
                if (it.legs().size() > 1 && it.departure().isAfter(soon)) {
                    connections.add(it);
                }
            }
        }
        return new Catalog(List.copyOf(cities), segments, List.copyOf(connections), dates);
    }

    SegmentInfo randomSegment(SplittableRandom random) {
        return segments.get(random.nextInt(segments.size()));
    }

    /** A random itinerary's segment ids: mostly direct, one in five with connections when known. */
    List<String> randomItinerary(SplittableRandom random) {
        if (!connections.isEmpty() && random.nextInt(5) == 0) {
            return connections.get(random.nextInt(connections.size())).legs().stream()
                    .map(SegmentInfo::segment)
                    .toList();
        }
        return List.of(randomSegment(random).segment());
    }

    City randomCity(SplittableRandom random) {
        return cities.get(random.nextInt(cities.size()));
    }

    LocalDate randomDate(SplittableRandom random) {
        return dates.get(random.nextInt(dates.size()));
    }

    static <T> T await(java.util.concurrent.CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new BenchContext.SetupException("setup request failed: " + BenchContext.rootMessage(e), e);
        }
    }
}
