package app.trecho.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bench's raw subscribers against a scripted server on real loopback sockets: what the server
 * sends is chosen by the test, so split lines, other segments, refusals and lost connections can be
 * shown. (BenchAgainstRealServerTest runs them against the real server.)
 */
class SubscriberLoopTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String HELLO_OK =
            "{\"type\":\"hello.ok\",\"id\":\"1\",\"version\":1,\"minor\":3,\"server\":\"fake\",\"maxLineBytes\":65536,"
                    + "\"holdTtlSeconds\":600,\"heartbeatMs\":%d}\n";
    private static final String SUBSCRIBE_OK = "{\"type\":\"subscribe.ok\",\"id\":\"2\",\"topics\":[\"board\"]}\n";

    private final BlockingQueue<String> problems = new LinkedBlockingQueue<>();
    private FakeServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everySubscriberReportsTheWatchedSegmentOnceEvenWhenItsLineIsSplit() throws Exception {
        server = new FakeServer(request -> request.contains("\"hello\"") ? HELLO_OK.formatted(60_000) : SUBSCRIBE_OK);
        int count = 20;
        try (SubscriberLoop loop = SubscriberLoop.open("127.0.0.1", server.port(), count, TIMEOUT, problems)) {
            assertEquals(count, loop.subscribed());
            AtomicInteger seen = new AtomicInteger();
            CountDownLatch all = new CountDownLatch(count);
            loop.watch(SubscriberLoop.Watch.segment("TR1-2026-11-27", nanos -> {
                seen.incrementAndGet();
                all.countDown();
            }));
            String other =
                    "{\"type\":\"event.availability\",\"seq\":1,\"segment\":\"TR2-2026-11-27\",\"seatsFree\":1,\"seatsTotal\":2}\n";
            String watched =
                    "{\"type\":\"event.availability\",\"seq\":2,\"segment\":\"TR1-2026-11-27\",\"seatsFree\":1,\"seatsTotal\":2}\n";
            for (FakeServer.Peer peer : server.awaitPeers(count)) {
                peer.send(other + watched.substring(0, 30));
                peer.send(watched.substring(30));
            }
            assertTrue(all.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), () -> all.getCount() + " never saw it");
            // each connection's other-segment event came before its watched one, so it was read by now
            assertEquals(count, seen.get());
        }
        assertEquals(List.of(), List.copyOf(problems));
    }

    @Test
    void aSubscriberSilentForTheHeartbeatSendsAPing() throws Exception {
        server = new FakeServer(request -> request.contains("\"hello\"") ? HELLO_OK.formatted(100) : SUBSCRIBE_OK);
        try (SubscriberLoop loop = SubscriberLoop.open("127.0.0.1", server.port(), 3, TIMEOUT, problems)) {
            for (FakeServer.Peer peer : server.awaitPeers(3)) {
                assertTrue(peer.awaitPing(TIMEOUT), "no ping within " + TIMEOUT);
            }
        }
        assertEquals(List.of(), List.copyOf(problems));
    }

    @Test
    void aRefusedSubscriptionFailsTheSetUpWithTheServersReason() throws IOException {
        server = new FakeServer(request -> request.contains("\"hello\"")
                ? HELLO_OK.formatted(60_000)
                : "{\"type\":\"error\",\"id\":\"2\",\"error\":{\"code\":\"BUSY\",\"message\":\"full\"}}\n");
        BenchContext.SetupException e = assertThrows(
                BenchContext.SetupException.class,
                () -> SubscriberLoop.open("127.0.0.1", server.port(), 5, TIMEOUT, problems));
        assertTrue(e.getMessage().contains("BUSY full"), e::getMessage);
    }

    @Test
    void aSubscriberLostAfterTheSetUpIsReportedAsAProblem() throws Exception {
        server = new FakeServer(request -> request.contains("\"hello\"") ? HELLO_OK.formatted(60_000) : SUBSCRIBE_OK);
        try (SubscriberLoop loop = SubscriberLoop.open("127.0.0.1", server.port(), 2, TIMEOUT, problems)) {
            server.awaitPeers(2).getFirst().close();
            String problem = problems.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(problem != null && problem.contains("lost its connection"), () -> "problem: " + problem);
        }
    }

    /** Answers each request line with what {@code script} gives, and lets the test write to each peer. */
    private static final class FakeServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        private final List<Peer> peers = new CopyOnWriteArrayList<>();
        private final Semaphore handshakes = new Semaphore(0);
        private final Function<String, String> script;

        FakeServer(Function<String, String> script) throws IOException {
            this.script = script;
            Thread.ofVirtual().start(this::accept);
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            try {
                while (true) {
                    Peer peer = new Peer(socket.accept());
                    peers.add(peer);
                    Thread.ofVirtual().start(peer::serve);
                }
            } catch (IOException e) {
                // closed by the test
            }
        }

        /** Waits until {@code count} peers have both their handshake lines answered. */
        List<Peer> awaitPeers(int count) throws InterruptedException {
            if (!handshakes.tryAcquire(count, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("only " + handshakes.availablePermits() + " handshakes within " + TIMEOUT);
            }
            handshakes.release(count);
            return List.copyOf(peers);
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Peer peer : peers) {
                peer.close();
            }
        }

        final class Peer {
            private final Socket connection;
            private int answered;
            private final CountDownLatch pinged = new CountDownLatch(1);

            Peer(Socket connection) {
                this.connection = connection;
            }

            private void serve() {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (line.contains("\"ping\"")) {
                            pinged.countDown();
                        } else {
                            send(script.apply(line));
                            if (++answered == 2) {
                                handshakes.release();
                            }
                        }
                    }
                } catch (IOException e) {
                    // the connection was closed
                }
            }

            synchronized void send(String text) throws IOException {
                OutputStream out = connection.getOutputStream();
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }

            boolean awaitPing(Duration timeout) throws InterruptedException {
                return pinged.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }

            void close() throws IOException {
                connection.close();
            }
        }
    }
}
