package app.trecho.server.state;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the core hands its changes to be made durable. The core calls {@link #append} inside its
 * monitor, right after applying a change in memory, so the log sees changes in the order they
 * happened; the call only enqueues (no I/O under the monitor). The edge waits for the returned
 * future before it answers or announces anything.
 */
@FunctionalInterface
public interface ChangeLog {

    /** Nothing is stored: the in-memory server (tests, demo without a data dir). */
    ChangeLog NONE = changes -> CompletableFuture.completedFuture(null);

    /**
     * Queues {@code changes} after every change appended before; the future completes when they are
     * durable, or exceptionally (with {@link StorageException}) when they could not be stored.
     */
    CompletableFuture<Void> append(List<Change> changes);

    /**
     * Appends {@code changes} so they are stored together with the changes whose {@link #append}
     * returned {@code earlier}, in the same transaction when that batch is still waiting (a
     * request's idempotency result beside the change it made: one commit to wait for, not two);
     * otherwise after everything appended before. The future completes when both are durable.
     */
    default CompletableFuture<Void> appendAlongside(CompletableFuture<Void> earlier, List<Change> changes) {
        return CompletableFuture.allOf(earlier, append(changes));
    }
}
