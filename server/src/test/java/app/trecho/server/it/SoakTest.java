package app.trecho.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.server.TrechoServer;
import app.trecho.server.booking.Segment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A seeded, bounded random soak: many real connections hold, release, buy and cancel on a few
 * crowded segments at once. At the end the server's state is sound, every client's cart and
 * bookings match it, and the seat maps agree with the board's free counts.
 */
class SoakTest {
    private static final long SEED = 20261127L;
    private static final int CLIENTS = 60;
    private static final int OPERATIONS_PER_CLIENT = 60;
    private static final Duration TIME_LIMIT = Duration.ofSeconds(60);
    private static final Set<ErrorCode> EXPECTED_REFUSALS = EnumSet.of(
            ErrorCode.SEAT_TAKEN,
            ErrorCode.SEATS_UNAVAILABLE,
            ErrorCode.NOT_FOUND,
            ErrorCode.CART_EMPTY,
            ErrorCode.CART_CHANGED);

    @Test
    void randomConcurrentTrafficLeavesConsistentState() throws Exception {
        try (TrechoServer server = ServerFixture.start("--rate-limit", "100000", "--rate-burst", "100000")) {
            List<Segment> segments =
                    Itineraries.futureSegments(server.core().network()).subList(0, 3);
            Map<ErrorCode, AtomicInteger> refusals = new ConcurrentHashMap<>();
            AtomicInteger successes = new AtomicInteger();
            long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
            List<TestClient> clients = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<TestClient>> runs = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    Random random = new Random(SEED + i);
                    String user = "soaker" + i;
                    runs.add(pool.submit(() -> {
                        TestClient c = TestClient.registered(server.port(), user);
                        for (int op = 0; op < OPERATIONS_PER_CLIENT && System.nanoTime() < deadline; op++) {
                            Response r = c.call(randomRequest(c, random, segments, op));
                            if (r instanceof Response.Error e) {
                                assertTrue(EXPECTED_REFUSALS.contains(e.error().code()), e::toString);
                                refusals.computeIfAbsent(e.error().code(), k -> new AtomicInteger())
                                        .incrementAndGet();
                            } else {
                                successes.incrementAndGet();
                            }
                        }
                        return c;
                    }));
                }
                for (Future<TestClient> f : runs) {
                    clients.add(f.get());
                }
            }
            try {
                assertTrue(successes.get() > CLIENTS, "the soak did real work: " + successes);
                assertTrue(refusals.containsKey(ErrorCode.SEAT_TAKEN), "the soak had contention: " + refusals);
                assertEquals(List.of(), ServerFixture.violations(server));
                assertClientsAgreeWithServer(server, clients);
                assertSeatMapsAgreeWithBoard(clients.getFirst(), segments);
            } finally {
                clients.forEach(TestClient::close);
            }
        }
    }

    /**
     * A random next step. A cart never holds more than one hold, so every purchase names its hold
     * and races with that hold's expiry and release like a real client's would.
     */
    private static Request randomRequest(TestClient c, Random random, List<Segment> segments, int op) {
        String key = c.username() + "-op-" + op;
        List<Hold> cart = cart(c);
        int dice = random.nextInt(10);
        if (!cart.isEmpty()) {
            String holdId = cart.getFirst().holdId();
            return dice < 6
                    ? new Request.CartPurchase(c.nextId(), key, List.of(holdId))
                    : new Request.HoldRelease(c.nextId(), key, holdId);
        }
        if (dice < 7) {
            Segment segment = segments.get(random.nextInt(segments.size()));
            int passengers = 1 + random.nextInt(2);
            if (random.nextBoolean()) {
                return new Request.HoldCreate(c.nextId(), key, List.of(segment.id()), passengers, null);
            }
            List<String> seats = new ArrayList<>();
            while (seats.size() < passengers) {
                String seat = segment.seatLabel(random.nextInt(12)); // the first two rows: crowded
                if (!seats.contains(seat)) {
                    seats.add(seat);
                }
            }
            return new Request.HoldCreate(c.nextId(), key, List.of(segment.id()), passengers, List.of(seats));
        }
        if (dice < 8) {
            return new Request.CartPurchase(c.nextId(), key, null); // an empty cart: CART_EMPTY
        }
        List<Booking> bookings = bookings(c);
        String reference = bookings.isEmpty()
                ? "ZZZZZZ"
                : bookings.get(random.nextInt(bookings.size())).reference();
        return new Request.BookingCancel(c.nextId(), key, reference);
    }

    private static void assertClientsAgreeWithServer(TrechoServer server, List<TestClient> clients) {
        var audit = server.core().auditSnapshot();
        for (TestClient c : clients) {
            List<String> myHolds = cart(c).stream().map(Hold::holdId).sorted().toList();
            List<String> serverHolds = audit.holds().stream()
                    .filter(h -> h.account().equals(c.username()))
                    .map(h -> h.holdId())
                    .sorted()
                    .toList();
            assertEquals(serverHolds, myHolds, c.username());
            List<String> myBookings =
                    bookings(c).stream().map(Booking::reference).sorted().toList();
            List<String> serverBookings = audit.bookings().stream()
                    .filter(b -> b.account().equals(c.username()))
                    .map(b -> b.reference())
                    .sorted()
                    .toList();
            assertEquals(serverBookings, myBookings, c.username());
        }
    }

    private static void assertSeatMapsAgreeWithBoard(TestClient c, List<Segment> segments) {
        List<SegmentInfo> board = assertInstanceOf(
                        Response.BoardGetOk.class, c.call(new Request.BoardGet(c.nextId(), null, null)))
                .segments();
        for (Segment segment : segments) {
            Response.SeatMapGetOk map = assertInstanceOf(
                    Response.SeatMapGetOk.class, c.call(new Request.SeatMapGet(c.nextId(), segment.id())));
            long free = map.seats().chars().filter(ch -> ch == '.').count();
            SegmentInfo row = board.stream()
                    .filter(s -> s.segment().equals(segment.id()))
                    .findFirst()
                    .orElseThrow();
            assertEquals(row.seatsFree(), free, segment.id());
        }
    }

    private static List<Hold> cart(TestClient c) {
        return assertInstanceOf(Response.CartGetOk.class, c.call(new Request.CartGet(c.nextId())))
                .holds();
    }

    private static List<Booking> bookings(TestClient c) {
        return assertInstanceOf(Response.BookingListOk.class, c.call(new Request.BookingList(c.nextId())))
                .bookings();
    }
}
