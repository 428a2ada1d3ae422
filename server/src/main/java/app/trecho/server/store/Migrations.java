package app.trecho.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema, as forward-only migrations. The database's version is {@code PRAGMA user_version};
 * start-up applies every migration above it, each in its own transaction together with the new
 * version number. Never edit a released migration: add the next one.
 */
final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    /** One step: the statements that take the schema from {@code version - 1} to {@code version}. */
    record Migration(int version, String description, List<String> statements) {}

    static final List<Migration> ALL = List.of(
            new Migration(
                    1,
                    "accounts, sessions, holds with their seats, bookings, idempotency results",
                    List.of(
                            """
                            CREATE TABLE accounts (
                                username   TEXT PRIMARY KEY,
                                algorithm  TEXT NOT NULL,
                                iterations INTEGER NOT NULL,
                                salt       BLOB NOT NULL,
                                hash       BLOB NOT NULL,
                                created_ns INTEGER NOT NULL)""",
                            """
                            CREATE TABLE sessions (
                                token_hash TEXT PRIMARY KEY,
                                username   TEXT NOT NULL REFERENCES accounts(username),
                                opened_ns  INTEGER NOT NULL,
                                closed_ns  INTEGER)""",
                            """
                            CREATE TABLE bookings (
                                reference    TEXT PRIMARY KEY,
                                account      TEXT NOT NULL REFERENCES accounts(username),
                                price_cents  INTEGER NOT NULL,
                                created_ns   INTEGER NOT NULL,
                                cancelled_ns INTEGER)""",
                            """
                            CREATE TABLE holds (
                                id               TEXT PRIMARY KEY,
                                account          TEXT NOT NULL REFERENCES accounts(username),
                                passengers       INTEGER NOT NULL,
                                price_cents      INTEGER NOT NULL,
                                created_ns       INTEGER NOT NULL,
                                expires_ns       INTEGER NOT NULL,
                                booking          TEXT REFERENCES bookings(reference),
                                booking_position INTEGER)""",
                            "CREATE INDEX holds_by_booking ON holds(booking)",
                            """
                            CREATE TABLE hold_seats (
                                hold_id          TEXT NOT NULL REFERENCES holds(id),
                                segment_position INTEGER NOT NULL,
                                segment          TEXT NOT NULL,
                                seat_position    INTEGER NOT NULL,
                                seat             TEXT NOT NULL,
                                live             INTEGER NOT NULL,
                                PRIMARY KEY (hold_id, segment_position, seat_position)) WITHOUT ROWID""",
                            // The second line of defence: a seat is in at most one live hold or live booking.
                            "CREATE UNIQUE INDEX one_live_claim_per_seat ON hold_seats(segment, seat) WHERE live = 1",
                            """
                            CREATE TABLE idempotency (
                                account     TEXT NOT NULL,
                                key         TEXT NOT NULL,
                                fingerprint TEXT NOT NULL,
                                response    TEXT NOT NULL,
                                at_ns       INTEGER NOT NULL,
                                PRIMARY KEY (account, key))""")),
            new Migration(
                    2,
                    "indexes that make pruning idempotency results by age and per-account count cheap",
                    List.of(
                            "CREATE INDEX idempotency_by_account_age ON idempotency(account, at_ns)",
                            "CREATE INDEX idempotency_by_age ON idempotency(at_ns)")),
            new Migration(
                    3, "the flight network the bookings refer to (cities and dated segments)", List.of("""
                            CREATE TABLE network (
                                id       INTEGER PRIMARY KEY CHECK (id = 1),
                                source   TEXT NOT NULL,
                                saved_ns INTEGER NOT NULL)""", """
                            CREATE TABLE network_cities (
                                position INTEGER PRIMARY KEY,
                                code     TEXT NOT NULL UNIQUE,
                                name     TEXT NOT NULL)""", """
                            CREATE TABLE network_segments (
                                id           TEXT PRIMARY KEY,
                                flight       TEXT NOT NULL,
                                origin       TEXT NOT NULL,
                                destination  TEXT NOT NULL,
                                departure_ns INTEGER NOT NULL,
                                arrival_ns   INTEGER NOT NULL,
                                seat_rows    INTEGER NOT NULL,
                                seat_columns TEXT NOT NULL,
                                price_cents  INTEGER NOT NULL) WITHOUT ROWID""")),
            new Migration(
                    4,
                    "idempotency results without the (account, key) primary key: rows append in time order",
                    List.of(
                            // The key's B-tree put every result on a random page: one page written per
                            // result. Lookups by key happen only in memory; load() reads the whole table.
                            """
                            CREATE TABLE idempotency_v4 (
                                account     TEXT NOT NULL,
                                key         TEXT NOT NULL,
                                fingerprint TEXT NOT NULL,
                                response    TEXT NOT NULL,
                                at_ns       INTEGER NOT NULL)""",
                            "INSERT INTO idempotency_v4(account, key, fingerprint, response, at_ns)"
                                    + " SELECT account, key, fingerprint, response, at_ns FROM idempotency"
                                    + " ORDER BY at_ns, rowid",
                            "DROP TABLE idempotency",
                            "ALTER TABLE idempotency_v4 RENAME TO idempotency",
                            "CREATE INDEX idempotency_by_account_age ON idempotency(account, at_ns)",
                            "CREATE INDEX idempotency_by_age ON idempotency(at_ns)")),
            new Migration(
                    5,
                    "no per-account index on idempotency results: the writer trims accounts by rowid",
                    // Each commit wrote one page of this index per account it touched.
                    List.of("DROP INDEX idempotency_by_account_age")),
            new Migration(
                    6,
                    "bookings keyed by row id in time order, not by their random reference",
                    // The reference's key and holds_by_booking put every purchase on two random
                    // pages; the writer now finds live bookings by reference in memory (LiveBookings).
                    // holds is rebuilt too: its booking column referred to bookings' old key.
                    List.of(
                            """
                            CREATE TABLE bookings_v6 (
                                reference    TEXT NOT NULL,
                                account      TEXT NOT NULL REFERENCES accounts(username),
                                price_cents  INTEGER NOT NULL,
                                created_ns   INTEGER NOT NULL,
                                cancelled_ns INTEGER)""",
                            "INSERT INTO bookings_v6(rowid, reference, account, price_cents, created_ns, cancelled_ns)"
                                    + " SELECT rowid, reference, account, price_cents, created_ns, cancelled_ns"
                                    + " FROM bookings",
                            """
                            CREATE TABLE holds_v6 (
                                id               TEXT PRIMARY KEY,
                                account          TEXT NOT NULL REFERENCES accounts(username),
                                passengers       INTEGER NOT NULL,
                                price_cents      INTEGER NOT NULL,
                                created_ns       INTEGER NOT NULL,
                                expires_ns       INTEGER NOT NULL,
                                booking          TEXT,
                                booking_position INTEGER)""",
                            "INSERT INTO holds_v6(rowid, id, account, passengers, price_cents, created_ns, expires_ns,"
                                    + " booking, booking_position) SELECT rowid, id, account, passengers, price_cents,"
                                    + " created_ns, expires_ns, booking, booking_position FROM holds",
                            "DROP TABLE holds",
                            "DROP TABLE bookings",
                            "ALTER TABLE holds_v6 RENAME TO holds",
                            "ALTER TABLE bookings_v6 RENAME TO bookings")),
            new Migration(
                    7,
                    "no index on idempotency results' age: the writer deletes expired ones by rowid",
                    // Each commit wrote ~12 pages of this index (one entry in per result, and out per
                    // deleted one); rowids follow time, so expired rows are a prefix of the table.
                    List.of("DROP INDEX idempotency_by_age")));

    static final int CURRENT = ALL.getLast().version();

    private Migrations() {}

    /** Brings the database up to {@code target}; refuses a database newer than this server. */
    static void migrate(Connection connection, Path file, int target) throws SQLException {
        int found = version(connection);
        if (found > CURRENT) {
            throw new StoreException("database " + file + " has schema version " + found
                    + " but this server knows only up to version " + CURRENT
                    + "; run a newer server or restore a backup made by this version");
        }
        boolean autoCommit = connection.getAutoCommit();
        // Rebuilding a table that others refer to (v6) needs foreign keys off, which SQLite only
        // allows outside a transaction; each migration checks them itself before it commits.
        connection.setAutoCommit(true);
        boolean foreignKeys = foreignKeys(connection);
        setForeignKeys(connection, false);
        connection.setAutoCommit(false);
        try {
            for (Migration migration : ALL) {
                if (migration.version() > found && migration.version() <= target) {
                    apply(connection, migration);
                    log.info(
                            "store {} migrated to schema version {}: {}",
                            file,
                            migration.version(),
                            migration.description());
                }
            }
        } finally {
            connection.setAutoCommit(true);
            setForeignKeys(connection, foreignKeys);
            connection.setAutoCommit(autoCommit);
        }
    }

    private static boolean foreignKeys(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                var rows = statement.executeQuery("PRAGMA foreign_keys")) {
            return rows.next() && rows.getInt(1) == 1;
        }
    }

    private static void setForeignKeys(Connection connection, boolean on) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA foreign_keys = " + (on ? "ON" : "OFF"));
        }
    }

    /** Throws when a row refers to one that does not exist (checked by hand: enforcement is off). */
    private static void checkForeignKeys(Statement statement, Migration migration) throws SQLException {
        try (var broken = statement.executeQuery("PRAGMA foreign_key_check")) {
            if (broken.next()) {
                throw new SQLException("migration to version " + migration.version() + " would leave a row of "
                        + broken.getString(1) + " referring to a missing row of " + broken.getString(3));
            }
        }
    }

    private static void apply(Connection connection, Migration migration) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : migration.statements()) {
                statement.execute(sql);
            }
            checkForeignKeys(statement, migration);
            statement.execute("PRAGMA user_version = " + migration.version());
            connection.commit();
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    static int version(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                var rows = statement.executeQuery("PRAGMA user_version")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
