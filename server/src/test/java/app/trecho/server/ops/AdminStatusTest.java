package app.trecho.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Protocol;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.server.TrechoServer;
import app.trecho.server.it.ServerFixture;
import app.trecho.server.it.TestClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** admin.status over real sockets against an in-process server. */
class AdminStatusTest {
    static final String TOKEN = "operator-token-for-tests-0123";

    private TrechoServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Polling loops below must not trip the per-connection rate limit. */
    static TrechoServer start(String... flags) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("--rate-limit", "1000000", "--rate-burst", "1000000"));
        all.addAll(List.of(flags));
        return ServerFixture.start(all.toArray(String[]::new));
    }

    private Response.AdminStatusOk status(TestClient c) {
        Response r = c.call(new Request.AdminStatus(c.nextId(), TOKEN));
        return assertInstanceOf(Response.AdminStatusOk.class, r, r::toString);
    }

    @Test
    void helloAnnouncesAMinorThatIncludesAdminStatus() throws Exception {
        server = start("--operator-token", TOKEN);
        try (TestClient c = TestClient.connect(server.port())) {
            Response r = c.call(new Request.Hello(c.nextId(), List.of(1), "test"));
            assertEquals(
                    Protocol.MINOR, assertInstanceOf(Response.HelloOk.class, r).minor());
            assertTrue(Protocol.MINOR >= 1, "admin.status arrived in 1.1");
        }
    }

    @Test
    void statusCountsConnectionsAccountsHoldsAndBookingsAsTheyChange() throws Exception {
        server = start("--operator-token", TOKEN);
        try (TestClient operator = TestClient.handshaken(server.port());
                TestClient ana = TestClient.registered(server.port(), "ana");
                TestClient bia = TestClient.registered(server.port(), "bia")) {
            Response.AdminStatusOk before = status(operator);
            assertEquals(3, before.connections());
            assertEquals(2, before.accounts());
            assertEquals(0, before.liveHolds());
            assertEquals(0, before.bookings());
            assertEquals("memory", before.store().mode());
            assertTrue(before.store().ok());

            SegmentInfo segment = futureSegment(ana);
            Hold anaHold = hold(ana, segment, "ana-hold-1");
            hold(bia, segment, "bia-hold-1");
            assertEquals(2, status(operator).liveHolds());

            Response bought = ana.call(new Request.CartPurchase(ana.nextId(), "ana-buy-1", List.of(anaHold.holdId())));
            Booking booking = assertInstanceOf(Response.CartPurchaseOk.class, bought, bought::toString)
                    .booking();
            Response.AdminStatusOk after = status(operator);
            assertEquals(1, after.liveHolds());
            assertEquals(1, after.bookings());

            ana.call(new Request.BookingCancel(ana.nextId(), "ana-cancel-1", booking.reference()));
            assertEquals(0, status(operator).bookings());
        }
        try (TestClient operator = TestClient.handshaken(server.port())) {
            assertEquals(1, awaitConnections(operator, 1).connections());
        }
    }

    @Test
    void theRequestRateRisesOnceASecondHasClosed() throws Exception {
        server = start("--operator-token", TOKEN);
        try (TestClient operator = TestClient.handshaken(server.port())) {
            long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
            Response.AdminStatusOk s = status(operator);
            // every status request counts; the scheduler closes a second each second
            while (s.requestsPerSecond() == 0) {
                if (System.nanoTime() > deadline) {
                    fail("requestsPerSecond stayed 0 for " + TestClient.WAIT);
                }
                operator.call(new Request.Ping(operator.nextId()));
                s = status(operator);
            }
            assertTrue(s.uptimeSeconds() >= 1, s::toString);
        }
    }

    @Test
    void aWrongTokenIsForbiddenAndTheConnectionStaysUsable() throws Exception {
        server = start("--operator-token", TOKEN);
        try (TestClient c = TestClient.handshaken(server.port())) {
            Response.Error e =
                    c.callExpectingError(new Request.AdminStatus(c.nextId(), TOKEN + "x"), ErrorCode.FORBIDDEN);
            assertEquals("wrong operator token", e.error().message());
            assertInstanceOf(Response.PingOk.class, c.call(new Request.Ping(c.nextId())));
            status(c);
        }
    }

    @Test
    void withoutAConfiguredTokenAdminStatusIsAlwaysForbidden() throws Exception {
        server = start();
        try (TestClient c = TestClient.handshaken(server.port())) {
            Response.Error e = c.callExpectingError(new Request.AdminStatus(c.nextId(), TOKEN), ErrorCode.FORBIDDEN);
            assertTrue(e.error().message().contains("TRECHO_OPERATOR_TOKEN"), e::toString);
        }
    }

    @Test
    void adminStatusNeedsTheHandshakeButNoLogin() throws Exception {
        server = start("--operator-token", TOKEN);
        try (TestClient c = TestClient.connect(server.port())) {
            c.callExpectingError(new Request.AdminStatus(c.nextId(), TOKEN), ErrorCode.HANDSHAKE_REQUIRED);
            c.call(new Request.Hello(c.nextId(), List.of(1), "test"));
            status(c);
            c.register("carla");
            status(c);
        }
    }

    private Response.AdminStatusOk awaitConnections(TestClient operator, int expected) {
        long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
        while (true) {
            Response.AdminStatusOk s = status(operator);
            if (s.connections() == expected) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                fail("connections stayed " + s.connections() + ", expected " + expected);
            }
        }
    }

    /** A segment that departs at least a day from now (holdable), from the live board. */
    static SegmentInfo futureSegment(TestClient c) {
        Response r = c.call(new Request.BoardGet(c.nextId(), null, null));
        Instant soon = Instant.now().plus(Duration.ofDays(1));
        return assertInstanceOf(Response.BoardGetOk.class, r, r::toString).segments().stream()
                .filter(s -> s.departure().isAfter(soon) && s.seatsFree() > 2)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no segment departs after " + soon));
    }

    static Hold hold(TestClient c, SegmentInfo segment, String key) {
        Response r = c.call(new Request.HoldCreate(c.nextId(), key, List.of(segment.segment()), 1, null));
        return assertInstanceOf(Response.HoldCreateOk.class, r, r::toString).hold();
    }
}
