package app.trecho.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.server.state.Change;
import app.trecho.server.store.SqliteStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int run(String... args) {
        return BackupCommand.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @Test
    void copiesTheDatabaseWhileItsStoreIsOpen() throws Exception {
        Path data = dir.resolve("data");
        Path copy = dir.resolve("copy.db");
        var ana = new Change.AccountCreated(
                "ana", "PBKDF2WithHmacSHA256", 1000, new byte[] {1}, new byte[] {2}, Instant.EPOCH);
        try (SqliteStore store = SqliteStore.open(data, app.trecho.server.store.Durability.NORMAL)) {
            store.append(List.of(ana)).join();

            assertEquals(0, run("backup", copy.toString(), "--data-dir", data.toString()), out.toString());
        }
        Path restored = Files.createDirectory(dir.resolve("restored"));
        Files.move(copy, restored.resolve(SqliteStore.DATABASE_FILE));
        try (SqliteStore store = SqliteStore.open(restored, app.trecho.server.store.Durability.NORMAL)) {
            assertEquals(
                    List.of("ana"),
                    store.load().stream()
                            .map(c -> ((Change.AccountCreated) c).username())
                            .toList());
        }
    }

    @Test
    void refusesToOverwriteAndNamesTheTarget() throws Exception {
        Path data = dir.resolve("data");
        SqliteStore.open(data, app.trecho.server.store.Durability.NORMAL).close();
        Path existing = Files.writeString(dir.resolve("existing.db"), "keep me");

        assertEquals(1, run("backup", existing.toString(), "--data-dir", data.toString()));
        assertTrue(out.toString().contains(existing.toString()), out.toString());
        assertEquals("keep me", Files.readString(existing));
    }

    @Test
    void withoutATargetItPrintsTheUsage() {
        assertEquals(1, run("backup"));
        assertTrue(out.toString().contains("usage: backup FILE"), out.toString());
    }
}
