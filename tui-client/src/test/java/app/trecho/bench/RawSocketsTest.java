package app.trecho.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawSocketsTest {
    @Test
    void findsAPatternAnywhereInALineAndOnlyWithinIt() {
        byte[] buf = "xx\"segment\":\"S1\"yy".getBytes(StandardCharsets.UTF_8);
        byte[] pattern = "\"segment\":\"S1\"".getBytes(StandardCharsets.UTF_8);
        assertEquals(2, RawSockets.indexOf(buf, 0, buf.length, pattern));
        assertEquals(-1, RawSockets.indexOf(buf, 0, buf.length - 3, pattern)); // cut before its end
        assertEquals(-1, RawSockets.indexOf(buf, 3, buf.length - 3, pattern)); // starts after it
        assertEquals(-1, RawSockets.indexOf(buf, 0, 3, pattern)); // shorter than the pattern
    }
}
