package app.trecho.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BufferedLogTest {
    @Test
    void linesReachTheTargetOnlyWhenDrainedNotOnTheLoggersOwnFlush() {
        var target = new ByteArrayOutputStream();
        BufferedLog log = BufferedLog.over(target);

        log.stream().println("hold user=ana hold=H1"); // slf4j-simple prints, then flushes
        log.stream().flush();
        assertEquals(0, target.size(), "a flush per line would cost a write(2) per line");

        log.drain();
        assertEquals("hold user=ana hold=H1" + System.lineSeparator(), target.toString(StandardCharsets.UTF_8));
    }
}
