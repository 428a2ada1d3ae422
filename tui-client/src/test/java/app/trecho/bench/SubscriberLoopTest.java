package app.trecho.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bench's raw subscribers against a scripted server on real loopback sockets: what the server
 * sends is chosen by the test, so split lines, other segments, refusals and lost connections can be
 * shown. (BenchAgainstRealServerTest runs them against the real server.)
 */
class SubscriberLoopTest {
    private static final Duration TIMEOUT = ScriptedServer.TIMEOUT;
    private static final String SUBSCRIBE_OK = "{\"type\":\"subscribe.ok\",\"id\":\"2\",\"topics\":[\"board\"]}\n";

    private final BlockingQueue<String> problems = new LinkedBlockingQueue<>();
    private ScriptedServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private static String hello(int heartbeatMs) {
        return ScriptedServer.HELLO_OK.formatted("1", heartbeatMs);
    }

    @Test
    void everySubscriberReportsTheWatchedSegmentOnceEvenWhenItsLineIsSplit() throws Exception {
        server = new ScriptedServer(2, request -> request.contains("\"hello\"") ? hello(60_000) : SUBSCRIBE_OK);
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
            for (ScriptedServer.Peer peer : server.awaitPeers(count)) {
                peer.send(other + watched.substring(0, 30));
                peer.send(watched.substring(30));
            }
            assertTrue(all.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), () -> all.getCount() + " never saw it");
            // A fence: once every subscriber reported it, every line sent before it was read.
            CountDownLatch fenced = new CountDownLatch(count);
            loop.watch(SubscriberLoop.Watch.segment("FENCE", nanos -> fenced.countDown()));
            for (ScriptedServer.Peer peer : server.awaitPeers(count)) {
                peer.send(watched + watched.replace("TR1-2026-11-27", "FENCE"));
            }
            assertTrue(fenced.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS), () -> fenced.getCount() + " unfenced");
            // the other segment never counted, and the watched one counted once per subscriber
            assertEquals(count, seen.get());
        }
        assertEquals(List.of(), List.copyOf(problems));
    }

    @Test
    void aSubscriberSilentForTheHeartbeatSendsAPing() throws Exception {
        server = new ScriptedServer(
                2,
                request -> request.contains("\"ping\"")
                        ? null
                        : request.contains("\"hello\"") ? hello(100) : SUBSCRIBE_OK);
        try (SubscriberLoop loop = SubscriberLoop.open("127.0.0.1", server.port(), 3, TIMEOUT, problems)) {
            assertEquals(3, loop.subscribed());
            for (ScriptedServer.Peer peer : server.awaitPeers(3)) {
                assertTrue(peer.awaitPing(TIMEOUT), "no ping within " + TIMEOUT);
            }
        }
        assertEquals(List.of(), List.copyOf(problems));
    }

    @Test
    void aRefusedSubscriptionFailsTheSetUpWithTheServersReason() throws IOException {
        server = new ScriptedServer(
                2,
                request -> request.contains("\"hello\"")
                        ? hello(60_000)
                        : "{\"type\":\"error\",\"id\":\"2\",\"error\":{\"code\":\"BUSY\",\"message\":\"full\"}}\n");
        BenchContext.SetupException e = assertThrows(
                BenchContext.SetupException.class,
                () -> SubscriberLoop.open("127.0.0.1", server.port(), 5, TIMEOUT, problems));
        assertTrue(e.getMessage().contains("BUSY full"), e::getMessage);
    }

    @Test
    void aSubscriberLostAfterTheSetUpIsReportedAsAProblem() throws Exception {
        server = new ScriptedServer(2, request -> request.contains("\"hello\"") ? hello(60_000) : SUBSCRIBE_OK);
        try (SubscriberLoop loop = SubscriberLoop.open("127.0.0.1", server.port(), 2, TIMEOUT, problems)) {
            assertEquals(2, loop.subscribed());
            server.awaitPeers(2).getFirst().close();
            String problem = problems.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(problem != null && problem.contains("lost its connection"), () -> "problem: " + problem);
        }
    }
}
