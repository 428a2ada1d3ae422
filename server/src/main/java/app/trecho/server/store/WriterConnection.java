package app.trecho.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The one connection that writes (and reads) the database, configured for WAL and the chosen
 * durability. JDBC auto-commit is off, so every unit of work is one transaction ended by {@link
 * Connection#commit()} or {@link Connection#rollback()}. Used only by the writer thread after
 * start-up.
 */
final class WriterConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WriterConnection.class);
    private static final int BUSY_TIMEOUT_MS = 5_000;
    /**
     * WAL pages at which SQLite's own checkpoint runs inside a commit: the backstop for when the
     * background rounds fail; normally {@link WalRestart} starts the WAL over before (STORAGE.md,
     * "Checkpoints").
     */
    static final int CHECKPOINT_PAGES = 32_000;
    /** The writer's page cache, in KiB. */
    static final int CACHE_KIB = 8_192;

    private final Path file;
    private final Durability durability;
    private final Duration resultRetention;
    private Connection connection;
    private ChangeWriter writer;

    private WriterConnection(Path file, Durability durability, Duration resultRetention) {
        this.file = file;
        this.durability = durability;
        this.resultRetention = resultRetention;
    }

    /** Opens, checks and migrates the database up to {@code schemaVersion}; errors name the file. */
    static WriterConnection open(Path file, Durability durability, int schemaVersion, Duration resultRetention) {
        var opened = new WriterConnection(file, durability, resultRetention);
        try {
            opened.connect();
            opened.checkIntegrity();
            Migrations.migrate(opened.connection, file, schemaVersion);
            opened.writer = new ChangeWriter(opened.connection, opened.resultRetention);
            return opened;
        } catch (SQLException e) {
            opened.closeQuietly();
            throw new StoreException(describe(file, e), e);
        } catch (StoreException e) {
            opened.closeQuietly();
            throw e;
        }
    }

    Connection connection() {
        return connection;
    }

    ChangeWriter writer() {
        return writer;
    }

    Path file() {
        return file;
    }

    /** The transaction itself is implicit: the driver keeps one open while auto-commit is off. */
    void begin() throws SQLException {
        ensureOpen();
    }

    private void ensureOpen() throws SQLException {
        if (connection == null || writer == null) {
            reopen();
        }
        if (connection == null || writer == null) {
            throw new SQLException("database " + file + " cannot be reopened");
        }
    }

    void commit() throws SQLException {
        connection.commit();
    }

    /** A PASSIVE checkpoint between transactions: copies what is left of the WAL without waiting. */
    WalCheckpointer.Round checkpoint() throws SQLException {
        ensureOpen();
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            row.next();
            return new WalCheckpointer.Round(row.getInt(1) != 0, row.getLong(2), row.getLong(3));
        } catch (SQLException e) {
            // A checkpoint failing on I/O (a full disk) rolls back what the connection had open and
            // turns SQLite's autocommit back on behind the driver: resync as after a failed
            // transaction, or the next batch's statements would each commit on their own.
            rollbackAfterFailure();
            throw e;
        }
    }

    /**
     * Ends a failed transaction. SQLite may already have rolled it back (disk full, I/O error); if
     * even that is uncertain the connection is replaced, so the next transaction starts clean.
     */
    void rollbackAfterFailure() {
        if (connection == null) {
            reopen();
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException e) {
            // SQLite rolls back by itself on some errors (disk full, I/O); the driver then lost track
            // of its transaction, so a fresh connection is the one safe state either way.
            log.info("store {}: rollback reported '{}'; reopening the connection", file, e.getMessage());
            reopen();
            return;
        }
        // The driver leaves a statement that failed unusable: prepare them all afresh.
        try {
            if (writer != null) {
                writer.close();
            }
            writer = new ChangeWriter(connection, resultRetention);
        } catch (SQLException e) {
            log.warn("store {}: preparing statements failed ({}), reopening the connection", file, e.getMessage());
            reopen();
        }
    }

    /** Reopens after a failure; if that fails too, the next transaction fails and tries again. */
    private void reopen() {
        closeQuietly();
        try {
            connect();
            writer = new ChangeWriter(connection, resultRetention);
        } catch (SQLException e) {
            log.warn("store {}: reopening failed: {}", file, e.getMessage());
        }
    }

    private void connect() throws SQLException {
        var config = new SQLiteConfig();
        // Otherwise the driver runs "SELECT last_insert_rowid()" after every insert: ~3% of server CPU.
        config.setGetGeneratedKeys(false);
        connection = config.createConnection("jdbc:sqlite:" + file);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
                if (!mode.next() || !"wal".equalsIgnoreCase(mode.getString(1))) {
                    throw new SQLException("cannot switch to WAL journal mode");
                }
            }
            statement.execute("PRAGMA synchronous = " + durability.synchronousPragma());
            statement.execute("PRAGMA foreign_keys = ON");
            // Not bigger: a B-tree page split renumbers pages through a temporary number past the
            // end of the file, so at the end of that transaction SQLite truncates its page cache
            // and, the number being far away, walks every cached page. With 64 MiB the writer spent
            // ~35 µs per cycle there, a quarter of its CPU; 8 MiB holds the hot pages as well
            // (STORAGE.md, "The writer's page cache").
            statement.execute("PRAGMA cache_size = -" + CACHE_KIB);
            // SQLite's checkpoint runs inside the commit that crosses this many WAL pages, and every
            // request waiting on that commit waits with it; WalRestart starts the WAL over long
            // before, so this one only keeps the WAL bounded when background rounds fail.
            statement.execute("PRAGMA wal_autocheckpoint = " + CHECKPOINT_PAGES);
            statement.execute("PRAGMA temp_store = MEMORY");
        }
        connection.setAutoCommit(false);
    }

    private void checkIntegrity() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA quick_check")) {
            if (rows.next() && !"ok".equals(rows.getString(1))) {
                throw new StoreException("database " + file + " is corrupt (" + rows.getString(1)
                        + "); restore a backup or move the file away");
            }
        }
        connection.commit();
    }

    static String describe(Path file, SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            SQLiteErrorCode code = sqlite.getResultCode();
            switch (code.code & 0xff) {
                case 26 /* SQLITE_NOTADB */, 11 /* SQLITE_CORRUPT */ -> {
                    return "database " + file
                            + " is not a SQLite database or is corrupt; restore a backup or move it away";
                }
                case 8 /* SQLITE_READONLY */ -> {
                    return "database " + file + " is read-only; the server needs to write it and its directory";
                }
                case 14 /* SQLITE_CANTOPEN */, 3 /* SQLITE_PERM */ -> {
                    return "cannot open database " + file + ": check the data directory exists and is writable";
                }
                case 13 /* SQLITE_FULL */ -> {
                    return "database " + file + ": the disk is full";
                }
                default -> {
                    // fall through to the generic message below
                }
            }
        }
        return "database " + file + ": " + e.getMessage();
    }

    /**
     * Drops the connection after a rollback that itself failed: closing it makes SQLite roll back
     * what it had open, and the next transaction reopens, so none of the failed writes can be
     * committed later by whoever uses the connection next.
     */
    void discard() {
        try {
            closeQuietly();
        } finally {
            connection = null;
            writer = null;
        }
    }

    private void closeQuietly() {
        if (connection == null) {
            return;
        }
        try {
            if (writer != null) {
                writer.close();
            }
            connection.close();
        } catch (SQLException e) {
            log.warn("store {}: closing the connection failed: {}", file, e.getMessage());
        }
        connection = null;
        writer = null;
    }

    @Override
    public void close() throws SQLException {
        if (writer != null) {
            writer.close();
        }
        if (connection != null) {
            connection.close();
        }
    }
}
