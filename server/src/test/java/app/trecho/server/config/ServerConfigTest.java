package app.trecho.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerConfigTest {

    @Test
    void defaultsMatchTheDocumentedValues() {
        ServerConfig c = ServerConfig.defaults();
        assertEquals(7070, c.port());
        assertEquals("0.0.0.0", c.bind().getHostAddress());
        assertEquals(Path.of("./data"), c.dataDir());
        assertEquals(Duration.ofMinutes(10), c.holdTtl());
        assertNull(c.network());
        assertEquals(10_000, c.maxConnections());
        assertEquals(Duration.ofSeconds(10), c.handshakeTimeout());
        assertEquals(Duration.ofSeconds(15), c.idleTimeout());
        assertEquals(Duration.ofSeconds(5), c.heartbeat());
        assertEquals(1_000, c.rateLimit());
        assertEquals(2_000, c.rateBurst());
        assertEquals(5, c.loginFailuresPerAccount());
        assertEquals(20, c.loginFailuresPerAddress());
        assertEquals(1_024, c.outboundQueue());
    }

    @Test
    void flagsOverrideEnvironmentWhichOverridesDefaults() throws Exception {
        ServerConfig c = ServerConfig.parse(
                List.of("--port", "9000", "--hold-ttl=90s", "--network", "net.json"),
                Map.of("TRECHO_PORT", "8000", "TRECHO_MAX_CONNECTIONS", "5", "TRECHO_HOLD_TTL", "1h"));
        assertEquals(9000, c.port());
        assertEquals(5, c.maxConnections());
        assertEquals(Duration.ofSeconds(90), c.holdTtl());
        assertEquals(Path.of("net.json"), c.network());
    }

    @ParameterizedTest
    @CsvSource({"90s, 90", "10m, 600", "1h, 3600", "PT15M, 900", "1500ms, 1"})
    void holdTtlAcceptsShortFormsAndIso(String text, long seconds) throws Exception {
        assertEquals(
                seconds,
                ServerConfig.parse(List.of("--hold-ttl", text), Map.of())
                        .holdTtl()
                        .toSeconds());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--port|abc|--port: 'abc' is not a whole number",
                "--port|70000|--port: 70000 is out of range 0..65535",
                "--hold-ttl|soon|--hold-ttl: 'soon' is not a duration",
                "--hold-ttl|0s|--hold-ttl: must be longer than zero",
                "--max-connections|0|--max-connections: 0 is out of range",
                "--bind|no.such.host.invalid|--bind: 'no.such.host.invalid' is not a known address"
            })
    void badFlagValueNamesTheFlag(String flag, String value, String message) {
        ConfigException e =
                assertThrows(ConfigException.class, () -> ServerConfig.parse(List.of(flag, value), Map.of()));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void idempotencyResultsAreKeptADayOrTheHoldTtlIfLonger() throws Exception {
        assertEquals(Duration.ofHours(24), ServerConfig.defaults().idempotencyRetention());
        assertEquals(
                Duration.ofHours(48),
                ServerConfig.parse(List.of("--hold-ttl", "48h"), Map.of()).idempotencyRetention());
    }

    @Test
    void badEnvironmentValueNamesTheVariable() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> ServerConfig.parse(List.of(), Map.of("TRECHO_IDLE_TIMEOUT", "-5s")));
        assertTrue(e.getMessage().startsWith("TRECHO_IDLE_TIMEOUT:"), e.getMessage());
    }

    @Test
    void unknownFlagAndMissingValueAreRefused() {
        assertEquals(
                "unknown argument --colour (see --help)",
                assertThrows(ConfigException.class, () -> ServerConfig.parse(List.of("--colour", "red"), Map.of()))
                        .getMessage());
        assertEquals(
                "--port needs a value",
                assertThrows(ConfigException.class, () -> ServerConfig.parse(List.of("--port"), Map.of()))
                        .getMessage());
    }

    @Test
    void helpListsEveryFlagWithItsVariableAndDefault() {
        String help = ServerConfig.help();
        for (Option o : Option.values()) {
            assertTrue(help.contains(o.flag()), o.flag());
            assertTrue(help.contains(o.env()), o.env());
        }
        assertTrue(help.contains("default 7070"));
        assertTrue(ServerConfig.wantsHelp(List.of("--port", "1", "--help")));
    }
}
