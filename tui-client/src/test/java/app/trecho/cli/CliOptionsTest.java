package app.trecho.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.tui.TuiOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliOptionsTest {

    @Test
    void defaultsToLocalhost7070InColourAndUnicode() {
        CliOptions options = CliOptions.parse(List.of());
        assertEquals("localhost:7070", options.server());
        TuiOptions tui = TuiOptions.decide(options.noColor(), options.ascii(), null, StandardCharsets.UTF_8);
        assertTrue(tui.color());
        assertFalse(tui.ascii());
    }

    @Test
    void flagsAndEnvironmentTurnOffColourAndUnicode() {
        CliOptions options = CliOptions.parse(List.of("--server", "example.org:9000", "--no-color", "--ascii"));
        assertEquals("example.org:9000", options.server());
        assertFalse(TuiOptions.decide(true, false, null, StandardCharsets.UTF_8).color());
        assertFalse(TuiOptions.decide(false, false, "1", StandardCharsets.UTF_8).color());
        assertTrue(TuiOptions.decide(false, true, null, StandardCharsets.UTF_8).ascii());
        assertTrue(
                TuiOptions.decide(false, false, null, StandardCharsets.US_ASCII).ascii());
    }

    @Test
    void badServerAddressOrUnknownFlagIsAUsageError() {
        assertThrows(CliOptions.UsageException.class, () -> CliOptions.parse(List.of("--server", "nohost")));
        assertThrows(CliOptions.UsageException.class, () -> CliOptions.parse(List.of("--server", "h:99999")));
        assertThrows(CliOptions.UsageException.class, () -> CliOptions.parse(List.of("--colour")));
    }
}
