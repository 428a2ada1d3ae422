package app.trecho.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.server.TrechoServer;
import app.trecho.server.it.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The health and status subcommands against a real in-process server (and against failures). */
class CommandsTest {
    private TrechoServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The exit code and what the command printed. */
    private record Run(int code, String out) {}

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = Commands.run(List.of(args), env, out);
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }

    /** A port nothing listens on (bound, then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void healthPingsARunningServerAndSaysHowLongItTook() throws Exception {
        server = AdminStatusTest.start();
        Run r = run(Map.of("TRECHO_PORT", String.valueOf(server.port())), "health");
        assertEquals(0, r.code(), r.out());
        assertTrue(
                r.out().matches("healthy: 127\\.0\\.0\\.1:" + server.port() + " answered ping in \\d+ ms\\R"), r.out());
    }

    @Test
    void flagsWinOverTheEnvironment() throws Exception {
        server = AdminStatusTest.start();
        Run r = run(
                Map.of("TRECHO_PORT", String.valueOf(closedPort())),
                "health",
                "--host",
                "127.0.0.1",
                "--port=" + server.port());
        assertEquals(0, r.code(), r.out());
    }

    @Test
    void aSpecificBindAddressIsWhereHealthConnects() throws Exception {
        server = AdminStatusTest.start();
        Run r = run(Map.of("TRECHO_PORT", String.valueOf(server.port()), "TRECHO_BIND", "localhost"), "health");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().startsWith("healthy: localhost:" + server.port()), r.out());
    }

    @Test
    void healthOfNothingListeningIsOneUnhealthyLineAndExitOne() throws Exception {
        int port = closedPort();
        Run r = run(Map.of(), "health", "--port", String.valueOf(port));
        assertEquals(1, r.code());
        assertEquals(
                "unhealthy: cannot connect to 127.0.0.1:" + port + ": Connection refused" + System.lineSeparator(),
                r.out());
    }

    @Test
    void aListenerThatNeverAnswersIsUnhealthyAfterTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return silent.accept();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Run r = run(Map.of(), "health", "--port", String.valueOf(silent.getLocalPort()));
            assertEquals(1, r.code());
            assertEquals(
                    "unhealthy: 127.0.0.1:" + silent.getLocalPort() + " did not answer hello within 3 s"
                            + System.lineSeparator(),
                    r.out());
            accepted.get(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS).close();
        }
    }

    @Test
    void badArgumentsAreUnhealthyWithExitOneNeverTwo() {
        Run unknown = run(Map.of(), "health", "--verbose");
        assertEquals(1, unknown.code());
        assertTrue(unknown.out().startsWith("unhealthy: unknown argument --verbose"), unknown.out());
        Run badPort = run(Map.of("TRECHO_PORT", "seventy"), "health");
        assertEquals(1, badPort.code());
        assertTrue(badPort.out().contains("TRECHO_PORT: 'seventy' is not a port number"), badPort.out());
        assertEquals(1, run(Map.of(), "health", "--port").code());
    }

    @Test
    void statusPrintsTheOperatorViewWithTheTokenFromTheEnvironment() throws Exception {
        server = AdminStatusTest.start("--operator-token", AdminStatusTest.TOKEN);
        try (TestClient ana = TestClient.registered(server.port(), "ana")) {
            AdminStatusTest.hold(ana, AdminStatusTest.futureSegment(ana), "ana-hold-1");
            Run r = run(
                    Map.of(
                            "TRECHO_PORT",
                            String.valueOf(server.port()),
                            "TRECHO_OPERATOR_TOKEN",
                            AdminStatusTest.TOKEN),
                    "status");
            assertEquals(0, r.code(), r.out());
            List<String> lines = r.out().lines().toList();
            assertEquals(3, lines.size(), r.out());
            assertTrue(
                    lines.get(0).matches("trecho-server/\\S+ at 127\\.0\\.0\\.1:\\d+, protocol 1\\.\\d+, up \\d+s"),
                    r.out());
            assertTrue(
                    lines.get(1).matches("connections 2, accounts 1, live holds 1, bookings 0, \\d+ requests/s"),
                    r.out());
            assertEquals("store memory: ok (state is lost when the server stops)", lines.get(2));
        }
    }

    @Test
    void statusWithAWrongTokenExitsOneSayingForbidden() throws Exception {
        server = AdminStatusTest.start("--operator-token", AdminStatusTest.TOKEN);
        Run r = run(
                Map.of("TRECHO_PORT", String.valueOf(server.port()), "TRECHO_OPERATOR_TOKEN", "not-the-token-at-all"),
                "status");
        assertEquals(1, r.code());
        assertEquals(
                "status: 127.0.0.1:" + server.port() + " answered FORBIDDEN: wrong operator token"
                        + System.lineSeparator(),
                r.out());
    }

    @Test
    void statusWithoutATokenExitsOneBeforeConnecting() throws Exception {
        Run r = run(Map.of("TRECHO_PORT", String.valueOf(closedPort())), "status");
        assertEquals(1, r.code());
        assertEquals(
                "status: set TRECHO_OPERATOR_TOKEN to the server's operator token" + System.lineSeparator(), r.out());
    }

    @Test
    void statusOfNothingListeningExitsOne() throws Exception {
        int port = closedPort();
        Run r = run(Map.of("TRECHO_OPERATOR_TOKEN", AdminStatusTest.TOKEN), "status", "--port", String.valueOf(port));
        assertEquals(1, r.code());
        assertTrue(r.out().startsWith("status: cannot connect to 127.0.0.1:" + port), r.out());
    }

    @Test
    void healthLeavesNoConnectionBehind() throws Exception {
        server = AdminStatusTest.start("--operator-token", AdminStatusTest.TOKEN);
        for (int i = 0; i < 3; i++) {
            assertEquals(
                    0,
                    run(Map.of("TRECHO_PORT", String.valueOf(server.port())), "health")
                            .code());
        }
        try (TestClient operator = TestClient.handshaken(server.port())) {
            long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
            int open;
            do {
                Response r = operator.call(new Request.AdminStatus(operator.nextId(), AdminStatusTest.TOKEN));
                open = ((Response.AdminStatusOk) r).connections();
            } while (open != 1 && System.nanoTime() < deadline);
            assertEquals(1, open);
        }
    }

    @Test
    void commandsAreRecognisedOnlyAsTheFirstArgument() {
        assertTrue(Commands.isCommand(List.of("health")));
        assertTrue(Commands.isCommand(List.of("status", "--port", "1")));
        assertFalse(Commands.isCommand(List.of("--port", "7070")));
        assertFalse(Commands.isCommand(List.of("--network", "health")));
        assertFalse(Commands.isCommand(List.of()));
    }

    @Test
    void uptimeReadsLikeAClock() {
        assertEquals("0s", Commands.uptime(0));
        assertEquals("1m 5s", Commands.uptime(65));
        assertEquals("2h 3m 10s", Commands.uptime(2 * 3600 + 190));
        assertEquals("3d 0h 1m", Commands.uptime(3 * 86_400 + 60));
    }
}
