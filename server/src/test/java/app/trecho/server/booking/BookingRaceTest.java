package app.trecho.server.booking;

import static app.trecho.server.booking.TestNetworks.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.model.Hold;
import app.trecho.server.state.Change;
import app.trecho.server.state.ChangeLog;
import app.trecho.server.state.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many real threads race for the same seat and for overlapping multi-segment itineraries, round
 * after round: exactly one winner per seat, and afterwards seat maps, holds and bookings agree,
 * and replaying the log in append order rebuilds the same seats (the log saw decisions in order).
 */
class BookingRaceTest {

    private static final int THREADS = 24;
    private static final int ROUNDS = 40;
    private static final List<List<String>> ITINERARIES = List.of(
            List.of(id("TR100"), id("TR200")),
            List.of(id("TR200")),
            List.of(id("TR100"), id("TR400"), id("TR500")),
            List.of(id("TR101"), id("TR400"), id("TR500")),
            List.of(id("TR300")),
            List.of(id("TR100")));

    @Test
    void exactlyOneWinnerPerSeatAndStateAgreesAfterEveryRound() throws Exception {
        Network network = TestNetworks.small();
        for (int round = 0; round < ROUNDS; round++) {
            RecordingLog log = new RecordingLog();
            MutableClock clock = new MutableClock(TestNetworks.START);
            BookingCore core = new BookingCore(network, clock, Duration.ofMinutes(10), log);
            AtomicInteger contestedWinners = new AtomicInteger();
            Map<String, Integer> seatsWon = new ConcurrentHashMap<>();
            int seed = round;
            // Nobody releases or buys until every racer has tried for 2B: one round, one contest.
            CyclicBarrier contestOver = new CyclicBarrier(THREADS);
            race(THREADS, thread -> {
                String account = "user" + thread;
                Outcome<Hold> contested =
                        core.hold(account, List.of(id("TR100"), id("TR200")), 1, List.of(List.of("2B"), List.of("2B")));
                if (contested instanceof Outcome.Ok<Hold>) {
                    contestedWinners.incrementAndGet();
                } else {
                    assertEquals(ErrorCode.SEAT_TAKEN, ((Outcome.Rejected<Hold>) contested).code());
                }
                contestOver.await(30, TimeUnit.SECONDS);
                Random random = new Random(seed * 1000L + thread);
                for (int step = 0; step < 6; step++) {
                    List<String> itinerary = ITINERARIES.get(random.nextInt(ITINERARIES.size()));
                    int passengers = 1 + random.nextInt(3);
                    if (core.hold(account, itinerary, passengers, null) instanceof Outcome.Ok<Hold> ok) {
                        ok.value()
                                .segments()
                                .forEach(s -> s.seats()
                                        .forEach(seat -> seatsWon.merge(s.segment() + "/" + seat, 1, Integer::sum)));
                    }
                    switch (random.nextInt(4)) {
                        case 0 -> core.purchase(account, null);
                        case 1 ->
                            core.cart(account).stream().findFirst().ifPresent(h -> core.release(account, h.holdId()));
                        case 2 ->
                            core.bookings(account).stream()
                                    .findFirst()
                                    .ifPresent(b -> core.cancel(account, b.reference()));
                        default -> {}
                    }
                }
            });
            assertEquals(1, contestedWinners.get(), "round " + round + ": one winner for 2B");
            AuditSnapshot audit = core.auditSnapshot();
            assertEquals(List.of(), audit.violations(network), "round " + round);
            assertReplayRebuilds(network, log.changes(), audit);
            assertTrue(seatsWon.size() > 0);
        }
    }

    @Test
    void overlappingItinerariesNeverOversellALeg() throws Exception {
        Network network = TestNetworks.small();
        for (int round = 0; round < ROUNDS; round++) {
            BookingCore core = new BookingCore(
                    network, new MutableClock(TestNetworks.START), Duration.ofMinutes(10), ChangeLog.NONE);
            AtomicInteger seatsHeldOnTr100 = new AtomicInteger();
            race(THREADS, thread -> {
                List<String> itinerary = thread % 2 == 0 ? List.of(id("TR100"), id("TR200")) : List.of(id("TR100"));
                if (core.hold("user" + thread, itinerary, 2, null) instanceof Outcome.Ok<Hold>) {
                    seatsHeldOnTr100.addAndGet(2);
                }
            });
            assertEquals(8, seatsHeldOnTr100.get(), "4 parties of 2 fit in 9 seats, no more");
            assertEquals(List.of(), core.auditSnapshot().violations(network));
            assertEquals(1, core.auditSnapshot().segments().get(id("TR100")).seatsFree());
        }
    }

    static void assertReplayRebuilds(Network network, List<Change> changes, AuditSnapshot expected) {
        BookingCore rebuilt =
                new BookingCore(network, new MutableClock(TestNetworks.START), Duration.ofMinutes(10), ChangeLog.NONE);
        changes.forEach(rebuilt::replay);
        AuditSnapshot actual = rebuilt.auditSnapshot();
        expected.segments().forEach((segment, audit) -> {
            assertEquals(audit.seats(), actual.segments().get(segment).seats(), segment);
            assertEquals(audit.owners(), actual.segments().get(segment).owners(), segment);
        });
    }

    interface Body {
        void run(int thread) throws Exception;
    }

    /** Runs {@code body} on {@code threads} real threads released together; rethrows the first failure. */
    static void race(int threads, Body body) throws Exception {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            started.add(Thread.ofPlatform().start(() -> {
                ready.countDown();
                try {
                    go.await();
                    body.run(thread);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        assertTrue(ready.await(30, TimeUnit.SECONDS));
        go.countDown();
        for (Thread thread : started) {
            assertTrue(thread.join(Duration.ofSeconds(60)), "a racer did not finish");
        }
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("a racer failed", failures.getFirst());
            failures.stream().skip(1).forEach(error::addSuppressed);
            throw error;
        }
    }
}
