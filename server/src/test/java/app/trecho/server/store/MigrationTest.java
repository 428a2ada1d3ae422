package app.trecho.server.store;

import static app.trecho.server.store.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.server.booking.Network;
import app.trecho.server.booking.SampleNetwork;
import app.trecho.server.state.Change;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationTest {
    @TempDir
    Path dir;

    @Test
    void migrationsAreNumberedOneByOneFromOne() {
        assertEquals(
                IntStream.rangeClosed(1, Migrations.CURRENT).boxed().toList(),
                Migrations.ALL.stream().map(Migrations.Migration::version).toList());
    }

    @Test
    void aVersionOneDatabaseIsUpgradedWithItsDataIntact() throws SQLException {
        long t0 = Instants.toNanos(T0);
        databaseAt(
                1,
                "INSERT INTO accounts VALUES ('ana', 'PBKDF2WithHmacSHA256', 210000, x'0102', x'0304', " + t0 + ")",
                "INSERT INTO sessions VALUES ('hash-ana', 'ana', " + t0 + ", NULL)",
                "INSERT INTO holds VALUES ('h1', 'ana', 1, 12345, " + t0 + ", " + (t0 + 600_000_000_000L)
                        + ", NULL, NULL)",
                "INSERT INTO hold_seats VALUES ('h1', 0, 'TR1201-2026-11-27', 0, '3C', 1)",
                "INSERT INTO idempotency VALUES ('ana', 'key-ana-0001', 'fp', '{}', " + t0 + ")");

        List<Change> loaded;
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            loaded = store.load();
            assertEquals(Migrations.CURRENT, (int) store.onWriterThread(db -> Migrations.version(db.connection())));
            List<String> indexes = store.onWriterThread(db -> indexes(db.connection()));
            assertTrue(!indexes.contains("idempotency_by_age"), "version 2 added it, version 7 dropped it: " + indexes);
            assertTrue(!indexes.contains("idempotency_by_account_age"), "version 5 dropped it: " + indexes);
        }
        assertEquals(
                List.of(
                        "AccountCreated[ana,PBKDF2WithHmacSHA256,210000,0102,0304," + T0 + "]",
                        new Change.SessionOpened("hash-ana", "ana", T0).toString(),
                        new Change.HoldPlaced(
                                        "h1",
                                        "ana",
                                        1,
                                        12_345,
                                        T0,
                                        T0.plusSeconds(600),
                                        List.of(new Change.SegmentSeats("TR1201-2026-11-27", List.of("3C"))))
                                .toString(),
                        new Change.IdempotencyRecorded("ana", "key-ana-0001", "fp", null, T0).toString()),
                Fixtures.render(loaded));
    }

    @Test
    void aVersionTwoDatabaseGainsTheNetworkTablesKeepsItsDataAndStoresANetwork() throws SQLException {
        long t0 = Instants.toNanos(T0);
        databaseAt(
                2, "INSERT INTO accounts VALUES ('ana', 'PBKDF2WithHmacSHA256', 210000, x'0102', x'0304', " + t0 + ")");

        Network sample = SampleNetwork.create(LocalDate.of(2026, 11, 27));
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            assertEquals(Migrations.CURRENT, (int) store.onWriterThread(db -> Migrations.version(db.connection())));
            assertEquals(1, store.load().size(), "ana is still there");
            assertTrue(store.network().isEmpty(), "a database from before version 3 has no network yet");
            store.saveNetwork(new StoredNetwork(sample, "sample", T0));
        }
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            StoredNetwork stored = store.network().orElseThrow();
            assertEquals("sample", stored.source());
            assertEquals(T0, stored.savedAt());
            assertEquals(sample.cities(), stored.network().cities());
            assertEquals(sample.segments(), stored.network().segments());
        }
    }

    @Test
    void aVersionThreeDatabaseKeepsItsIdempotencyResultsInTimeOrderWithoutTheKeyIndexes() throws SQLException {
        long t0 = Instants.toNanos(T0);
        // inserted out of time order: the primary key, not the time, decided v3's layout
        databaseAt(
                3,
                "INSERT INTO idempotency VALUES ('bia', 'key-bia-0001', 'fp2', '{\"b\":1}', " + (t0 + 2) + ")",
                "INSERT INTO idempotency VALUES ('ana', 'key-ana-0001', 'fp1', '{\"a\":1}', " + (t0 + 1) + ")");

        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            assertEquals(
                    List.of("key-ana-0001", "key-bia-0001"),
                    store.load().stream()
                            .map(c -> ((Change.IdempotencyRecorded) c).key())
                            .toList());
            List<String> indexes = store.onWriterThread(db -> indexes(db.connection()));
            assertTrue(!indexes.contains("idempotency_by_age"), indexes.toString());
            assertTrue(
                    indexes.stream().noneMatch(name -> name.startsWith("sqlite_autoindex_idempotency")),
                    "no (account, key) index: " + indexes);
            assertTrue(!indexes.contains("idempotency_by_account_age"), indexes.toString());
        }
    }

    @Test
    void aVersionFiveDatabaseKeepsItsBookingsInPurchaseOrderWithoutTheReferenceIndexes() throws Exception {
        long t0 = Instants.toNanos(T0);
        long expires = t0 + 600_000_000_000L;
        // bought in this order; the references sort the other way round
        databaseAt(
                5,
                "INSERT INTO accounts VALUES ('ana', 'PBKDF2WithHmacSHA256', 210000, x'01', x'02', " + t0 + ")",
                "INSERT INTO bookings VALUES ('ZZZZZZ', 'ana', 100, " + t0 + ", " + (t0 + 5) + ")",
                "INSERT INTO bookings VALUES ('AAAAAA', 'ana', 200, " + (t0 + 1) + ", NULL)",
                "INSERT INTO holds VALUES ('h1', 'ana', 1, 100, " + t0 + ", " + expires + ", 'ZZZZZZ', 0)",
                "INSERT INTO holds VALUES ('h2', 'ana', 1, 200, " + t0 + ", " + expires + ", 'AAAAAA', 0)",
                "INSERT INTO holds VALUES ('h3', 'ana', 1, 300, " + t0 + ", " + expires + ", NULL, NULL)",
                "INSERT INTO hold_seats VALUES ('h1', 0, 'TR1201-2026-11-27', 0, '3C', 0)",
                "INSERT INTO hold_seats VALUES ('h2', 0, 'TR1201-2026-11-27', 0, '3C', 1)",
                "INSERT INTO hold_seats VALUES ('h3', 0, 'TR1201-2026-11-27', 0, '4C', 1)");

        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            assertEquals(
                    List.of("retired ZZZZZZ", "purchased AAAAAA"),
                    store.load().stream()
                            .<String>mapMulti((c, out) -> {
                                switch (c) {
                                    case Change.ReferencesRetired r -> r.forEach(ref -> out.accept("retired " + ref));
                                    case Change.Purchased p -> out.accept("purchased " + p.reference());
                                    default -> {}
                                }
                            })
                            .toList());
            List<String> indexes = store.onWriterThread(db -> indexes(db.connection()));
            assertTrue(!indexes.contains("holds_by_booking"), indexes.toString());
            assertTrue(
                    indexes.stream().noneMatch(name -> name.startsWith("sqlite_autoindex_bookings")),
                    "no index on the reference: " + indexes);

            // the live booking is found by reference from memory, and frees its seats on cancel
            store.append(List.of(new Change.BookingCancelled("AAAAAA", "ana", T0.plusSeconds(10))))
                    .join();
            store.append(List.of(Fixtures.purchase("BBBBBB", "ana", 11, "h3"))).join();
            assertEquals(
                    List.of("h1:0", "h2:0", "h3:1"),
                    store.onWriterThread(db -> strings(
                            db.connection(), "SELECT hold_id || ':' || live FROM hold_seats ORDER BY hold_id")));
            assertEquals(
                    List.of("1:ZZZZZZ", "2:AAAAAA", "3:BBBBBB"),
                    store.onWriterThread(db ->
                            strings(db.connection(), "SELECT rowid || ':' || reference FROM bookings ORDER BY rowid")));
            assertEquals(List.of(), store.onWriterThread(db -> strings(db.connection(), "PRAGMA foreign_key_check")));
        }
    }

    @Test
    void aVersionSixDatabaseLosesTheAgeIndexAndItsExpiredResultsStillGoOldestFirst() throws SQLException {
        long t0 = Instants.toNanos(T0);
        long hour = 3_600_000_000_000L;
        databaseAt(
                6,
                "INSERT INTO idempotency VALUES ('ana', 'key-ana-0001', 'fp', '{}', " + t0 + ")",
                "INSERT INTO idempotency VALUES ('ana', 'key-ana-0002', 'fp', '{}', " + (t0 + hour) + ")");

        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            assertTrue(!store.onWriterThread(db -> indexes(db.connection())).contains("idempotency_by_age"));
            // 25 h and 2 s after the first: past the day's retention and the store's hour of slack
            store.append(List.of(Fixtures.idempotent("bia", "key-bia-0001", 25 * 3_600 + 2)))
                    .join();
            assertEquals(
                    List.of("key-ana-0002", "key-bia-0001"),
                    store.onWriterThread(db -> strings(db.connection(), "SELECT key FROM idempotency ORDER BY rowid")));
        }
    }

    @Test
    void aDatabaseFromANewerServerIsRefusedNamingThePathAndBothVersions() throws SQLException {
        SqliteStore.open(dir, Durability.NORMAL).close();
        Path file = dir.resolve(SqliteStore.DATABASE_FILE);
        try (Connection newer = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement sql = newer.createStatement()) {
            sql.execute("PRAGMA user_version = " + (Migrations.CURRENT + 1));
        }

        var thrown = assertThrows(StoreException.class, () -> SqliteStore.open(dir, Durability.NORMAL));
        assertTrue(thrown.getMessage().contains(file.toString()), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("version " + (Migrations.CURRENT + 1)), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("version " + Migrations.CURRENT), thrown.getMessage());
    }

    /**
     * A database at schema {@code version} holding {@code rows}, inserted in plain SQL as a server
     * of that version wrote them, so later code cannot change them.
     */
    private void databaseAt(int version, String... rows) throws SQLException {
        Path file = dir.resolve(SqliteStore.DATABASE_FILE);
        try (Connection old = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement sql = old.createStatement()) {
            Migrations.migrate(old, file, version);
            for (String row : rows) {
                sql.execute(row);
            }
            assertEquals(version, Migrations.version(old));
        }
    }

    private static List<String> strings(Connection connection, String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                out.add(rows.getString(1));
            }
        }
        return out;
    }

    private static List<String> indexes(Connection connection) throws SQLException {
        return strings(connection, "SELECT name FROM sqlite_master WHERE type = 'index'");
    }
}
