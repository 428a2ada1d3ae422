package app.trecho.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bench's load driver against a scripted server on real loopback sockets. (BenchAgainstRealServerTest
 * runs it against the real server.)
 */
class LoopDriverTest {
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    private final Metrics metrics = new Metrics();
    private ScriptedServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private static String id(String request) {
        Matcher m = ID.matcher(request);
        return m.find() ? m.group(1) : null;
    }

    /** Greets, then answers every ping with {@code answer} applied to its id. */
    private void serve(Function<String, String> answer) throws IOException {
        server = new ScriptedServer(
                1,
                request -> request.contains("\"hello\"")
                        ? ScriptedServer.HELLO_OK.formatted(id(request), 60_000)
                        : answer.apply(id(request)));
    }

    private void runPings(int customers, long millis) throws IOException {
        List<LoopDriver.Conversation> pings = Collections.nCopies(customers, null).stream()
                .map(x -> Conversations.ping())
                .toList();
        LoopDriver driver = LoopDriver.open("127.0.0.1", server.port(), pings, metrics, 0, 20_000_000_000L);
        metrics.startMeasuring();
        long start = System.nanoTime();
        driver.run(start, start + millis * 1_000_000, new SplittableRandom(1));
        metrics.stopMeasuring();
    }

    @Test
    void everyAnswerIsTimedAndARefusalCountsUnderItsCodeWithoutStoppingTheCustomer() throws Exception {
        serve(id -> id.equals("2")
                ? "{\"type\":\"error\",\"id\":\"2\",\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"slow down\"}}\n"
                : "{\"type\":\"ping.ok\",\"id\":\"" + id + "\",\"serverTime\":\"2026-11-27T10:15:00Z\"}\n");
        runPings(3, 1_000);
        assertEquals(Map.of("RATE_LIMITED", 3L), metrics.errors()); // each customer's second ping
        long answered = metrics.histograms().get("ping").getTotalCount();
        assertTrue(answered >= 3, "each customer went on after its refusal: " + answered + " answered");
    }

    @Test
    void aRateLimitedCustomerWaitsTheRetryAfterItWasToldBeforeAskingAgain() throws Exception {
        AtomicLong refusedAt = new AtomicLong();
        AtomicLong askedAgainAt = new AtomicLong();
        serve(id -> {
            if (id.equals("2")) {
                refusedAt.set(System.nanoTime());
                return "{\"type\":\"error\",\"id\":\"2\",\"error\":{\"code\":\"RATE_LIMITED\","
                        + "\"message\":\"slow down\",\"details\":{\"retryAfterMs\":400}}}\n";
            }
            if (id.equals("3")) {
                askedAgainAt.set(System.nanoTime());
            }
            return "{\"type\":\"ping.ok\",\"id\":\"" + id + "\",\"serverTime\":\"2026-11-27T10:15:00Z\"}\n";
        });
        runPings(1, 1_500);
        assertEquals(Map.of("RATE_LIMITED", 1L), metrics.errors());
        assertTrue(askedAgainAt.get() != 0, "the customer asked again within the run");
        long waitedMillis = (askedAgainAt.get() - refusedAt.get()) / 1_000_000;
        assertTrue(waitedMillis >= 400, "asked again after " + waitedMillis + " ms, not the 400 ms it was told");
    }

    @Test
    void anAnswerToAnotherRequestDropsTheCustomerAsALostConnection() throws Exception {
        serve(id -> "{\"type\":\"ping.ok\",\"id\":\"999\",\"serverTime\":\"2026-11-27T10:15:00Z\"}\n");
        runPings(2, 200);
        assertEquals(Map.of("CONNECTION", 2L), metrics.errors());
        assertNull(metrics.histograms().get("ping"));
    }

    @Test
    void aServerThatClosesTheConnectionCostsTheQuestionInFlight() throws Exception {
        serve(id -> null); // never answers: the test closes the connections under the questions
        List<LoopDriver.Conversation> pings = List.of(Conversations.ping(), Conversations.ping());
        LoopDriver driver = LoopDriver.open("127.0.0.1", server.port(), pings, metrics, 0, 20_000_000_000L);
        metrics.startMeasuring();
        Thread closer = Thread.ofVirtual().start(() -> {
            try {
                for (ScriptedServer.Peer peer : server.awaitPeers(2)) {
                    peer.close();
                }
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        long start = System.nanoTime();
        // ends early: with every customer gone there is nothing left to wait for
        driver.run(start, start + ScriptedServer.TIMEOUT.toNanos(), new SplittableRandom(1));
        closer.join();
        assertEquals(Map.of("CONNECTION", 2L), metrics.errors());
    }

    @Test
    void aCustomerWaitingForItsSlotSendsHeartbeats() throws Exception {
        server = new ScriptedServer(
                1,
                request -> request.contains("\"hello\"")
                        ? ScriptedServer.HELLO_OK.formatted(id(request), 100)
                        : request.contains("\"ping\"")
                                ? null
                                : "{\"type\":\"city.list.ok\",\"id\":\"" + id(request) + "\",\"cities\":[]}\n");
        // one question a second: the customer waits up to a second for its slot, ten heartbeats
        LoopDriver.Conversation cities = new LoopDriver.Conversation() {
            @Override
            public LoopDriver.Question next(String id) {
                return new LoopDriver.Question("cities", "{\"type\":\"city.list\",\"id\":\"" + id + "\"}", null);
            }

            @Override
            public void answered(String wanted) {}

            @Override
            public void refused(String code) {}
        };
        LoopDriver driver = LoopDriver.open("127.0.0.1", server.port(), List.of(cities), metrics, 1, 20_000_000_000L);
        metrics.startMeasuring();
        Thread run = Thread.ofPlatform().start(() -> {
            long start = System.nanoTime();
            try {
                driver.run(start, start + 3_000_000_000L, new SplittableRandom(1));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(server.awaitPeers(1).getFirst().awaitPing(ScriptedServer.TIMEOUT), "no heartbeat");
        run.join();
        assertEquals(Map.of(), metrics.errors()); // heartbeat answers are not mistaken for answers
    }

    /**
     * Two answers found by one select are both timed before either customer asks again: a send costs
     * a system call that delivers into the server, and an answer read after many of them would be
     * timed late by all of them.
     */
    @Test
    void answersFoundTogetherAreAllTakenBeforeAnyNextQuestionIsSent() throws Exception {
        serve(id -> "{\"type\":\"ping.ok\",\"id\":\"" + id + "\",\"serverTime\":\"2026-11-27T10:15:00Z\"}\n");
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<LoopDriver> driving = new AtomicReference<>();
        // The driver asks a, b, then c; c's first question waits, on the driver's thread, until a's
        // and b's answers are readable, so the driver's next select finds both.
        Runnable answersWaiting = () -> {
            try {
                long deadline = System.nanoTime() + ScriptedServer.TIMEOUT.toNanos();
                while (driving.get().readableNow() < 2) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("a's and b's answers never became readable");
                    }
                    Thread.onSpinWait();
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        };
        List<LoopDriver.Conversation> customers =
                List.of(noted("a", log, () -> {}), noted("b", log, () -> {}), noted("c", log, answersWaiting));
        LoopDriver driver = LoopDriver.open("127.0.0.1", server.port(), customers, metrics, 0, 20_000_000_000L);
        driving.set(driver);
        metrics.startMeasuring();
        long start = System.nanoTime();
        driver.run(start, start + 1_000_000_000L, new SplittableRandom(1)); // ample for two round trips

        List<String> seen = List.copyOf(log);
        int lastAnswer = Math.max(seen.indexOf("answered a 1"), seen.indexOf("answered b 1"));
        int firstQuestion = Math.min(seen.indexOf("asked a 2"), seen.indexOf("asked b 2"));
        assertTrue(
                seen.indexOf("answered a 1") >= 0 && seen.indexOf("answered b 1") >= 0 && firstQuestion >= 0,
                () -> "both answered and asked again: " + seen);
        assertTrue(lastAnswer < firstQuestion, () -> "a question went out between the two answers: " + seen);
        assertEquals(Map.of(), metrics.errors());
    }

    /**
     * Two pings, noting each question and answer in {@code log}; runs {@code beforeFirst} before its
     * first question.
     */
    private static LoopDriver.Conversation noted(String name, List<String> log, Runnable beforeFirst) {
        return new LoopDriver.Conversation() {
            private String asked;

            @Override
            public LoopDriver.Question next(String id) {
                if (id.equals("1")) {
                    beforeFirst.run();
                } else if (!id.equals("2")) {
                    return null; // two questions show the order
                }
                asked = id;
                log.add("asked " + name + " " + id);
                return new LoopDriver.Question("ping", "{\"type\":\"ping\",\"id\":\"" + id + "\"}", null);
            }

            @Override
            public void answered(String wanted) {
                log.add("answered " + name + " " + asked);
            }

            @Override
            public void refused(String code) {
                log.add("refused " + name + " " + code);
            }
        };
    }

    @Test
    void aRefusedGreetingFailsTheSetUp() throws IOException {
        server = new ScriptedServer(
                1,
                request ->
                        "{\"type\":\"error\",\"id\":\"hello\",\"error\":{\"code\":\"BUSY\",\"message\":\"full\"}}\n");
        BenchContext.SetupException e = assertThrows(
                BenchContext.SetupException.class,
                () -> LoopDriver.open(
                        "127.0.0.1", server.port(), List.of(Conversations.ping()), metrics, 0, 20_000_000_000L));
        assertTrue(e.getMessage().contains("BUSY full"), e::getMessage);
    }

    @Test
    void readsAnAnswersTypeFromItsFirstMember() {
        byte[] line = "xx{\"type\":\"board.ok\",\"id\":\"7\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals("board.ok", LoopDriver.type(line, 2, line.length - 2));
        assertNull(LoopDriver.type(line, 0, line.length)); // does not start with the type
        byte[] unterminated = "{\"type\":\"board".getBytes(StandardCharsets.UTF_8);
        assertNull(LoopDriver.type(unterminated, 0, unterminated.length));
    }
}
