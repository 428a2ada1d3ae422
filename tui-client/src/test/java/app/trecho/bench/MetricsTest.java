package app.trecho.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.client.ConnectionException;
import app.trecho.client.ServerErrorException;
import app.trecho.protocol.ErrorCode;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void warmUpIsDiscardedAndMeasuringCounts() {
        Metrics m = new Metrics();
        m.record("hold", 5_000_000);
        m.cycle();
        m.error("hold", new ServerErrorException(ErrorCode.SEAT_TAKEN, "taken", null));
        m.startMeasuring();
        m.record("hold", 1_000_000);
        m.record("hold", 3_000_000);
        m.cycle();
        m.error("hold", new CompletionException(new ServerErrorException(ErrorCode.SEAT_TAKEN, "taken", null)));
        m.error("purchase", new ConnectionException("lost", null));
        m.stopMeasuring();
        m.record("hold", 9_000_000);

        assertEquals(2, m.histograms().get("hold").getTotalCount());
        assertEquals(1, m.cycles());
        assertEquals(Map.of("SEAT_TAKEN", 1L, "CONNECTION", 1L), m.errors());
        assertEquals(7, m.operations(), "the progress line counts warm-up too");
        assertTrue(m.measured().toNanos() > 0);
    }
}
