package app.trecho.server.store;

import static app.trecho.server.store.Fixtures.account;
import static app.trecho.server.store.Fixtures.hold;
import static app.trecho.server.store.Fixtures.seats;
import static app.trecho.server.store.SqliteStoreRoundTripTest.seat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.server.state.Change;
import app.trecho.server.state.StorageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {
    private static final int THREADS = 16;
    private static final int PER_THREAD = 150;

    @TempDir
    Path dir;

    /** The core's monitor: changes are appended in the order they were decided. */
    private final Object order = new Object();

    private int next;

    @Test
    void concurrentAppendersThroughOneOrderingPointAreAllStoredInAppendOrder() throws Exception {
        int total = THREADS * PER_THREAD;
        CompletableFuture<?>[] futures = new CompletableFuture<?>[total];
        // Futures complete in append order: whoever sees one done sees every earlier one done.
        var seenBeforeAnEarlierOne = new ConcurrentLinkedQueue<Integer>();
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            store.append(List.of(account("ana"))).join();
            var start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    awaitQuietly(start);
                    for (int k = 0; k < PER_THREAD; k++) {
                        int i;
                        CompletableFuture<Void> durable;
                        synchronized (order) {
                            i = next++;
                            durable = store.append(List.of(hold("h" + i, "ana", i, seats(segment(i), seat(i % 100)))));
                            futures[i] = durable;
                        }
                        durable.join(); // like the edge, wait before the next request
                        if (i > 0 && !futures[i - 1].isDone()) {
                            seenBeforeAnEarlierOne.add(i);
                        }
                    }
                }));
            }
            start.countDown();
            for (Thread thread : threads) {
                assertTrue(thread.join(java.time.Duration.ofSeconds(60)), "appender finished");
            }
            CompletableFuture.allOf(futures).get(30, TimeUnit.SECONDS);

            assertEquals(List.of(), List.copyOf(seenBeforeAnEarlierOne), "completed in append order");
            List<String> stored = store.load().stream()
                    .filter(c -> c instanceof Change.HoldPlaced)
                    .map(c -> ((Change.HoldPlaced) c).holdId())
                    .toList();
            assertEquals(IntStream.range(0, total).mapToObj(i -> "h" + i).toList(), stored, "every hold, in order");
        }
    }

    @Test
    void batchesWaitingTogetherShareOneTransaction() throws Exception {
        try (var store = SqliteStore.open(dir, Durability.ALWAYS)) {
            store.append(List.of(account("ana"))).join();
            long before = store.commits();
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            try (var blocked = BlockedWriter.block(store)) {
                for (int i = 0; i < 100; i++) {
                    futures.add(store.append(List.of(hold("h" + i, "ana", i, seats(segment(i), seat(i))))));
                }
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            assertEquals(before + 1, store.commits(), "one transaction for the 100 waiting batches");
        }
    }

    @Test
    void aResultAppendedAlongsideAWaitingBatchJoinsItsTransaction() throws Exception {
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            store.append(List.of(account("ana"))).join();
            long before = store.commits();
            CompletableFuture<Void> hold;
            CompletableFuture<Void> both;
            try (var blocked = BlockedWriter.block(store)) {
                hold = store.append(List.of(hold("h1", "ana", 1, seats(segment(1), seat(1)))));
                both = store.appendAlongside(hold, List.of(result("ana", "key-00001")));
            }
            both.get(30, TimeUnit.SECONDS);
            assertEquals(before + 1, store.commits(), "the change and its result share one transaction");

            // Once a batch is committed there is nothing to join: the result is queued on its own.
            store.appendAlongside(hold, List.of(result("ana", "key-00002"))).get(30, TimeUnit.SECONDS);
            assertEquals(before + 2, store.commits());
            List<String> keys = store.load().stream()
                    .filter(c -> c instanceof Change.IdempotencyRecorded)
                    .map(c -> ((Change.IdempotencyRecorded) c).key())
                    .toList();
            assertEquals(List.of("key-00001", "key-00002"), keys);
        }
    }

    @Test
    void aRefusalDropsWhatIsStillQueuedUntilTheNextLoad() throws Exception {
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            store.append(List.of(account("ana"))).join();
            CompletableFuture<Void> queued;
            try (var blocked = BlockedWriter.block(store)) {
                queued = store.append(List.of(hold("h1", "ana", 1, seats(segment(1), seat(1)))));
                // memory may hold that hold without it being right: the server distrusts it
                store.refuseUntilReload(new InternalError("simulated"));
            }
            var dropped = assertThrows(ExecutionException.class, () -> queued.get(30, TimeUnit.SECONDS));
            assertInstanceOf(StorageException.class, dropped.getCause());
            assertTrue(store.needsReload());
            var refused = store.append(List.of(hold("h2", "ana", 2, seats(segment(2), seat(2)))));
            assertThrows(ExecutionException.class, () -> refused.get(30, TimeUnit.SECONDS));

            assertTrue(store.loadState().stream().noneMatch(c -> c instanceof Change.HoldPlaced));
            assertFalse(store.needsReload(), "a load ends the refusal");
            store.append(List.of(hold("h3", "ana", 3, seats(segment(3), seat(3)))))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static Change result(String account, String key) {
        return new Change.IdempotencyRecorded(
                account,
                key,
                "{\"type\":\"hold.release\"}",
                "{\"type\":\"hold.release.ok\",\"holdId\":\"h1\"}",
                java.time.Instant.parse("2026-11-26T12:00:00Z"));
    }

    private static String segment(int i) {
        return "TR%04d-2026-11-27".formatted(1000 + i / 100);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
