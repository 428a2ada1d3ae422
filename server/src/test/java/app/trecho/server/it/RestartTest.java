package app.trecho.server.it;

import static app.trecho.server.it.DurableServer.segmentOn;
import static app.trecho.server.it.DurableServer.today;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.Hold;
import app.trecho.server.TrechoServer;
import app.trecho.server.booking.MutableClock;
import app.trecho.server.state.Change;
import app.trecho.server.store.SqliteStore;
import app.trecho.server.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of state comes back after a graceful restart on the same data directory. */
class RestartTest {
    /** 09:00 in São Paulo: the sample network flies seven days from 2026-11-27. */
    private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    private Path data() {
        return dir.resolve("data");
    }

    @Test
    void accountsSessionsBookingsAndCancelsSurviveARestart() throws Exception {
        String token;
        String kept;
        String segment;
        try (TrechoServer server = DurableServer.start(data(), clock);
                TestClient ana = TestClient.handshaken(server.port())) {
            token = ana.register("ana");
            segment = segmentOn(ana, today(T0).plusDays(1));
            kept = buy(ana, segment, List.of("3A", "3B"), "keep-0001").reference();
            String dropped = buy(ana, segment, List.of("4A"), "drop-0001").reference();
            assertInstanceOf(
                    Response.BookingCancelOk.class,
                    ana.call(new Request.BookingCancel(ana.nextId(), "cancel-0001", dropped)));
        }

        try (TrechoServer server = DurableServer.start(data(), clock);
                TestClient byPassword = TestClient.handshaken(server.port());
                TestClient byToken = TestClient.handshaken(server.port())) {
            assertInstanceOf(
                    Response.AccountLoginOk.class,
                    byPassword.call(new Request.AccountLogin(byPassword.nextId(), "ana", "password-of-ana")));
            assertEquals(
                    "ana",
                    assertInstanceOf(
                                    Response.SessionResumeOk.class,
                                    byToken.call(new Request.SessionResume(byToken.nextId(), token)))
                            .username());
            List<Booking> bookings = assertInstanceOf(
                            Response.BookingListOk.class, byToken.call(new Request.BookingList(byToken.nextId())))
                    .bookings();
            assertEquals(
                    List.of(kept), bookings.stream().map(Booking::reference).toList());
            assertEquals(
                    List.of("3A", "3B"),
                    bookings.getFirst().segments().getFirst().seats());
            assertEquals('S', seat(byToken, segment, "3A"), "3A is ana's");
            assertEquals('S', seat(byToken, segment, "3B"), "3B is ana's");
            assertEquals('.', seat(byToken, segment, "4A"), "4A was cancelled");
            assertTrue(
                    ServerFixture.violations(server).isEmpty(),
                    () -> ServerFixture.violations(server).toString());
        }
    }

    @Test
    void aHoldKeepsItsRemainingTimeAndOneThatExpiredWhileDownIsReleasedAtStartUp() throws Exception {
        String segment;
        Hold early;
        Hold late;
        try (TrechoServer server = DurableServer.start(data(), clock);
                TestClient ana = TestClient.registered(server.port(), "ana")) {
            segment = segmentOn(ana, today(T0).plusDays(2));
            early = hold(ana, segment, "5A", "early-0001");
            clock.advance(Duration.ofMinutes(6));
            late = hold(ana, segment, "5B", "late-00001");
        }
        clock.advance(Duration.ofMinutes(6)); // down for 6 minutes: early expired, late has 4 minutes left

        try (TrechoServer server = DurableServer.start(data(), clock);
                TestClient ana = TestClient.handshaken(server.port())) {
            ana.call(new Request.AccountLogin(ana.nextId(), "ana", "password-of-ana"));
            List<Hold> cart = assertInstanceOf(Response.CartGetOk.class, ana.call(new Request.CartGet(ana.nextId())))
                    .holds();
            assertEquals(List.of(late.holdId()), cart.stream().map(Hold::holdId).toList());
            assertEquals(T0.plus(Duration.ofMinutes(16)), cart.getFirst().expiresAt(), "the remaining time is kept");
            assertEquals('.', seat(ana, segment, "5A"), "5A is free again");
            assertEquals('H', seat(ana, segment, "5B"), "5B is still ana's hold");
        }
        // the release at start-up went through the log
        try (SqliteStore store = SqliteStore.open(data(), app.trecho.server.store.Durability.NORMAL)) {
            List<String> stored = store.load().stream()
                    .filter(c -> c instanceof Change.HoldPlaced)
                    .map(c -> ((Change.HoldPlaced) c).holdId())
                    .toList();
            assertEquals(List.of(late.holdId()), stored, "expired " + early.holdId() + " is gone from the store");
        }
    }

    @Test
    void aPurchaseRetriedAfterARestartReturnsTheSameBookingAndBooksNothingTwice() throws Exception {
        Booking first;
        String segment;
        try (TrechoServer server = DurableServer.start(data(), clock);
                TestClient ana = TestClient.registered(server.port(), "ana")) {
            segment = segmentOn(ana, today(T0).plusDays(1));
            first = buy(ana, segment, List.of("7C"), "buy-once-01");
            // in the same run too: the answer is read back from the store, not kept in memory
            Response retried = ana.call(new Request.CartPurchase(ana.nextId(), "buy-once-01", null));
            assertEquals(
                    first,
                    assertInstanceOf(Response.CartPurchaseOk.class, retried).booking());
        }

        try (TrechoServer server = DurableServer.start(data(), clock);
                TestClient ana = TestClient.handshaken(server.port())) {
            ana.call(new Request.AccountLogin(ana.nextId(), "ana", "password-of-ana"));
            Response retried = ana.call(new Request.CartPurchase(ana.nextId(), "buy-once-01", null));
            assertEquals(
                    first,
                    assertInstanceOf(Response.CartPurchaseOk.class, retried).booking());
            List<Booking> bookings = assertInstanceOf(
                            Response.BookingListOk.class, ana.call(new Request.BookingList(ana.nextId())))
                    .bookings();
            assertEquals(
                    List.of(first.reference()),
                    bookings.stream().map(Booking::reference).toList());
            // the same key for another request is still a conflict after the restart
            ana.callExpectingError(
                    new Request.HoldCreate(ana.nextId(), "buy-once-01", List.of(segment), 1, null),
                    ErrorCode.IDEMPOTENCY_CONFLICT);
        }
    }

    @Test
    void theNetworkSurvivesARestartOnALaterDay() throws Exception {
        String segment;
        Booking booking;
        try (TrechoServer server = DurableServer.start(data(), clock);
                TestClient ana = TestClient.registered(server.port(), "ana")) {
            segment = segmentOn(ana, today(T0).plusDays(1));
            booking = buy(ana, segment, List.of("9A"), "buy-later-1");
        }
        clock.advance(Duration.ofDays(3)); // a fresh sample network would start three days later

        try (TrechoServer server = DurableServer.start(data(), clock);
                TestClient ana = TestClient.handshaken(server.port())) {
            assertTrue(server.core().network().segment(segment).isPresent(), "the stored network is flown");
            ana.call(new Request.AccountLogin(ana.nextId(), "ana", "password-of-ana"));
            List<Booking> bookings = assertInstanceOf(
                            Response.BookingListOk.class, ana.call(new Request.BookingList(ana.nextId())))
                    .bookings();
            assertEquals(List.of(booking), bookings);
            assertEquals('S', seat(ana, segment, "9A"));
        }
    }

    @Test
    void aNetworkFileLackingABookedSegmentStopsStartUpNamingIt() throws Exception {
        String segment;
        try (TrechoServer server = DurableServer.start(data(), clock);
                TestClient ana = TestClient.registered(server.port(), "ana")) {
            segment = segmentOn(ana, today(T0).plusDays(1));
            buy(ana, segment, List.of("2A"), "buy-gone-01");
        }
        Path file = Files.writeString(dir.resolve("tiny.json"), """
                {"cities": [{"code": "GRU", "name": "São Paulo"}, {"code": "GIG", "name": "Rio"}],
                 "dates": {"from": "2026-11-27", "to": "2026-11-30"},
                 "flights": [{"flight": "ZZ1", "from": "GRU", "to": "GIG", "departs": "07:00", "minutes": 55,
                              "rows": 10, "seats": "ABCD", "priceCents": 10000}]}
                """);

        StoreException refused = assertThrows(
                StoreException.class, () -> DurableServer.start(data(), clock, "--network", file.toString()));
        assertTrue(refused.getMessage().contains(segment), refused.getMessage());

        // nothing was replaced: the stored network still starts
        try (TrechoServer server = DurableServer.start(data(), clock)) {
            assertTrue(server.core().network().segment(segment).isPresent());
        }
    }

    private static Hold hold(TestClient c, String segment, String seat, String key) {
        Response r = c.call(new Request.HoldCreate(c.nextId(), key, List.of(segment), 1, List.of(List.of(seat))));
        return assertInstanceOf(Response.HoldCreateOk.class, r, r::toString).hold();
    }

    private static Booking buy(TestClient c, String segment, List<String> seats, String key) {
        Response held =
                c.call(new Request.HoldCreate(c.nextId(), key + "-h", List.of(segment), seats.size(), List.of(seats)));
        assertInstanceOf(Response.HoldCreateOk.class, held, held::toString);
        Response bought = c.call(new Request.CartPurchase(c.nextId(), key, null));
        return assertInstanceOf(Response.CartPurchaseOk.class, bought, bought::toString)
                .booking();
    }

    /** The state of one seat on the seat map as {@code c} sees it. */
    static char seat(TestClient c, String segment, String seat) {
        Response.SeatMapGetOk map =
                assertInstanceOf(Response.SeatMapGetOk.class, c.call(new Request.SeatMapGet(c.nextId(), segment)));
        int row = Integer.parseInt(seat.substring(0, seat.length() - 1));
        int column = map.columns().indexOf(seat.charAt(seat.length() - 1));
        return map.seats().charAt((row - 1) * map.columns().length() + column);
    }
}
