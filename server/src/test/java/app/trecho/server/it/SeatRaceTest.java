package app.trecho.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.server.TrechoServer;
import app.trecho.server.booking.AuditSnapshot;
import app.trecho.server.booking.Segment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 200 real connections, each its own account, race for the same seats over and over: exactly one
 * winner per seat, and afterwards seat maps, holds and bookings agree.
 */
class SeatRaceTest {
    private static final int CLIENTS = 200;
    private static final int ROUNDS = 12;

    private static TrechoServer server;
    private static List<TestClient> clients;

    @BeforeAll
    static void connectClients() throws Exception {
        server = ServerFixture.start("--rate-limit", "100000", "--rate-burst", "100000");
        clients = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<TestClient>> connecting = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                String user = "racer" + i;
                connecting.add(pool.submit(() -> TestClient.registered(server.port(), user)));
            }
            for (Future<TestClient> f : connecting) {
                clients.add(f.get());
            }
        }
    }

    @AfterAll
    static void stop() {
        clients.forEach(TestClient::close);
        server.close();
    }

    @Test
    void exactlyOneWinnerPerSeatWhenEveryoneWantsIt() throws Exception {
        List<Segment> segments = Itineraries.futureSegments(server.core().network());
        for (int round = 0; round < ROUNDS; round++) {
            Segment segment = segments.get(round);
            String seat = segment.seatLabel(round % segment.seatsTotal());
            int r = round;
            List<Response> answers = race(i -> new Request.HoldCreate(
                    "h" + r, "solo-" + r + "-" + i, List.of(segment.id()), 1, List.of(List.of(seat))));
            List<Response.HoldCreateOk> winners = winners(answers);
            assertEquals(1, winners.size(), "round " + round + ": one winner for " + seat);
            losersGot(answers, ErrorCode.SEAT_TAKEN);
            // winners buy or give back their seat, so no cart ever holds more than this one hold
            TestClient winner = clients.get(answers.indexOf(winners.getFirst()));
            String holdId = winners.getFirst().hold().holdId();
            if (round % 2 == 0) {
                assertInstanceOf(
                        Response.CartPurchaseOk.class,
                        winner.call(new Request.CartPurchase(winner.nextId(), "buy-solo-" + r, List.of(holdId))));
            } else {
                assertInstanceOf(
                        Response.HoldReleaseOk.class,
                        winner.call(new Request.HoldRelease(winner.nextId(), "release-solo-" + r, holdId)));
            }
        }
        assertConsistent();
    }

    @Test
    void overlappingItinerariesNeverShareASeat() throws Exception {
        List<List<Segment>> connections = Itineraries.connections(server.core().network(), ROUNDS);
        assertTrue(connections.size() >= 4, "the sample network has connections");
        for (int round = 0; round < connections.size(); round++) {
            Segment first = connections.get(round).get(0);
            Segment second = connections.get(round).get(1);
            String seat = "9C"; // a seat the single-segment race never uses
            int r = round;
            // a third want both legs, a third the first leg only, a third the second leg only
            List<Response> answers = race(i -> switch (i % 3) {
                case 0 ->
                    new Request.HoldCreate(
                            "m" + r,
                            "multi-" + r + "-" + i,
                            List.of(first.id(), second.id()),
                            1,
                            List.of(List.of(seat), List.of(seat)));
                case 1 ->
                    new Request.HoldCreate(
                            "f" + r, "first-" + r + "-" + i, List.of(first.id()), 1, List.of(List.of(seat)));
                default ->
                    new Request.HoldCreate(
                            "s" + r, "second-" + r + "-" + i, List.of(second.id()), 1, List.of(List.of(seat)));
            });
            losersGot(answers, ErrorCode.SEAT_TAKEN);
            Map<String, Integer> holders = new HashMap<>();
            for (Response.HoldCreateOk ok : winners(answers)) {
                ok.hold().segments().forEach(s -> holders.merge(s.segment() + "/" + s.seats(), 1, Integer::sum));
            }
            assertEquals(
                    Map.of(first.id() + "/[" + seat + "]", 1, second.id() + "/[" + seat + "]", 1),
                    holders,
                    "round " + round + ": each seat of each leg won exactly once");
            assertConsistent();
            for (int i = 0; i < CLIENTS; i++) {
                if (answers.get(i) instanceof Response.HoldCreateOk ok) {
                    TestClient c = clients.get(i);
                    assertInstanceOf(
                            Response.HoldReleaseOk.class,
                            c.call(new Request.HoldRelease(
                                    c.nextId(),
                                    "release-" + r + "-" + i,
                                    ok.hold().holdId())));
                }
            }
        }
        assertConsistent();
    }

    private interface RequestFor {
        Request make(int client);
    }

    /** Every client sends its request at once (after a common gate); answers in client order. */
    private static List<Response> race(RequestFor requests) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CLIENTS; i++) {
                TestClient c = clients.get(i);
                Request request = requests.make(i);
                futures.add(pool.submit(() -> {
                    gate.await();
                    return c.call(request);
                }));
            }
            gate.countDown();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> f : futures) {
                answers.add(f.get());
            }
            return answers;
        }
    }

    private static List<Response.HoldCreateOk> winners(List<Response> answers) {
        return answers.stream()
                .filter(Response.HoldCreateOk.class::isInstance)
                .map(Response.HoldCreateOk.class::cast)
                .toList();
    }

    private static void losersGot(List<Response> answers, ErrorCode code) {
        for (Response r : answers) {
            if (!(r instanceof Response.HoldCreateOk)) {
                Response.Error e = assertInstanceOf(Response.Error.class, r);
                assertEquals(code, e.error().code(), e::toString);
            }
        }
    }

    /** Seat maps, holds and bookings agree, and every client's view matches the server's state. */
    private static void assertConsistent() {
        assertEquals(List.of(), ServerFixture.violations(server));
        AuditSnapshot audit = server.core().auditSnapshot();
        for (TestClient c : clients) {
            Response.CartGetOk cart =
                    assertInstanceOf(Response.CartGetOk.class, c.call(new Request.CartGet(c.nextId())));
            long serverHolds = audit.holds().stream()
                    .filter(h -> h.account().equals(c.username()))
                    .count();
            assertEquals(serverHolds, cart.holds().size(), c.username());
            Response.BookingListOk bookings =
                    assertInstanceOf(Response.BookingListOk.class, c.call(new Request.BookingList(c.nextId())));
            long serverBookings = audit.bookings().stream()
                    .filter(b -> b.account().equals(c.username()))
                    .count();
            assertEquals(serverBookings, bookings.bookings().size(), c.username());
        }
    }
}
