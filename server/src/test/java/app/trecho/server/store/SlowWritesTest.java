package app.trecho.server.store;

import static app.trecho.server.store.Fixtures.account;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer says when a step held every change up, without flooding the log while the disk is slow. */
class SlowWritesTest {
    private static final long MS = 1_000_000;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong();
    private final AtomicInteger asked = new AtomicInteger();
    private final IntSupplier waiting = () -> {
        asked.incrementAndGet();
        return 42;
    };
    private final SlowWrites slowWrites = new SlowWrites(Path.of("trecho.db"), clock::get);

    @Test
    void aQuickStepIsNeitherCountedNorLoggedAndCostsNoLookAtTheQueue() {
        assertFalse(step(499));
        assertEquals(0, slowWrites.slow());
        assertEquals(0, asked.get(), "the queue is looked at only for a slow step");
    }

    @Test
    void theFirstSlowStepIsLoggedAndTheNextOnesWithinAMinuteAreCountedIntoTheLineAfter() {
        assertTrue(step(500), "the first slow step is said at once");
        assertFalse(step(2_000), "within a minute: counted, not said");
        assertFalse(step(700));
        clock.addAndGet(SlowWrites.QUIET.toNanos());
        assertTrue(step(600), "a minute later it is said again, with the two in between");
        assertEquals(4, slowWrites.slow());
        assertEquals(2, asked.get(), "the queue is read for the lines said");
    }

    @Test
    void aRealCommitCountsOnceEverythingIsSlow() throws Exception {
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            store.slowWrites().threshold(Duration.ZERO);
            store.append(List.of(account("ana"))).join();
            assertTrue(store.slowWrites().slow() >= 1, "the commit was timed");
        }
    }

    private boolean step(long millis) {
        long started = slowWrites.now();
        clock.addAndGet(millis * MS);
        return slowWrites.ended("a commit", started, waiting);
    }
}
