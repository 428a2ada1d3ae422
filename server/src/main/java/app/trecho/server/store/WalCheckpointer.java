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
import org.sqlite.SQLiteOpenMode;

/**
 * Copies committed WAL frames back into the database file from a connection and thread of its own,
 * while the writer goes on committing. Under steady writes a round never sees the WAL copied to its
 * end (a commit always overtakes it), and only then may the WAL start over; so once the WAL is long,
 * {@link WalRestart} has the writer copy the last few frames itself, between two transactions,
 * right after a round (STORAGE.md, "Checkpoints").
 *
 * <p>Each round is a PASSIVE checkpoint: it never waits for the writer, and when the writer's own
 * (also PASSIVE) checkpoint holds the checkpoint lock, whichever comes second reports busy and
 * tries again at its next chance. A round fsyncs the WAL before copying, and the database only when
 * it copied the WAL to its end.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);
    static final Duration INTERVAL = Duration.ofMillis(50);
    /** After a failed round: a broken disk or file is not retried 20 times a second. */
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);
    /**
     * Rounds run back to back once the WAL is long enough to start over: each copies what was
     * committed during the one before, so the writer's own checkpoint that follows finds little.
     */
    static final int QUICK_ROUNDS = 3;
    /** Only the schema read waits on locks; a PASSIVE checkpoint itself never waits. */
    private static final int BUSY_TIMEOUT_MS = 1_000;

    /** What the last round saw: frames in the WAL, and how many of them are in the database file. */
    record Round(boolean busy, long walFrames, long copiedFrames) {
        boolean copiedAll() {
            return !busy && copiedFrames == walFrames;
        }
    }

    private final Path file;
    private final Durability durability;
    private final LongSupplier commits;
    private final Duration interval;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Thread thread;
    private boolean closing;
    private volatile Round last;
    private volatile long restartFrames;
    private volatile boolean restartDue;
    private volatile long rounds;
    private volatile long skipped;

    /**
     * Starts the thread; {@code commits} tells it whether anything new was committed since its last
     * round. Once a round sees {@code restartFrames} or more in the WAL, it runs {@link
     * #QUICK_ROUNDS} more and then tells the writer (see {@link #restartDue}).
     */
    WalCheckpointer(Path file, Durability durability, LongSupplier commits, Duration interval, long restartFrames) {
        this.file = file;
        this.restartFrames = restartFrames;
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

    /**
     * True after quick rounds copied a long WAL nearly to its end, until {@link #clearRestartDue()}:
     * the writer's own checkpoint, between two of its transactions, then copies the rest and the
     * WAL starts over.
     */
    boolean restartDue() {
        return restartDue;
    }

    /** The writer took its turn; a later round that finds the WAL long again sets it again. */
    void clearRestartDue() {
        restartDue = false;
    }

    /** For tests: starts the WAL over at {@code frames}. */
    void restartAt(long frames) {
        restartFrames = frames;
    }

    /** Whether its thread runs (until {@link #close()}). */
    boolean running() {
        return thread.isAlive();
    }

    /** Rounds run so far (rounds skipped because nothing was committed do not count). */
    long rounds() {
        return rounds;
    }

    /** Rounds skipped because nothing was committed since a round that copied everything. */
    long skipped() {
        return skipped;
    }

    private void run() {
        Connection connection = null;
        long seen = -1;
        boolean failing = false;
        try {
            while (awaitNextRound(failing ? RETRY_INTERVAL : interval)) {
                long committed = commits.getAsLong();
                if (committed == seen && caughtUp()) {
                    skipped++; // an idle server costs no checkpoint and no fsync
                    continue;
                }
                try {
                    if (connection == null) {
                        connection = connect();
                    }
                    checkpoint(connection);
                    if (!last.busy() && last.walFrames() >= restartFrames) {
                        // A round can copy only up to the snapshot of the writer's open transaction;
                        // the writer's own checkpoint, between transactions, copies the rest.
                        for (int i = 0; i < QUICK_ROUNDS && !last.busy(); i++) {
                            checkpoint(connection);
                        }
                        restartDue = true;
                    }
                    seen = committed;
                    if (failing) {
                        log.info("store {}: background checkpoints work again", file);
                    }
                    failing = false;
                } catch (SQLException | RuntimeException e) {
                    // Said once per spell; meanwhile the writer's own checkpoint keeps the WAL
                    // bounded (only its stall comes back), and a fresh connection tries again.
                    if (!failing) {
                        log.warn("store {}: a background checkpoint failed: {}", file, e.getMessage());
                    }
                    failing = true;
                    closeQuietly(connection);
                    connection = null;
                }
            }
        } finally {
            closeQuietly(connection);
        }
    }

    private Connection connect() throws SQLException {
        var config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE); // the writer created the file; never make a stray one
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        Connection connection = config.createConnection("jdbc:sqlite:" + file);
        try (Statement statement = connection.createStatement()) {
            // A checkpoint syncs by the setting of the connection that runs it (any level but OFF
            // syncs); the writer's level says what the operator asked for.
            statement.execute("PRAGMA synchronous = " + durability.synchronousPragma());
        } catch (SQLException e) {
            closeQuietly(connection);
            throw e;
        }
        return connection;
    }

    private void checkpoint(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            if (row.next()) {
                last = new Round(row.getInt(1) != 0, row.getLong(2), row.getLong(3));
                rounds++;
            }
        }
    }

    private void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("store {}: closing the checkpoint connection failed: {}", file, e.getMessage());
        }
    }

    private boolean caughtUp() {
        Round round = last;
        return round != null && round.copiedAll();
    }

    /** Waits {@code pause}; false once closing. */
    private boolean awaitNextRound(Duration pause) {
        lock.lock();
        try {
            long nanos = pause.toNanos();
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
        StoreThreads.joinUninterruptibly(thread);
    }
}
