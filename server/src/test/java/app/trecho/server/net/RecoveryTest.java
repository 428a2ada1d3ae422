package app.trecho.server.net;

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
            public List<Change.IdempotencyRecorded> reload() {
                needed.set(false); // as the store's load() ends its failed state
                // a result without its text, and a cache with no store to read it from: restore fails
                return List.of(new Change.IdempotencyRecorded(
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
}
