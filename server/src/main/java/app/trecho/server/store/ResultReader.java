package app.trecho.server.store;

import app.trecho.server.state.StorageException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Reads remembered idempotency results back by row on a read-only connection of its own, so a retry
 * never waits for the writer's queue. Retries of old requests are rare: one connection, opened on
 * first use, serves them one at a time. Each read is its own WAL snapshot, which sees every committed
 * transaction; it never keeps one open, so it cannot hold back the writer's checkpoints.
 */
final class ResultReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResultReader.class);
    private static final int BUSY_TIMEOUT_MS = 5_000;

    private final Path file;
    private Connection connection;
    private PreparedStatement select;
    private boolean closed;

    ResultReader(Path file) {
        this.file = file;
    }

    /** The response at {@code row} if it is still {@code account}'s {@code key} (a row is never reused for another). */
    synchronized Optional<String> response(long row, String account, String key) {
        if (closed) {
            throw new StorageException("store " + file + " is closed", null);
        }
        try {
            if (select == null) {
                open();
            }
            select.setLong(1, row);
            select.setString(2, account);
            select.setString(3, key);
            try (ResultSet found = select.executeQuery()) {
                return found.next() ? Optional.of(found.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            closeConnection(); // the next read opens a fresh one
            throw new StorageException("cannot read a remembered result from " + file + ": " + e.getMessage(), e);
        }
    }

    private void open() throws SQLException {
        var config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE); // the writer created the file; never make a stray one
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        connection = config.createConnection("jdbc:sqlite:" + file);
        try {
            select = connection.prepareStatement(
                    "SELECT response FROM idempotency WHERE rowid = ? AND account = ? AND key = ?");
        } catch (SQLException e) {
            closeConnection();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeConnection();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close(); // closes its statement too
            } catch (SQLException e) {
                log.debug("store {}: closing the result reader failed: {}", file, e.getMessage());
            }
        }
        connection = null;
        select = null;
    }
}
