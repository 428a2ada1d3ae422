package app.trecho.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.client.ConnectionException;
import app.trecho.client.ServerErrorException;
import app.trecho.protocol.ErrorCode;
import java.util.Map;
import java.util.Set;
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
        assertEquals(3.0, m.histograms().get("hold").getMaxValue() / 1e6, 0.01, "the warm-up's 5 ms is gone");
        assertEquals(1.0, m.histograms().get("hold").getMinValue() / 1e6, 0.01);
        assertEquals(1, m.cycles());
        assertEquals(Map.of("SEAT_TAKEN", 1L, "CONNECTION", 1L), m.errors());
        assertEquals(7, m.operations(), "the progress line counts warm-up too");
        assertTrue(m.measured().toNanos() > 0);
    }

    @Test
    void aCodeSeenOnlyInTheWarmUpIsNotReported() {
        Metrics m = new Metrics();
        m.error("hold", "RATE_LIMITED");
        m.error("hold", "SEAT_TAKEN");
        m.startMeasuring();
        m.error("hold", "SEAT_TAKEN");
        m.stopMeasuring();

        assertEquals(Map.of("SEAT_TAKEN", 1L), m.errors());
        assertEquals(1, m.errorCount());
    }

    @Test
    void theTimelineHasMeasuredCyclesOnly() {
        Metrics m = new Metrics();
        for (int i = 0; i < 5; i++) {
            m.cycle();
        }
        assertEquals(0, m.cycles(), "the warm-up's cycles are not measured ones");
        m.startMeasuring();
        m.cycle();
        m.cycle();
        m.stopMeasuring();
        m.cycle();

        assertEquals(2, m.cycles());
        long inTimeline = 0;
        for (int second = 0; second < 5; second++) {
            inTimeline += m.cyclesInSecond(second);
        }
        assertEquals(2, inTimeline, "warm-up cycles stay out of the first second");
        assertEquals(0, m.cyclesInSecond(-1));
    }

    @Test
    void aLatencyBeyondTheRangeCountsAsAnHourAndNoneAsLessThanANanosecond() {
        Metrics m = new Metrics();
        m.startMeasuring();
        m.record("hold", Long.MAX_VALUE);
        m.record("hold", -5);
        m.stopMeasuring();

        var hold = m.histograms().get("hold");
        assertEquals(2, hold.getTotalCount());
        assertEquals(3600.0, hold.getMaxValue() / 1e9, 3.6, "within the histogram's three digits");
        assertEquals(1, hold.getMinValue());
    }

    @Test
    void theWarmUpsExtremesAndOperationsAreGoneFromTheReport() {
        Metrics m = new Metrics();
        m.record("hold", 100_000); // the warm-up's fastest and slowest: neither may bound the report
        m.record("hold", 90_000_000);
        m.record("release", 2_000_000); // only ever warmed up
        m.startMeasuring();
        m.record("hold", 4_000_000);
        m.record("hold", 6_000_000);
        m.stopMeasuring();

        var histograms = m.histograms();
        assertEquals(Set.of("hold"), histograms.keySet());
        assertEquals(4.0, histograms.get("hold").getMinValue() / 1e6, 0.01);
        assertEquals(6.0, histograms.get("hold").getMaxValue() / 1e6, 0.01);
        assertEquals(2, histograms.get("hold").getTotalCount());
    }
}
