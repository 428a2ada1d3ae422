package app.trecho.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.server.state.StorageException;
import app.trecho.server.state.StoredResults;
import app.trecho.server.state.StoredRow;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token bucket, login limiter and idempotency cache on a fake clock. */
class LimitersTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void tokenBucketAllowsTheBurstThenRefillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(10, 3, nanos::get);
        assertEquals(0, bucket.tryAcquire());
        assertEquals(0, bucket.tryAcquire());
        assertEquals(0, bucket.tryAcquire());
        assertEquals(100, bucket.tryAcquire(), "one token every 100 ms");
        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        assertEquals(0, bucket.tryAcquire());
    }

    @Test
    void loginLimiterCountsFailuresPerAccountAndPerAddressOverTheWindow() {
        LoginLimiter limiter = new LoginLimiter(2, 3, Duration.ofMinutes(1), nanos::get);
        limiter.failed("bob", "10.0.0.1");
        limiter.failed("bob", "10.0.0.2");
        assertEquals(60_000, limiter.retryAfterMs("bob", "10.0.0.9"));
        assertEquals(0, limiter.retryAfterMs("carol", "10.0.0.1"));
        limiter.failed("carol", "10.0.0.1");
        limiter.failed("dave", "10.0.0.1");
        assertTrue(limiter.retryAfterMs("erin", "10.0.0.1") > 0, "the address hit its limit");
        nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        limiter.purge();
        assertEquals(0, limiter.retryAfterMs("bob", "10.0.0.1"));
    }

    @Test
    void idempotencyCacheKeepsAtMostTheBoundPerAccountAndForgetsOldKeys() {
        AtomicLong seconds = new AtomicLong();
        InstantSource clock = () -> Instant.EPOCH.plusSeconds(seconds.get());
        IdempotencyCache cache = new IdempotencyCache(3, Duration.ofHours(24), clock, StoredResults.NONE);
        for (int i = 0; i < 5; i++) {
            var claim = assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("a", "k" + i, "f", true));
            cache.complete(claim.ticket(), "r" + i, StoredRow.NONE);
        }
        assertEquals(3, cache.size("a"));
        assertInstanceOf(
                IdempotencyCache.Claim.Execute.class, cache.claim("a", "k0", "f", true), "the oldest was evicted");
        replayed(cache, "a", "k4", "f");
        assertInstanceOf(
                IdempotencyCache.Claim.Execute.class, cache.claim("b", "k4", "f", true), "keys are per account");
        seconds.addAndGet(Duration.ofHours(25).toSeconds());
        assertInstanceOf(
                IdempotencyCache.Claim.Execute.class, cache.claim("a", "k4", "f", true), "expired keys are new");
    }

    @Test
    void idempotencyCacheTellsARetryFromADifferentRequestUnderTheSameKey() {
        IdempotencyCache cache = inMemoryCache();
        String hold =
                "{\"type\":\"hold.create\",\"idempotencyKey\":\"k\",\"segments\":[\"TR1-2026-12-01\"],\"passengers\":1}";
        String other = hold.replace("\"passengers\":1", "\"passengers\":2");
        var first = assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("a", "k", hold, true));
        cache.complete(first.ticket(), "answer", StoredRow.NONE);
        assertEquals("answer", replayed(cache, "a", "k", hold));
        assertInstanceOf(IdempotencyCache.Claim.Conflict.class, cache.claim("a", "k", other, true));

        // restored from the store: the stored fingerprint text is what a retry is compared with
        IdempotencyCache restored = inMemoryCache();
        restored.restore("a", "k", hold, "answer", Instant.now(), StoredRow.NONE);
        assertEquals("answer", replayed(restored, "a", "k", hold));
        assertInstanceOf(IdempotencyCache.Claim.Conflict.class, restored.claim("a", "k", other, true));
    }

    @Test
    void aStoredResultIsReadBackFromTheStoreNotKeptInMemory() {
        Map<Long, String> store = new ConcurrentHashMap<>();
        List<Long> reads = new CopyOnWriteArrayList<>();
        StoredResults stored = (row, account, key) -> {
            reads.add(row);
            return Optional.ofNullable(store.get(row));
        };
        IdempotencyCache cache = new IdempotencyCache(1_000, Duration.ofHours(24), InstantSource.system(), stored);
        var run = assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("a", "k", "f", true));
        store.put(7L, "the answer");
        cache.complete(run.ticket(), "the answer", 7);
        store.put(7L, "as stored"); // tells what the retry read: the store's text, not a copy in memory
        assertEquals("as stored", replayed(cache, "a", "k", "f"));
        assertEquals(List.of(7L), reads);

        cache.restore("a", "old", "g", "restored answer", Instant.now(), 3);
        store.put(3L, "restored answer");
        assertEquals("restored answer", replayed(cache, "a", "old", "g"));
        assertInstanceOf(
                IdempotencyCache.Claim.Conflict.class, cache.claim("a", "old", "other", true), "no read for that");
        assertEquals(List.of(7L, 3L), reads);

        var unstored = assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("a", "mem", "f", true));
        cache.complete(unstored.ticket(), "kept", StoredRow.NONE); // no row: the text stays in memory
        assertEquals("kept", replayed(cache, "a", "mem", "f"));
        assertEquals(List.of(7L, 3L), reads);
    }

    @Test
    void aTicketOutlivesTheTableBeingLaidOutAgain() {
        IdempotencyCache cache = inMemoryCache();
        var run = assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("a", "k", "f", true));
        for (int i = 0; i < 10_000; i++) { // claims abandoned meanwhile: the table compacts and renumbers
            var other = assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("a", "x" + i, "f", true));
            cache.abandon(other.ticket());
        }
        cache.complete(run.ticket(), "the answer", StoredRow.NONE);
        assertEquals("the answer", replayed(cache, "a", "k", "f"));
        assertEquals(1, cache.size("a"));
    }

    @Test
    void aTicketFindsItsResultAfterTheTableRenumberedIt() {
        IdempotencyCache cache = inMemoryCache();
        var old = assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("a", "old", "f", true));
        cache.complete(old.ticket(), "old answer", StoredRow.NONE);
        var hole = assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("a", "hole", "f", true));
        var run = assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("a", "k", "f", true));
        cache.abandon(hole.ticket()); // a hole before "k": laying the ring out again moves "k" down
        for (int i = 0; i < 100; i++) {
            var other = assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("a", "x" + i, "f", true));
            cache.abandon(other.ticket());
        }
        cache.complete(run.ticket(), "the answer", StoredRow.NONE);
        var replay = assertInstanceOf(
                IdempotencyCache.Claim.Replay.class,
                cache.claim("a", "k", "f", false),
                "the result ended, not left in flight under its old number");
        assertEquals("the answer", replay.response());
        assertEquals(2, cache.size("a"));
    }

    @Test
    void duplicatesWaitingOnOneRunAllGetItsResponse() throws Exception {
        IdempotencyCache cache = inMemoryCache();
        var run = assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("a", "k", "f", true));
        var first = waitingClaim(cache, "k");
        var second = waitingClaim(cache, "k");
        cache.complete(run.ticket(), "the answer", StoredRow.NONE);
        for (var duplicate : List.of(first, second)) {
            var replay = assertInstanceOf(
                    IdempotencyCache.Claim.Replay.class, duplicate.get(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("the answer", replay.response());
        }
        var later = assertInstanceOf(IdempotencyCache.Claim.Replay.class, cache.claim("a", "k", "f", false));
        assertEquals("the answer", later.response());
    }

    @Test
    void aDuplicateWaitingWhileARestoreReplacesTheKeyGetsTheRunsAnswerOrTheRestoredOne() throws Exception {
        IdempotencyCache cache = inMemoryCache();
        var run = assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("a", "k", "f", true));
        var duplicate = waitingClaim(cache, "k");
        cache.restore("a", "k", "f", "restored answer", Instant.now(), StoredRow.NONE);
        cache.complete(run.ticket(), "late answer", StoredRow.NONE);
        var replay = assertInstanceOf(
                IdempotencyCache.Claim.Replay.class, duplicate.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals("late answer", replay.response(), "what the run it waited for answered");
        assertEquals("restored answer", replayed(cache, "a", "k", "f"));

        var abandoned = assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("a", "j", "f", true));
        var waitsForIt = waitingClaim(cache, "j");
        cache.restore("a", "j", "f", "restored j", Instant.now(), StoredRow.NONE);
        cache.abandon(abandoned.ticket());
        var again = assertInstanceOf(
                IdempotencyCache.Claim.Replay.class,
                waitsForIt.get(10, java.util.concurrent.TimeUnit.SECONDS),
                "an abandoned run's duplicate claims again and finds the restored result");
        assertEquals("restored j", again.response());
    }

    @Test
    void aTicketWhoseResultWasReplacedMeanwhileLeavesTheNewOneAlone() {
        IdempotencyCache cache = inMemoryCache();
        var run = assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("a", "k", "f", true));
        // a reload restores the key's stored result while this run is still in flight
        cache.restore("a", "k", "f", "restored answer", Instant.now(), StoredRow.NONE);
        cache.complete(run.ticket(), "late answer", StoredRow.NONE);
        assertEquals("restored answer", replayed(cache, "a", "k", "f"));
        assertEquals(1, cache.size("a"));
    }

    @Test
    void aLoopThatMayNotWaitIsToldToClaimElsewhereInsteadOfWaiting() {
        List<Long> reads = new CopyOnWriteArrayList<>();
        StoredResults stored = (row, account, key) -> {
            reads.add(row);
            return Optional.of("from the store");
        };
        IdempotencyCache cache = new IdempotencyCache(1_000, Duration.ofHours(24), InstantSource.system(), stored);
        var run = assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("a", "k", "f", false));
        assertInstanceOf(
                IdempotencyCache.Claim.MustWait.class, cache.claim("a", "k", "f", false), "a duplicate in flight");
        cache.complete(run.ticket(), "answer", 9);
        assertInstanceOf(
                IdempotencyCache.Claim.MustWait.class, cache.claim("a", "k", "f", false), "only the store has it");
        assertEquals(List.of(), reads, "nothing was read on the caller's thread");
        assertEquals("from the store", replayed(cache, "a", "k", "f"));
        assertInstanceOf(IdempotencyCache.Claim.Conflict.class, cache.claim("a", "k", "other", false));

        var kept = assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("a", "mem", "f", false));
        cache.complete(kept.ticket(), "in memory", StoredRow.NONE);
        var replay = assertInstanceOf(IdempotencyCache.Claim.Replay.class, cache.claim("a", "mem", "f", false));
        assertEquals("in memory", replay.response(), "an answer at hand needs no wait");
    }

    @Test
    void aResultTheStoreNoLongerHoldsRunsAgainAndAnUnreadableOneChangesNothing() {
        AtomicInteger failures = new AtomicInteger();
        StoredResults stored = (row, account, key) -> {
            if (failures.getAndDecrement() > 0) {
                throw new StorageException("disk gone", null);
            }
            return Optional.empty(); // pruned
        };
        IdempotencyCache cache = new IdempotencyCache(1_000, Duration.ofHours(24), InstantSource.system(), stored);
        var run = assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("a", "k", "f", true));
        cache.complete(run.ticket(), "answer", 5);

        failures.set(1);
        assertThrows(StorageException.class, () -> cache.claim("a", "k", "f", true));
        assertEquals(1, cache.size("a"), "a failed read forgets nothing");

        var again = assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("a", "k", "f", true));
        cache.complete(again.ticket(), "second answer", StoredRow.NONE);
        assertEquals("second answer", replayed(cache, "a", "k", "f"));
    }

    @Test
    void aCompletedRunIsNotUndoneByAnAbandonAfterIt() {
        IdempotencyCache cache = inMemoryCache();
        var run = assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("a", "k", "f", true));
        cache.complete(run.ticket(), "durable answer", StoredRow.NONE);
        cache.abandon(run.ticket()); // e.g. announcing the change failed after the answer was remembered
        assertEquals("durable answer", replayed(cache, "a", "k", "f"));
    }

    @Test
    void anAbandonedRunLetsItsWaitingDuplicateRunAgain() throws Exception {
        IdempotencyCache cache = inMemoryCache();
        var first = assertInstanceOf(IdempotencyCache.Claim.Execute.class, cache.claim("a", "k", "f", true));
        var duplicate = new java.util.concurrent.CompletableFuture<IdempotencyCache.Claim>();
        Thread waiter = Thread.ofPlatform().start(() -> duplicate.complete(cache.claim("a", "k", "f", true)));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (waiter.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // until the duplicate waits for the first run
        }
        assertEquals(Thread.State.WAITING, waiter.getState(), "the duplicate waits for the first run");
        cache.abandon(first.ticket());
        var again = assertInstanceOf(
                IdempotencyCache.Claim.Execute.class, duplicate.get(10, java.util.concurrent.TimeUnit.SECONDS));
        cache.complete(again.ticket(), "second run", StoredRow.NONE);
        assertEquals("second run", replayed(cache, "a", "k", "f"));
    }

    @Test
    void concurrentClaimsOfOneKeyExecuteOnceAndTheRestReplay() throws Exception {
        IdempotencyCache cache = inMemoryCache();
        AtomicInteger executions = new AtomicInteger();
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> switch (cache.claim("a", "key", "f", true)) {
                    case IdempotencyCache.Claim.Execute e -> {
                        executions.incrementAndGet();
                        cache.complete(e.ticket(), "done", StoredRow.NONE);
                        yield "done";
                    }
                    case IdempotencyCache.Claim.Replay r -> r.response();
                    case IdempotencyCache.Claim.Conflict c -> "conflict";
                    case IdempotencyCache.Claim.MustWait w -> "told to wait where it may";
                }));
            }
            for (Future<String> f : results) {
                assertEquals("done", f.get());
            }
        }
        assertEquals(1, executions.get());
    }

    /** A cache with no store behind it: every result stays in memory. */
    private static IdempotencyCache inMemoryCache() {
        return new IdempotencyCache(1_000, Duration.ofHours(24), InstantSource.system(), StoredResults.NONE);
    }

    /** The response {@code cache} replays for the claim, which must be a replay. */
    /** A claim of account "a"'s {@code key} on its own thread, once that thread waits for the run in flight. */
    private static java.util.concurrent.CompletableFuture<IdempotencyCache.Claim> waitingClaim(
            IdempotencyCache cache, String key) {
        var claim = new java.util.concurrent.CompletableFuture<IdempotencyCache.Claim>();
        Thread waiter = Thread.ofPlatform().start(() -> claim.complete(cache.claim("a", key, "f", true)));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (waiter.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(Thread.State.WAITING, waiter.getState(), "the duplicate waits for the run in flight");
        return claim;
    }

    private static String replayed(IdempotencyCache cache, String account, String key, String fingerprint) {
        return assertInstanceOf(IdempotencyCache.Claim.Replay.class, cache.claim(account, key, fingerprint, true))
                .response();
    }
}
