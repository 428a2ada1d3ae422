package app.trecho.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void theDocumentedCommandLineParses() {
        BenchOptions o = BenchOptions.parse(new String[] {
            "--scenario",
            "book",
            "--clients",
            "100",
            "--duration",
            "30s",
            "--warmup",
            "5s",
            "--server",
            "127.0.0.1:7070",
            "--json",
            "out.json"
        });
        assertEquals(Scenario.Kind.BOOK, o.scenario());
        assertEquals(100, o.clients());
        assertEquals(Duration.ofSeconds(30), o.duration());
        assertEquals(Duration.ofSeconds(5), o.warmup());
        assertEquals("127.0.0.1", o.host());
        assertEquals(7070, o.port());
        assertEquals(Path.of("out.json"), o.json());
        assertEquals(0, o.rate());
    }

    @Test
    void defaultsApplyAndIpv6HostsAreUnbracketed() {
        BenchOptions o = BenchOptions.parse(new String[] {"--scenario", "race", "--server", "[::1]:9000"});
        assertEquals("::1", o.host());
        assertEquals(9000, o.port());
        assertEquals(200, o.rounds());
        assertNull(o.json());
        assertEquals(Duration.ofSeconds(5), o.warmup());
    }

    @Test
    void theServersProcessIdIsOptionalAndPositive() {
        assertEquals(0, BenchOptions.parse(new String[] {"--scenario", "book"}).serverPid(), "not watched by default");
        assertEquals(
                4242,
                BenchOptions.parse(new String[] {"--scenario", "book", "--server-pid", "4242"})
                        .serverPid());
        for (String bad : new String[] {"0", "-1", "self"}) {
            var e = assertThrows(
                    BenchOptions.UsageException.class,
                    () -> BenchOptions.parse(new String[] {"--scenario", "book", "--server-pid", bad}));
            assertTrue(e.getMessage().startsWith("--server-pid must be a positive whole number"), e.getMessage());
        }
    }

    @Test
    void durationsAcceptMillisecondsSecondsMinutes() {
        assertEquals(Duration.ofMillis(250), BenchOptions.duration("--d", "250ms"));
        assertEquals(Duration.ofMinutes(2), BenchOptions.duration("--d", "2m"));
        assertEquals(Duration.ZERO, BenchOptions.duration("--d", "0s"));
    }

    @Test
    void badValuesNameTheOption() {
        var noScenario = assertThrows(BenchOptions.UsageException.class, () -> BenchOptions.parse(new String[] {}));
        assertTrue(noScenario.getMessage().contains("--scenario"));
        var badScenario = assertThrows(
                BenchOptions.UsageException.class, () -> BenchOptions.parse(new String[] {"--scenario", "fly"}));
        assertTrue(badScenario.getMessage().contains("fly"));
        var badClients = assertThrows(
                BenchOptions.UsageException.class,
                () -> BenchOptions.parse(new String[] {"--scenario", "book", "--clients", "-3"}));
        assertTrue(badClients.getMessage().contains("--clients"));
        var badDuration = assertThrows(
                BenchOptions.UsageException.class,
                () -> BenchOptions.parse(new String[] {"--scenario", "book", "--duration", "soon"}));
        assertTrue(badDuration.getMessage().contains("--duration"));
        var badServer = assertThrows(
                BenchOptions.UsageException.class,
                () -> BenchOptions.parse(new String[] {"--scenario", "book", "--server", "nohost"}));
        assertTrue(badServer.getMessage().contains("host:port"));
        var missingValue =
                assertThrows(BenchOptions.UsageException.class, () -> BenchOptions.parse(new String[] {"--scenario"}));
        assertTrue(missingValue.getMessage().contains("needs a value"));
    }
}
