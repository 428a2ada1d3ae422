package app.trecho.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * Copies committed WAL frames back into the database file from a connection and thread of its own,
 * while the writer goes on committing. SQLite's own checkpoint still runs inside the commit that
 * passes {@code WriterConnection.CHECKPOINT_PAGES}, and only that one can let the WAL start over;
 * but it then finds almost everything copied already, so the requests waiting on that commit wait
 * for the last few frames instead of the whole WAL (STORAGE.md, "Checkpoints").
 *
 * <p>Each round is a PASSIVE checkpoint: it never waits for the writer, and when the writer's own
 * checkpoint holds the checkpoint lock it reports busy and the next round tries again. A round
 * fsyncs the WAL before copying and the database after, as any checkpoint does.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);
    static final Duration INTERVAL = Duration.ofMillis(50);

    /** What the last round saw: frames in the WAL, and how many of them are in the database file. */
    record Round(boolean busy, long walFrames, long copiedFrames) {}

    private final Path file;
    private final Durability durability;
    private final LongSupplier commits;
    private final Duration interval;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Thread thread;
    private boolean closing;
    private volatile Round last;
    private volatile long rounds;

    /** Starts the thread; {@code commits} tells it whether anything new was committed since its last round. */
    WalCheckpointer(Path file, Durability durability, LongSupplier commits, Duration interval) {
        this.file = file;
        this.durability = durability;
        this.commits = commits;
        this.interval = interval;
        this.thread = Thread.ofPlatform()
                .name("trecho-store-checkpointer")
                .daemon(true)
                .unstarted(this::run);
        thread.start();
    }

    /** The last round's result, or null before the first. */
    Round lastRound() {
        return last;
    }

    /** Whether its thread runs (until {@link #close()}). */
    boolean running() {
        return thread.isAlive();
    }

    /** Rounds run so far (rounds skipped because nothing was committed do not count). */
    long rounds() {
        return rounds;
    }

    private void run() {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            long seen = -1;
            boolean failing = false;
            while (awaitNextRound()) {
                long committed = commits.getAsLong();
                if (committed == seen && caughtUp()) {
                    continue; // an idle server costs no checkpoint and no fsync
                }
                seen = committed;
                try {
                    checkpoint(statement);
                    failing = false;
                } catch (SQLException e) {
                    // Say so once per spell: the next round tries again, and meanwhile the writer's
                    // own checkpoint keeps the WAL bounded (only its stall comes back).
                    if (!failing) {
                        log.warn("store {}: a background checkpoint failed: {}", file, e.getMessage());
                    }
                    failing = true;
                }
            }
        } catch (SQLException e) {
            log.warn("store {}: background checkpoints stopped, cannot connect: {}", file, e.getMessage());
        }
    }

    private Connection connect() throws SQLException {
        var config = new SQLiteConfig();
        Connection connection = config.createConnection("jdbc:sqlite:" + file);
        try (Statement statement = connection.createStatement()) {
            // The checkpoint syncs with this connection's setting: it must be as safe as the writer's.
            statement.execute("PRAGMA synchronous = " + durability.synchronousPragma());
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private void checkpoint(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            if (row.next()) {
                last = new Round(row.getInt(1) != 0, row.getLong(2), row.getLong(3));
                rounds++;
            }
        }
    }

    private boolean caughtUp() {
        Round round = last;
        return round != null && !round.busy() && round.copiedFrames() == round.walFrames();
    }

    /** Waits one interval; false once closing. */
    private boolean awaitNextRound() {
        lock.lock();
        try {
            long nanos = interval.toNanos();
            while (!closing && nanos > 0) {
                nanos = wake.awaitNanos(nanos);
            }
            return !closing;
        } catch (InterruptedException e) {
            return false; // only close() would interrupt, and it asks to stop anyway
        } finally {
            lock.unlock();
        }
    }

    /** Stops the thread and closes its connection (before the writer's, so the writer closes last). */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
