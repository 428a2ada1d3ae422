package app.trecho.server.store;

import static app.trecho.server.store.Fixtures.account;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
        assertNull(step(499));
        assertEquals(0, slowWrites.slow());
        assertEquals(0, asked.get(), "the queue is looked at only for a slow step");
    }

    @Test
    void theFirstSlowStepIsLoggedAndTheNextOnesWithinAMinuteAreCountedIntoTheLineAfter() {
        String first = step(500);
        assertEquals("a commit took 500 ms; batches of changes queued behind it: 42; is the disk slow?", first);
        long saidAt = clock.get();
        assertNull(step(2_000), "within a minute: counted, not said");
        clock.set(saidAt + SlowWrites.QUIET.toNanos() - 700 * MS - 1);
        assertNull(step(700), "ending a nanosecond before the minute is up: still quiet");
        String later = step(600);
        assertEquals(
                "a commit took 600 ms; batches of changes queued behind it: 42;"
                        + " 2 more since the last such line, the longest 2000 ms; is the disk slow?",
                later);
        assertEquals(4, slowWrites.slow());
        assertEquals(2, asked.get(), "the queue is read for the lines said");
        assertNull(step(501), "and quiet again after it");
    }

    @Test
    void aRealCommitCountsOnceEverythingIsSlow() throws Exception {
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            store.slowWrites().threshold(Duration.ZERO);
            store.append(List.of(account("ana"))).join();
            // The writer reports a step after answering it: once the next commit is answered, the
            // first one and the checkpoint turn after it have been reported.
            store.append(List.of(account("bia"))).join();
            assertTrue(store.slowWrites().slow() >= 2, "the commit and the turn after it were timed");
        }
    }

    private String step(long millis) {
        long started = slowWrites.now();
        clock.addAndGet(millis * MS);
        return slowWrites.took("a commit", slowWrites.since(started), waiting);
    }
}
