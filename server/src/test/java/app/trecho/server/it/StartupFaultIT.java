package app.trecho.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar on an unusable data directory: one line naming the path, no stack trace, exit code 1. */
class StartupFaultIT {
    @TempDir
    Path dir;

    @Test
    void aDataDirBelowARegularFileStopsStartUpWithOneLineNamingIt() throws Exception {
        // root-proof: nobody can create a directory below a regular file
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Path dataDir = file.resolve("data");

        ServerProcess server = ServerProcess.launch(List.of("--port", "0", "--data-dir", dataDir.toString()));

        assertEquals(1, server.awaitExit());
        List<String> output = server.output();
        assertEquals(1, output.size(), () -> "expected one line, got:\n" + String.join("\n", output));
        assertTrue(output.getFirst().startsWith("trecho-server: "), output.getFirst());
        assertTrue(output.getFirst().contains(dataDir.toString()), output.getFirst());
    }

    @Test
    void aCorruptDatabaseStopsStartUpWithOneLineNamingIt() throws Exception {
        Path db = dir.resolve("trecho.db");
        Files.writeString(db, "these are not the bytes of a database\n".repeat(200));

        ServerProcess server = ServerProcess.launch(List.of("--port", "0", "--data-dir", dir.toString()));

        assertEquals(1, server.awaitExit());
        List<String> output = server.output();
        assertEquals(1, output.size(), () -> "expected one line, got:\n" + String.join("\n", output));
        assertTrue(output.getFirst().contains(db.toString()), output.getFirst());
    }
}
