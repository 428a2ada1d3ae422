package app.trecho.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.server.TrechoServer;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every limit answers with its documented error; the ones that close do so after the error line. */
class LimitsTest {
    @TempDir
    Path dir;

    @Test
    void connectionOverTheLimitGetsBusyThenClose() throws Exception {
        try (TrechoServer server = ServerFixture.start("--max-connections", "2");
                TestClient a = TestClient.handshaken(server.port());
                TestClient b = TestClient.handshaken(server.port())) {
            try (TestClient over = TestClient.connect(server.port())) {
                Response.Error busy = assertInstanceOf(Response.Error.class, over.nextResponse());
                assertEquals(ErrorCode.BUSY, busy.error().code());
                assertNull(busy.id());
                assertTrue(over.awaitClosed(TestClient.WAIT));
            }
            a.close();
            TestClient later = awaitAdmitted(server);
            later.close();
            assertInstanceOf(Response.PingOk.class, b.call(new Request.Ping(b.nextId())));
        }
    }

    /** Once a slot frees, a new connection is admitted (the server notices the close asynchronously). */
    private static TestClient awaitAdmitted(TrechoServer server) throws Exception {
        long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
        while (true) {
            TestClient c = TestClient.connect(server.port());
            c.send(new Request.Hello("h", List.of(1), null));
            if (c.nextResponse() instanceof Response.HelloOk) {
                return c;
            }
            c.close();
            assertTrue(System.nanoTime() < deadline, "a freed slot is reused");
        }
    }

    @Test
    void noHelloInTimeGetsTimeoutThenClose() throws Exception {
        try (TrechoServer server = ServerFixture.start("--handshake-timeout", "300ms");
                TestClient silent = TestClient.connect(server.port())) {
            Response.Error timeout = assertInstanceOf(Response.Error.class, silent.nextResponse());
            assertEquals(ErrorCode.TIMEOUT, timeout.error().code());
            assertTrue(silent.awaitClosed(TestClient.WAIT));
        }
    }

    @Test
    void idleConnectionGetsTimeoutThenClose() throws Exception {
        try (TrechoServer server = ServerFixture.start("--idle-timeout", "400ms");
                TestClient idle = TestClient.handshaken(server.port())) {
            Response.Error timeout = assertInstanceOf(Response.Error.class, idle.nextResponse());
            assertEquals(ErrorCode.TIMEOUT, timeout.error().code());
            assertTrue(idle.awaitClosed(TestClient.WAIT));
        }
    }

    @Test
    void aClientThatStopsReadingIsDisconnectedAfterTheIdleTimeout() throws Exception {
        // Once the socket is full the server stops reading this client; the idle sweep must close it,
        // as its TIMEOUT error can never be delivered.
        try (TrechoServer server = ServerFixture.start("--idle-timeout", "400ms");
                TestClient stuck = TestClient.connectNotReading(server.port())) {
            stuck.send(new Request.Hello("h", List.of(1), null));
            for (int i = 0; i < 200; i++) {
                stuck.send(new Request.BoardGet("b" + i, null, null)); // the whole week: ~70 KB each
            }
            long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
            while (server.connectionCount() > 0) {
                assertTrue(System.nanoTime() < deadline, "the stuck connection is closed");
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // polls a condition, with a deadline
            }
        }
    }

    @Test
    void aBurstOfPipelinedRequestsIsAnsweredInFullAndInOrder() throws Exception {
        // More requests in one write than the outbound queue holds (--outbound-queue 16): answers are
        // written as the burst is read, never queued all at once (which would drop the client).
        int burst = 3_000;
        try (TrechoServer server = ServerFixture.start(
                        "--outbound-queue", "16", "--rate-limit", "1000000", "--rate-burst", "1000000");
                TestClient eager = TestClient.handshaken(server.port())) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < burst; i++) {
                lines.append("{\"type\":\"ping\",\"id\":\"p").append(i).append("\"}\n");
            }
            eager.sendBytes(lines.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (int i = 0; i < burst; i++) {
                Response.PingOk pong = assertInstanceOf(Response.PingOk.class, eager.nextResponse());
                assertEquals("p" + i, pong.id());
            }
            assertInstanceOf(Response.PingOk.class, eager.call(new Request.Ping(eager.nextId())));
        }
    }

    @Test
    void requestsSentWhileMutationsWaitForTheStoreAreAnsweredInOrder() throws Exception {
        // Each hold waits for its commit while the pings behind it arrive: the connection reads them
        // ahead (~90 KB in all: more than one read and the read-ahead limit) and takes them only after the hold's
        // answer.
        int holds = 90; // the cart takes 100
        int pingsPerHold = 10;
        // (durable: in memory a hold is answered at once and nothing is read ahead)
        try (TrechoServer server = DurableServer.start(
                        dir.resolve("data"),
                        InstantSource.system(),
                        "--rate-limit",
                        "1000000",
                        "--rate-burst",
                        "1000000");
                TestClient c = TestClient.registered(server.port(), "pipeliner")) {
            List<app.trecho.protocol.model.SegmentInfo> board =
                    ((Response.BoardGetOk) c.call(new Request.BoardGet(c.nextId(), null, null))).segments();
            for (int i = 0; i < holds; i++) {
                String segment = board.get(i % board.size()).segment();
                c.send(new Request.HoldCreate("h" + i, "pipelined-hold-" + i, List.of(segment), 1, null));
                for (int k = 0; k < pingsPerHold; k++) {
                    c.send(new Request.Ping(pingId(i, k)));
                }
            }
            for (int i = 0; i < holds; i++) {
                Response hold = c.nextResponse();
                assertEquals(
                        "h" + i,
                        assertInstanceOf(Response.HoldCreateOk.class, hold, hold::toString)
                                .id());
                for (int k = 0; k < pingsPerHold; k++) {
                    assertEquals(
                            pingId(i, k),
                            assertInstanceOf(Response.PingOk.class, c.nextResponse())
                                    .id());
                }
            }
            assertInstanceOf(Response.PingOk.class, c.call(new Request.Ping(c.nextId())));
        }
    }

    /** A request id of the longest kind (64 characters), so a few requests make many bytes. */
    private static String pingId(int hold, int ping) {
        String id = "p" + hold + "-" + ping + "-";
        return id + "x".repeat(64 - id.length());
    }

    @Test
    void aClientThatClosesItsSideGetsEveryAnswerThenTheServerCloses() throws Exception {
        try (TrechoServer server = ServerFixture.start();
                TestClient c = TestClient.registered(server.port(), "leaver")) {
            List<app.trecho.protocol.model.SegmentInfo> board =
                    ((Response.BoardGetOk) c.call(new Request.BoardGet(c.nextId(), null, null))).segments();
            String segment = board.getLast().segment();
            // a mutation between two pings: its answer waits for the store, after the input ended
            c.send(new Request.Ping("before"));
            c.send(new Request.HoldCreate("hold", "leaver-hold", List.of(segment), 1, null));
            c.send(new Request.Ping("after"));
            c.closeOutput();
            assertEquals(
                    "before",
                    assertInstanceOf(Response.PingOk.class, c.nextResponse()).id());
            assertEquals(
                    "hold",
                    assertInstanceOf(Response.HoldCreateOk.class, c.nextResponse())
                            .id());
            assertEquals(
                    "after",
                    assertInstanceOf(Response.PingOk.class, c.nextResponse()).id());
            assertTrue(c.awaitClosed(TestClient.WAIT));
        }
    }

    @Test
    void aLineCutByTheEndOfTheStreamIsReportedThenTheServerCloses() throws Exception {
        try (TrechoServer server = ServerFixture.start();
                TestClient c = TestClient.handshaken(server.port())) {
            c.sendBytes("{\"type\":\"ping\",\"id\":\"cut\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            c.closeOutput();
            Response.Error cut = assertInstanceOf(Response.Error.class, c.nextResponse());
            assertEquals(ErrorCode.BAD_REQUEST, cut.error().code());
            assertTrue(c.awaitClosed(TestClient.WAIT));
        }
    }

    @Test
    void unsupportedVersionGetsErrorThenClose() throws Exception {
        try (TrechoServer server = ServerFixture.start();
                TestClient future = TestClient.connect(server.port())) {
            future.callExpectingError(new Request.Hello("h", List.of(2, 3), null), ErrorCode.UNSUPPORTED_VERSION);
            assertTrue(future.awaitClosed(TestClient.WAIT));
        }
    }

    @Test
    void tooManyRequestsAreRateLimitedAndTheConnectionStaysUsable() throws Exception {
        try (TrechoServer server = ServerFixture.start("--rate-limit", "1", "--rate-burst", "4");
                TestClient eager = TestClient.handshaken(server.port())) {
            for (int i = 0; i < 10; i++) {
                eager.send(new Request.Ping("p" + i));
            }
            int limited = 0;
            for (int i = 0; i < 10; i++) {
                if (eager.nextResponse() instanceof Response.Error e) {
                    assertEquals(ErrorCode.RATE_LIMITED, e.error().code());
                    assertTrue(((Number) e.error().details().get("retryAfterMs")).longValue() > 0);
                    limited++;
                }
            }
            assertTrue(limited >= 6, "the burst (4, one used by hello) is all that gets through: " + limited);
        }
    }

    @Test
    void repeatedFailedLoginsForAnAccountAreRateLimited() throws Exception {
        try (TrechoServer server = ServerFixture.start("--login-failures-per-account", "2");
                TestClient owner = TestClient.registered(server.port(), "victim");
                TestClient attacker = TestClient.handshaken(server.port())) {
            for (int i = 0; i < 2; i++) {
                attacker.callExpectingError(
                        new Request.AccountLogin(attacker.nextId(), "victim", "wrong-password"),
                        ErrorCode.INVALID_CREDENTIALS);
            }
            Response.Error limited = attacker.callExpectingError(
                    new Request.AccountLogin(attacker.nextId(), "victim", "password-of-victim"),
                    ErrorCode.RATE_LIMITED);
            assertTrue(((Number) limited.error().details().get("retryAfterMs")).longValue() > 0);
            assertInstanceOf(Response.PingOk.class, owner.call(new Request.Ping(owner.nextId())));
        }
    }

    @Test
    void repeatedFailedLoginsFromAnAddressAreRateLimited() throws Exception {
        try (TrechoServer server = ServerFixture.start("--login-failures-per-address", "3");
                TestClient sprayer = TestClient.handshaken(server.port())) {
            for (int i = 0; i < 3; i++) {
                sprayer.callExpectingError(
                        new Request.AccountLogin(sprayer.nextId(), "nobody" + i, "wrong-password"),
                        ErrorCode.INVALID_CREDENTIALS);
            }
            sprayer.callExpectingError(
                    new Request.AccountLogin(sprayer.nextId(), "nobody9", "wrong-password"), ErrorCode.RATE_LIMITED);
        }
    }
}
