package app.trecho.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.server.state.Change;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * kill -9 of a real process that is appending: every acknowledged change is stored, and what is
 * stored is exactly a prefix of what was appended (transactions are atomic and in order).
 */
class CrashTest {
    private static final String EOF = "\u0000eof";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} durability, killed after {1} acknowledgements")
    @CsvSource({"NORMAL, 1", "NORMAL, 200", "NORMAL, 3000", "NORMAL, 20000", "ALWAYS, 100"})
    void everyAcknowledgedChangeSurvivesKillMinus9(Durability durability, int killAfter) throws Exception {
        Path data = dir.resolve("data");
        Path stderr = dir.resolve("child-stderr.txt");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                        CrashAppender.class.getName(),
                        data.toString(),
                        durability.name())
                .redirectError(stderr.toFile())
                .start();
        var lines = new LinkedBlockingQueue<String>();
        Thread reader = Thread.ofPlatform().start(() -> readLines(child, lines));

        Set<Integer> acked = new HashSet<>();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (acked.size() < killAfter) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertNotNull(line, () -> "no acknowledgement in time; child stderr:\n" + read(stderr));
                assertTrue(!line.equals(EOF), () -> "child ended early; stderr:\n" + read(stderr));
                record(line, acked);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child killed");
        }
        reader.join(Duration.ofSeconds(30));
        for (String line; (line = lines.poll()) != null; ) {
            record(line, acked); // printed before the kill, read after it: acknowledged too
        }

        List<Change> stored;
        try (var store = SqliteStore.open(data, Durability.NORMAL)) {
            stored = store.load();
        }
        int prefix = durablePrefix(stored);
        int highestAck = acked.stream().mapToInt(Integer::intValue).max().orElse(-1);
        assertTrue(
                highestAck < prefix,
                "acknowledged up to " + highestAck + " but only changes below " + prefix + " are stored");
        assertEquals(expectedState(prefix), describe(stored), "exactly the first " + prefix + " changes");
    }

    private static void record(String line, Set<Integer> acked) {
        if (line.startsWith("ack ")) {
            acked.add(Integer.parseInt(line.substring(4)));
        }
    }

    /** The number of leading changes the stored state reflects. */
    private static int durablePrefix(List<Change> stored) {
        Set<String> present = new HashSet<>();
        for (Change change : stored) {
            switch (change) {
                case Change.HoldPlaced h -> present.add(h.holdId());
                case Change.Purchased p -> present.add("purchase " + p.reference());
                // a cancelled booking loads as its reference alone: its hold and purchase were there
                case Change.ReferencesRetired r -> r.forEach(ref -> present.add("cancel " + ref));
                default -> {
                    // accounts follow from the holds above
                }
            }
        }
        int n = 0;
        while (present(present, n)) {
            n++;
        }
        return n;
    }

    private static boolean present(Set<String> present, int n) {
        return switch (n % 3) {
            case 0 ->
                present.contains(CrashAppender.holdId(n))
                        || present.contains("cancel " + CrashAppender.reference(n + 1));
            case 1 ->
                present.contains("purchase " + CrashAppender.reference(n))
                        || present.contains("cancel " + CrashAppender.reference(n));
            default -> present.contains("cancel " + CrashAppender.reference(n - 1));
        };
    }

    /** What load() must return after exactly the first {@code prefix} changes. */
    private static List<String> expectedState(int prefix) {
        List<String> bookings = new ArrayList<>();
        List<String> holds = new ArrayList<>();
        for (int n = 0; n < prefix; n++) {
            switch (n % 3) {
                case 0 -> holds.add("hold " + CrashAppender.holdId(n));
                case 1 ->
                    bookings.add("booking " + CrashAppender.reference(n) + (n + 1 < prefix ? " cancelled" : " live"));
                default -> {
                    // the cancellation shows on its booking
                }
            }
        }
        List<String> expected = new ArrayList<>(List.of("account " + CrashAppender.ACCOUNT));
        expected.addAll(bookings);
        expected.addAll(holds);
        return expected;
    }

    private static List<String> describe(List<Change> stored) {
        Set<String> booked = new HashSet<>();
        stored.forEach(c -> {
            if (c instanceof Change.Purchased p) {
                booked.addAll(p.holdIds());
            }
        });
        List<String> described = new ArrayList<>();
        for (Change change : stored) {
            switch (change) {
                case Change.AccountCreated a -> described.add("account " + a.username());
                case Change.Purchased p -> described.add("booking " + p.reference() + " live");
                case Change.ReferencesRetired r -> r.forEach(ref -> described.add("booking " + ref + " cancelled"));
                case Change.HoldPlaced h -> {
                    if (!booked.contains(h.holdId())) {
                        described.add("hold " + h.holdId());
                    }
                }
                default -> described.add("unexpected " + change);
            }
        }
        return described;
    }

    private static void readLines(Process child, LinkedBlockingQueue<String> lines) {
        try (var in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("read failed: " + e.getMessage());
        }
        lines.add(EOF);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
