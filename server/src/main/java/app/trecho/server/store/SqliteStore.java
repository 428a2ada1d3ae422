package app.trecho.server.store;

import app.trecho.server.state.Change;
import app.trecho.server.state.ChangeLog;
import app.trecho.server.state.StoredResults;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The durable store: an SQLite database {@code trecho.db} in the data directory, written by one
 * group-committing thread. See server/STORAGE.md for the schema, the durability levels and the
 * contract with the server (start-up load, failed writes, backup).
 */
public final class SqliteStore implements ChangeLog, StoredResults, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);

    /** The database file's name inside the data directory. */
    public static final String DATABASE_FILE = "trecho.db";

    private static final String LOCK_FILE = "trecho.lock";

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final WriterConnection database;
    private final GroupCommitter committer;
    private final WalCheckpointer checkpointer;
    private final WalRestart restart;
    private final ResultReader results;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SqliteStore(
            Path file, FileChannel lockChannel, FileLock lock, WriterConnection database, Durability durability) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.database = database;
        this.committer = new GroupCommitter(database);
        this.checkpointer =
                new WalCheckpointer(file, durability, committer::commits, WalCheckpointer.INTERVAL, WalRestart.FRAMES);
        this.restart = new WalRestart(checkpointer);
        committer.betweenTransactions(restart);
        this.results = new ResultReader(file);
    }

    /**
     * Opens (creating when needed) the store in {@code dataDir} and migrates its schema to the
     * current version.
     *
     * @throws StoreException with a message naming the path when the directory cannot be used, the
     *     database is corrupt or newer than this server, or another server uses the directory
     */
    public static SqliteStore open(Path dataDir, Durability durability) {
        return open(dataDir, durability, ChangeWriter.IDEMPOTENCY_RETENTION);
    }

    /**
     * As {@link #open(Path, Durability)}, keeping idempotency results for {@code resultRetention}
     * (before the newest one) instead of 24 h: the server keeps them as long as it promises to.
     */
    public static SqliteStore open(Path dataDir, Durability durability, Duration resultRetention) {
        return open(dataDir, durability, Migrations.CURRENT, resultRetention);
    }

    /** For the migration tests: stops at {@code schemaVersion}. */
    static SqliteStore open(Path dataDir, Durability durability, int schemaVersion) {
        return open(dataDir, durability, schemaVersion, ChangeWriter.IDEMPOTENCY_RETENTION);
    }

    private static SqliteStore open(Path dataDir, Durability durability, int schemaVersion, Duration resultRetention) {
        Path dir = dataDir.toAbsolutePath().normalize();
        prepareDirectory(dir);
        Path lockPath = dir.resolve(LOCK_FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StoreException("cannot write in data directory " + dir + ": " + reason(e), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new StoreException("data directory " + dir + " is in use by another Trecho server");
        }
        Path file = dir.resolve(DATABASE_FILE);
        try {
            WriterConnection database = WriterConnection.open(file, durability, schemaVersion, resultRetention);
            log.info("store {} open: schema version {}, durability {}", file, schemaVersion, durability);
            return new SqliteStore(file, channel, lock, database, durability);
        } catch (StoreException e) {
            closeQuietly(channel); // closing the channel releases the lock
            throw e;
        }
    }

    private static void prepareDirectory(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new StoreException("data directory " + dir + " is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot create data directory " + dir + ": " + reason(e), e);
        }
        if (!Files.isWritable(dir)) {
            throw new StoreException("data directory " + dir + " is not writable");
        }
    }

    private static String reason(IOException e) {
        return e instanceof FileSystemException fs && fs.getReason() != null
                ? fs.getReason()
                : e.getClass().getSimpleName() + " " + e.getMessage();
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /**
     * Queues {@code changes} for the writer thread; never blocks or does I/O, so the core calls it
     * inside its monitor. The future completes after the transaction holding them committed, or
     * with {@link app.trecho.server.state.StorageException} when it failed (or the store waits for
     * a reload after an earlier failure, or is closed). Futures complete on the writer thread:
     * wait on them ({@code join}) or continue with an async stage, never call back into the store
     * or a monitor from a synchronous stage.
     */
    @Override
    public CompletableFuture<Void> append(List<Change> changes) {
        return committer.append(changes);
    }

    @Override
    public CompletableFuture<Void> appendAlongside(CompletableFuture<Void> earlier, List<Change> changes) {
        return committer.appendAlongside(earlier, changes);
    }

    /** Reads a remembered result back, on a connection of its own (not the writer's queue). */
    @Override
    public Optional<String> response(long row, String account, String key) {
        return results.response(row, account, key);
    }

    /**
     * The stored state, as the ordered changes that rebuild it (see STORAGE.md for the order),
     * idempotency results included. It includes every change appended before this call, and from
     * then on the store accepts appends again. The server itself reads the same in two steps,
     * {@link #loadState()} then {@link #loadResults}; this is for backups and tests.
     */
    public List<Change> load() {
        return inTransaction("read " + file, true, db -> StateLoader.load(db.connection()));
    }

    /**
     * As {@link #load()}, without the idempotency results (the server reads those with {@link
     * #loadResults}, one at a time): what the core and the accounts are rebuilt from, at start-up
     * and after a failed write. From then on the store accepts appends again.
     */
    public List<Change> loadState() {
        return inTransaction("read " + file, true, db -> StateLoader.loadState(db.connection()));
    }

    /**
     * Hands the stored idempotency results to {@code into} one at a time, oldest first, as {@link
     * #load()} would list them, in a read transaction of their own. {@code into} runs on the store's
     * writer thread and must not use the store.
     */
    public void loadResults(Consumer<? super Change.IdempotencyRecorded> into) {
        inTransaction("read the idempotency results in " + file, false, db -> {
            StateLoader.loadResults(db.connection(), into);
            return null;
        });
    }

    /**
     * Runs {@code work} in one transaction on the writer thread (the writer rolls it back if it
     * throws); {@code endsFailure}: the store accepts appends again after it. A failure is "cannot
     * {@code what}".
     */
    private <T> T inTransaction(String what, boolean endsFailure, GroupCommitter.SqlWork<T> work) {
        try {
            return committer.call(
                    db -> {
                        db.begin();
                        T value = work.run(db);
                        db.commit();
                        return value;
                    },
                    endsFailure);
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /** The stored flight network, or empty when none was stored yet (a new database). */
    public Optional<StoredNetwork> network() {
        return inTransaction("read the network from " + file, false, db -> NetworkTables.read(db.connection()));
    }

    /** Stores {@code network} in place of the stored one, in one transaction (start-up only). */
    public void saveNetwork(StoredNetwork network) {
        inTransaction("store the network in " + file, false, db -> {
            NetworkTables.write(db.connection(), network);
            return null;
        });
        log.info(
                "store {}: network from {} stored ({} segments)",
                file,
                network.source(),
                network.network().segments().size());
    }

    /**
     * Refuses appends, and drops those still queued, until the next {@link #loadState()} (or {@link
     * #load()}), as after a failed write: the server's memory may not match the store (rebuilding it
     * from the last load failed, or a change failed midway), so what it decides now must not be
     * stored.
     */
    public void refuseUntilReload(Throwable cause) {
        committer.refuseUntilReload(cause);
    }

    /** True after a failed write until the next {@link #loadState()}: the server must rebuild its memory. */
    public boolean needsReload() {
        return committer.failed();
    }

    /**
     * Writes a consistent copy of the database to {@code target} while the store keeps running
     * (SQLite {@code VACUUM INTO}; it contains every change appended before this call).
     *
     * @throws StoreException when {@code target} exists (never overwritten), its directory does not
     *     exist, or the copy fails
     */
    public void backup(Path target) {
        Path out = checkBackupTarget(target);
        try {
            // A barrier: everything appended before this call is committed once it returns.
            committer.call(db -> null, false);
        } catch (SQLException e) {
            throw new StoreException("backup to " + out + " failed: " + e.getMessage(), e);
        }
        copy(file, out);
    }

    /**
     * Writes a consistent copy of the database in {@code dataDir} to {@code target} from another
     * process, also while a server runs on that directory (a WAL reader does not disturb it): the
     * copy holds every transaction committed before it started. For a {@code backup} command line.
     *
     * @throws StoreException as {@link #backup(Path)}, or when there is no database in {@code dataDir}
     */
    public static void backup(Path dataDir, Path target) {
        Path out = checkBackupTarget(target);
        Path source = dataDir.toAbsolutePath().normalize().resolve(DATABASE_FILE);
        if (!Files.isRegularFile(source)) {
            throw new StoreException("no database to back up at " + source);
        }
        copy(source, out);
    }

    private static Path checkBackupTarget(Path target) {
        Path out = target.toAbsolutePath().normalize();
        if (Files.exists(out)) {
            throw new StoreException("backup target " + out + " already exists; choose a new file");
        }
        if (out.getParent() == null || !Files.isDirectory(out.getParent())) {
            throw new StoreException("backup target " + out + ": its directory does not exist");
        }
        return out;
    }

    /** Copies on a connection of its own, reading one WAL snapshot, so commits go on meanwhile. */
    private static void copy(Path source, Path out) {
        var config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5_000);
        try (Connection reader = config.createConnection("jdbc:sqlite:" + source);
                PreparedStatement vacuum = reader.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, out.toString());
            vacuum.execute();
            // VACUUM INTO does not sync its output; do it so the copy survives a crash too.
            try (FileChannel copy = FileChannel.open(out, StandardOpenOption.WRITE)) {
                copy.force(true);
            }
        } catch (SQLException | IOException e) {
            throw new StoreException("backup of " + source + " to " + out + " failed: " + e.getMessage(), e);
        }
        log.info("store {} backed up to {}", source, out);
    }

    /** For tests: transactions committed so far. */
    long commits() {
        return committer.commits();
    }

    /** For tests: starts the WAL over at {@code frames} instead of {@link WalRestart#FRAMES}. */
    WalRestart restartWalAt(long frames) {
        checkpointer.restartAt(frames);
        return restart;
    }

    /** For tests: the writer's report of its slow steps. */
    SlowWrites slowWrites() {
        return committer.slowWrites();
    }

    /** For tests: the background checkpointer. */
    WalCheckpointer checkpointer() {
        return checkpointer;
    }

    /** For tests: runs {@code work} on the writer thread, in queue order. */
    <T> T onWriterThread(GroupCommitter.SqlWork<T> work) throws SQLException {
        return committer.call(work, false);
    }

    /** Commits every batch already appended, then closes the database and releases the directory. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        committer.close();
        checkpointer.close();
        results.close();
        try {
            database.close();
        } catch (SQLException e) {
            log.warn("store {}: closing the database failed: {}", file, e.getMessage());
        }
        try {
            lock.release();
        } catch (IOException e) {
            log.warn("store {}: releasing the directory lock failed: {}", file, e.getMessage());
        }
        closeQuietly(lockChannel);
        log.info("store {} closed", file);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("closing {} failed: {}", channel, e.getMessage());
        }
    }
}
