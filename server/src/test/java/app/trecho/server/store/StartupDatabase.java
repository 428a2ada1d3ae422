package app.trecho.server.store;

import app.trecho.protocol.model.City;
import app.trecho.server.booking.Network;
import app.trecho.server.booking.Segment;
import app.trecho.server.state.Change;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Not a test (never run in CI): writes a data directory with a stored network and {@code N}
 * bookings (2 seats each, 1,000 accounts, an idempotency result per booking) through the store, to
 * time a server's start-up on it. {@code StartupDatabase DIR [bookings, default 100000]}; the
 * command is in server/STORAGE.md.
 */
public final class StartupDatabase {
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final String COLUMNS = "ABCDEF";
    private static final int ROWS = 99;

    private StartupDatabase() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int bookings = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Instant now = Instant.now();
        int seatsPerSegment = ROWS * COLUMNS.length();
        int segmentsNeeded = bookings * 2 / seatsPerSegment + 1;
        Network network = network(LocalDate.ofInstant(now, Network.ZONE).plusDays(1), segmentsNeeded);
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            store.saveNetwork(new StoredNetwork(network, "generated", now));
            List<Change> accounts = new ArrayList<>();
            for (int a = 0; a < 1_000; a++) {
                accounts.add(new Change.AccountCreated(
                        "user" + a, "PBKDF2WithHmacSHA256", 1_000, new byte[16], new byte[32], now));
            }
            store.append(accounts).join();
            List<CompletableFuture<Void>> pending = new ArrayList<>();
            List<Segment> segments = network.segments();
            for (int n = 0; n < bookings; n++) {
                String user = "user" + n % 1_000;
                int seat = n * 2 % seatsPerSegment;
                Segment segment = segments.get(n * 2 / seatsPerSegment);
                List<String> seats = List.of(label(seat), label(seat + 1));
                String holdId = "hold-" + n;
                pending.add(store.append(List.of(
                        new Change.HoldPlaced(
                                holdId,
                                user,
                                2,
                                2 * segment.priceCents(),
                                now,
                                now.plusSeconds(600),
                                List.of(new Change.SegmentSeats(segment.id(), seats))),
                        new Change.Purchased(reference(n), user, List.of(holdId), 2 * segment.priceCents(), now),
                        new Change.IdempotencyRecorded(user, "buy-" + n, "fp-" + n, "{\"type\":\"x\"}", now))));
                if (pending.size() == 10_000) {
                    pending.forEach(CompletableFuture::join);
                    pending.clear();
                }
            }
            pending.forEach(CompletableFuture::join);
        }
        System.out.printf("%s: %d bookings on %d segments%n", dir, bookings, segmentsNeeded);
    }

    private static String label(int index) {
        return (index / COLUMNS.length() + 1) + String.valueOf(COLUMNS.charAt(index % COLUMNS.length()));
    }

    private static String reference(int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            out.append(ALPHABET.charAt(n % ALPHABET.length()));
            n /= ALPHABET.length();
        }
        return out.toString();
    }

    /** Flights TR1..TRn, one a day each at 07:00 for the seven days from {@code first}, 99 rows of six. */
    private static Network network(LocalDate first, int segments) {
        List<City> cities = List.of(new City("GRU", "São Paulo"), new City("GIG", "Rio de Janeiro"));
        List<Segment> out = new ArrayList<>();
        for (int n = 0; n < segments; n++) {
            String flight = "TR" + (n / 7 + 1);
            Instant departure = first.plusDays(n % 7)
                    .atTime(LocalTime.of(7, 0))
                    .atZone(Network.ZONE)
                    .toInstant();
            out.add(new Segment(
                    Segment.idOf(flight, departure),
                    flight,
                    "GRU",
                    "GIG",
                    departure,
                    departure.plus(Duration.ofMinutes(55)),
                    ROWS,
                    COLUMNS,
                    29_990));
        }
        return new Network(cities, out);
    }
}
