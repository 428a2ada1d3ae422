package app.trecho.server.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Keeps the store's writer thread busy until closed, so appends meanwhile wait together in its queue. */
final class BlockedWriter implements AutoCloseable {
    private final CountDownLatch busy = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final Thread thread;

    private BlockedWriter(SqliteStore store) {
        thread = Thread.ofPlatform().start(() -> {
            try {
                store.onWriterThread(db -> {
                    busy.countDown();
                    try {
                        return release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                });
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static BlockedWriter block(SqliteStore store) throws InterruptedException {
        var blocked = new BlockedWriter(store);
        if (!blocked.busy.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the writer thread did not pick up the blocking task");
        }
        return blocked;
    }

    @Override
    public void close() throws InterruptedException {
        release.countDown();
        if (!thread.join(Duration.ofSeconds(30))) {
            throw new IllegalStateException("the blocking task did not end");
        }
    }
}
