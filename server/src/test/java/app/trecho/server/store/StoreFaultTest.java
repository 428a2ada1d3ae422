package app.trecho.server.store;

import static app.trecho.server.store.Fixtures.account;
import static app.trecho.server.store.Fixtures.hold;
import static app.trecho.server.store.Fixtures.render;
import static app.trecho.server.store.Fixtures.seats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import app.trecho.server.state.Change;
import app.trecho.server.state.StorageException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFaultTest {
    private static final String A = "TR1201-2026-11-27";

    @TempDir
    Path dir;

    @Test
    void anErrorOnTheWriterThreadReachesTheCallerAndTheWriterGoesOn() throws Exception {
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            // as a load that runs out of memory: the caller must hear of it, not wait for ever
            CompletableFuture<Void> failing = CompletableFuture.runAsync(() -> {
                try {
                    store.onWriterThread(db -> {
                        throw new OutOfMemoryError("a load too big for the heap");
                    });
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            var thrown = assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> failing.get(20, TimeUnit.SECONDS));
            assertTrue(thrown.getCause() instanceof OutOfMemoryError, thrown.toString());

            store.append(List.of(account("ana"), hold("h1", "ana", 1, seats(A, "1A"))))
                    .get(20, TimeUnit.SECONDS);
            assertEquals(2, store.load().size(), "the writer thread still serves");
        }
    }

    @Test
    void anErrorInsideACommitFailsItsRequestsRollsBackAndTheStoreRecoversAfterAReload() throws Exception {
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            store.append(List.of(account("ana"))).get(20, TimeUnit.SECONDS);
            // a change that runs the writer out of memory half-way through the transaction
            List<Change.SegmentSeats> exhausting = new java.util.AbstractList<>() {
                @Override
                public Change.SegmentSeats get(int index) {
                    throw new OutOfMemoryError("half-way through a transaction");
                }

                @Override
                public int size() {
                    return 1;
                }
            };
            var good = hold("h1", "ana", 1, seats(A, "1A"));
            var bad = new Change.HoldPlaced("h2", "ana", 1, 100, Fixtures.at(2), Fixtures.at(600), exhausting);

            var failed = store.append(List.of(good, bad));
            var thrown =
                    assertThrows(java.util.concurrent.ExecutionException.class, () -> failed.get(20, TimeUnit.SECONDS));
            assertTrue(thrown.getCause() instanceof StorageException, thrown.toString());
            assertTrue(store.needsReload());

            assertEquals(render(List.of(account("ana"))), render(store.load()), "h1 was rolled back with h2");
            store.append(List.of(good)).get(20, TimeUnit.SECONDS);
            assertEquals(render(List.of(account("ana"), good)), render(store.load()));
        }
    }

    @Test
    void aDataDirThatCannotBeCreatedStopsStartUpNamingThePath() throws IOException {
        // Root-proof: nothing can create a directory below a regular file.
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Path dataDir = file.resolve("data");

        var thrown = assertThrows(StoreException.class, () -> SqliteStore.open(dataDir, Durability.NORMAL));
        assertTrue(thrown.getMessage().contains(dataDir.toString()), thrown.getMessage());
    }

    @Test
    void aDataDirThatIsAFileStopsStartUpNamingThePath() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");

        var thrown = assertThrows(StoreException.class, () -> SqliteStore.open(file, Durability.NORMAL));
        assertTrue(thrown.getMessage().contains(file + " is not a directory"), thrown.getMessage());
    }

    @Test
    void aReadOnlyDataDirStopsStartUpNamingThePath() throws IOException {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(readOnly), "running as root: permissions do not stop writes");

            var thrown = assertThrows(StoreException.class, () -> SqliteStore.open(readOnly, Durability.NORMAL));
            assertTrue(thrown.getMessage().contains(readOnly.toString()), thrown.getMessage());
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aFileThatIsNotADatabaseStopsStartUpNamingIt() throws IOException {
        Path db = dir.resolve(SqliteStore.DATABASE_FILE);
        Files.writeString(db, "these are not the bytes of a database\n".repeat(200));

        var thrown = assertThrows(StoreException.class, () -> SqliteStore.open(dir, Durability.NORMAL));
        assertTrue(thrown.getMessage().contains(db.toString()), thrown.getMessage());
        assertTrue(thrown.getMessage().contains("corrupt"), thrown.getMessage());
    }

    @Test
    void aDamagedPageInsideTheDatabaseStopsStartUpNamingIt() throws IOException {
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            store.append(List.of(account("ana"))).join();
            for (int i = 0; i < 300; i++) {
                store.append(List.of(hold("h" + i, "ana", i, seats(A, SqliteStoreRoundTripTest.seat(i)))))
                        .join();
            }
        }
        Path db = dir.resolve(SqliteStore.DATABASE_FILE);
        try (var file = new RandomAccessFile(db.toFile(), "rw")) {
            byte[] garbage = new byte[4096 * 4];
            java.util.Arrays.fill(garbage, (byte) 0x5a);
            file.seek(4096 * 2);
            file.write(garbage);
        }

        var thrown = assertThrows(StoreException.class, () -> SqliteStore.open(dir, Durability.NORMAL));
        assertTrue(thrown.getMessage().contains(db.toString()), thrown.getMessage());
    }

    @Test
    void aSecondStoreOnTheSameDataDirIsRefused() {
        try (var first = SqliteStore.open(dir, Durability.NORMAL)) {
            var thrown = assertThrows(StoreException.class, () -> SqliteStore.open(dir, Durability.NORMAL));
            assertTrue(thrown.getMessage().contains("in use"), thrown.getMessage());
        }
        SqliteStore.open(dir, Durability.NORMAL).close(); // released on close
    }

    @Test
    void aFullDiskFailsEveryBatchOfTheTransactionLeavesTheStoreConsistentAndItRecovers() throws Exception {
        var ana = account("ana");
        var small = hold("h1", "ana", 1, seats(A, "1A"));
        var huge = new Change.IdempotencyRecorded("ana", "key-huge-01", "f", "x".repeat(300_000), Fixtures.at(2));
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            store.append(List.of(ana)).join();
            long pages = store.onWriterThread(db -> {
                try (ResultSet rows = db.connection().createStatement().executeQuery("PRAGMA page_count")) {
                    rows.next();
                    return rows.getLong(1);
                }
            });
            setMaxPages(store, pages); // the disk is now full

            // Both batches wait together, so they share the transaction that fails.
            CompletableFuture<Void> first;
            CompletableFuture<Void> second;
            try (var blocked = BlockedWriter.block(store)) {
                first = store.append(List.of(small));
                second = store.append(List.of(huge));
            }

            assertStorageFailure(first);
            assertStorageFailure(second);
            assertTrue(store.needsReload());
            assertStorageFailure(store.append(List.of(hold("h2", "ana", 3, seats(A, "2A")))));

            setMaxPages(store, 1_073_741_823); // the disk recovers
            assertEquals(render(List.of(ana)), render(store.load()), "nothing of the failed transaction");
            assertFalse(store.needsReload());
            store.append(List.of(small, huge)).get(30, TimeUnit.SECONDS);
        }
        try (var reopened = SqliteStore.open(dir, Durability.NORMAL)) {
            assertEquals(render(List.of(ana, small, Fixtures.withoutResponse(huge))), render(reopened.load()));
            assertEquals(
                    java.util.Optional.of(huge.response()),
                    reopened.response(huge.row().get(), "ana", "key-huge-01"));
        }
    }

    private static void setMaxPages(SqliteStore store, long pages) throws java.sql.SQLException {
        store.onWriterThread(db -> db.connection().createStatement().execute("PRAGMA max_page_count = " + pages));
    }

    private static void assertStorageFailure(CompletableFuture<Void> future) {
        var thrown = assertThrows(CompletionException.class, future::join);
        assertTrue(thrown.getCause() instanceof StorageException, thrown.toString());
    }
}
