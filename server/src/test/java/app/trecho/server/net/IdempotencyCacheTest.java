package app.trecho.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.trecho.server.state.StoredResults;
import app.trecho.server.state.StoredRow;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class IdempotencyCacheTest {

    /** A clock that fails once {@link #broken} is set: the one way into the cache's table from outside. */
    private static final class BreakableClock implements InstantSource {
        final AtomicBoolean broken = new AtomicBoolean();

        @Override
        public Instant instant() {
            if (broken.get()) {
                throw new OutOfMemoryError("simulated");
            }
            return Instant.parse("2026-11-27T21:00:00Z");
        }
    }

    @Test
    void aDuplicateWaitingOnARunIsReleasedEvenWhenRecordingTheRunsResultFails() throws Exception {
        BreakableClock clock = new BreakableClock();
        IdempotencyCache cache = new IdempotencyCache(1_000, Duration.ofHours(24), clock, StoredResults.NONE);
        var first =
                assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("ana", "key-00001", "hold", true));

        CompletableFuture<IdempotencyCache.Claim> duplicate = new CompletableFuture<>();
        Thread waiter = Thread.ofPlatform()
                .daemon()
                .start(() -> duplicate.complete(cache.claim("ana", "key-00001", "hold", true)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiter.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // until the duplicate waits on the first run
        }
        assertEquals(Thread.State.WAITING, waiter.getState());

        clock.broken.set(true);
        assertThrows(OutOfMemoryError.class, () -> cache.complete(first.ticket(), "the answer", StoredRow.NONE));

        var replayed = assertInstanceOf(IdempotencyCache.Claim.Replay.class, duplicate.get(10, TimeUnit.SECONDS));
        assertEquals("the answer", replayed.response());
        waiter.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(waiter.isAlive());
    }
}
