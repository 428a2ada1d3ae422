package app.trecho.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.server.TrechoServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every limit answers with its documented error; the ones that close do so after the error line. */
class LimitsTest {

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
        // Answers are written on the connection's own reader thread: once the socket is full, that
        // thread is stuck in a write; the idle sweep must close the socket to free it.
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
