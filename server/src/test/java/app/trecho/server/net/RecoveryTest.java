package app.trecho.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.server.state.Change;
import app.trecho.server.state.StoredResults;
import app.trecho.server.state.StoredRow;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The edge's reload after a failed write, with the store's side played by a stub. */
class RecoveryTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @Test
    void aReloadWhoseResultsCannotBeRestoredPutsTheStoreBackToRefusingWrites() throws Exception {
        var refused = new CountDownLatch(1);
        var needed = new AtomicBoolean(true);
        StateReload reload = new StateReload() {
            @Override
            public boolean needed() {
                return needed.get();
            }

            @Override
            public void reload() {
                needed.set(false); // as the store's loadState() ends its failed state
            }

            @Override
            public void results(Consumer<? super Change.IdempotencyRecorded> into) {
                // a result without its text, and a cache with no store to read it from: restore fails
                into.accept(new Change.IdempotencyRecorded(
                        "ana", "key-ana-0001", "hold.create|x", null, NOW, StoredRow.of(7)));
            }

            @Override
            public void refuse(Throwable cause) {
                needed.set(true);
                refused.countDown();
            }
        };
        var idempotency =
                new IdempotencyCache(1_000, Duration.ofHours(24), InstantSource.fixed(NOW), StoredResults.NONE);
        var scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            var recovery = new Recovery(reload, idempotency, new Connections(1), () -> {}, scheduler, System::nanoTime);

            recovery.reloadSoon();

            assertTrue(refused.await(20, TimeUnit.SECONDS), "the half-restored reload was refused");
            assertTrue(needed.get(), "writes stay refused until a reload restores everything");
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** A recovery whose clock stands still, on {@code scheduler}. */
    private static Recovery onHeldScheduler(StateReload reload, HeldScheduler scheduler) {
        var idempotency =
                new IdempotencyCache(1_000, Duration.ofHours(24), InstantSource.fixed(NOW), StoredResults.NONE);
        return new Recovery(reload, idempotency, new Connections(1), () -> {}, scheduler, () -> 1_000_000_000_000L);
    }

    @Test
    void aStoreThatKeepsFailingIsReloadedLessOftenAndSoonAgainOnceAChangeIsStored() {
        var store = new FlakyStore();
        try (var scheduler = new HeldScheduler()) {
            var recovery = onHeldScheduler(store, scheduler);

            recovery.reloadSoon();
            for (int i = 0; i < 7; i++) {
                scheduler.runDue(); // fails, and schedules the next
            }

            assertEquals(7, store.reloads.get());
            assertEquals(
                    List.of(0L, 1L, 2L, 4L, 8L, 16L, 32L, 32L),
                    scheduler.delaysInSeconds(),
                    "the first at once, then each wait doubles up to Recovery.MAX_INTERVAL");

            store.works.set(true);
            scheduler.runDue();
            assertFalse(store.needed.get(), "the reload worked");
            assertTrue(scheduler.due.isEmpty(), "nothing more to reload");

            recovery.stored(); // a change reached the store
            store.needed.set(true); // and the next one failed
            recovery.reloadSoon();

            assertEquals(Duration.ofSeconds(1), scheduler.delays.getLast(), "back to one second");
        }
    }

    @Test
    void aRequestThatAsksForAReloadWhileOneRunsDoesNotScheduleTheNextEarly() {
        var store = new FlakyStore();
        try (var scheduler = new HeldScheduler()) {
            var recovery = onHeldScheduler(store, scheduler);
            store.during = recovery::reloadSoon; // a request refused meanwhile asks again

            recovery.reloadSoon();
            scheduler.runDue();
            scheduler.runDue();

            assertEquals(1, scheduler.due.size(), "one reload waits, not two");
            assertEquals(
                    List.of(0L, 1L, 2L), scheduler.delaysInSeconds(), "each scheduled from the end of the one before");
        }
    }

    @Test
    void theWaitDoublesFromOneSecondUpToTheCap() {
        assertEquals(Duration.ofSeconds(1), Recovery.interval(0));
        assertEquals(Duration.ofSeconds(1), Recovery.interval(1));
        assertEquals(Duration.ofSeconds(2), Recovery.interval(2));
        assertEquals(Recovery.MAX_INTERVAL, Recovery.interval(7));
        assertEquals(Recovery.MAX_INTERVAL, Recovery.interval(Integer.MAX_VALUE));
    }
}
