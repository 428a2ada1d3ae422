package app.trecho.server.store;

import static app.trecho.server.store.Fixtures.account;
import static app.trecho.server.store.Fixtures.hold;
import static app.trecho.server.store.Fixtures.purchase;
import static app.trecho.server.store.Fixtures.render;
import static app.trecho.server.store.Fixtures.seats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.server.state.Change;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupTest {
    private static final String A = "TR1201-2026-11-27";

    @TempDir
    Path dir;

    @Test
    void aBackupTakenWhileTheStoreRunsOpensAndHoldsEverythingAppendedBeforeIt() throws IOException {
        Path copy = dir.resolve("backup.db");
        List<Change> before =
                List.of(account("ana"), hold("h1", "ana", 1, seats(A, "1A")), purchase("ABCDEF", "ana", 2, "h1"));
        try (var store = SqliteStore.open(dir.resolve("data"), Durability.NORMAL)) {
            store.append(before); // not waited for: the backup still comes after it
            store.backup(copy);
            store.append(List.of(hold("h2", "ana", 3, seats(A, "2A")))).join();
        }

        Path restored = Files.createDirectory(dir.resolve("restored"));
        Files.copy(copy, restored.resolve(SqliteStore.DATABASE_FILE));
        try (var store = SqliteStore.open(restored, Durability.NORMAL)) {
            assertEquals(render(before), render(store.load()));
        }
    }

    @Test
    void anotherProcessCanBackUpTheDataDirWhileAStoreRunsOnIt() throws IOException {
        Path data = dir.resolve("data");
        Path copy = dir.resolve("offline.db");
        List<Change> committed = List.of(account("ana"), hold("h1", "ana", 1, seats(A, "1A")));
        try (var store = SqliteStore.open(data, Durability.NORMAL)) {
            store.append(committed).join();
            SqliteStore.backup(data, copy); // a separate connection, as a backup command would use
        }

        Path restored = Files.createDirectory(dir.resolve("restored"));
        Files.copy(copy, restored.resolve(SqliteStore.DATABASE_FILE));
        try (var store = SqliteStore.open(restored, Durability.NORMAL)) {
            assertEquals(render(committed), render(store.load()));
        }
    }

    @Test
    void aBackupNeverOverwritesAnExistingFile() throws IOException {
        Path existing = Files.writeString(dir.resolve("precious.db"), "keep me");
        try (var store = SqliteStore.open(dir.resolve("data"), Durability.NORMAL)) {
            var thrown = assertThrows(StoreException.class, () -> store.backup(existing));
            assertTrue(thrown.getMessage().contains(existing.toString()), thrown.getMessage());
        }
        assertEquals("keep me", Files.readString(existing));
    }
}
