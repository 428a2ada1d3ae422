package app.trecho.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendTest {

    @Test
    void aSlowLastWindowMovesTheLineLessThanTheWindows() {
        // 120 s at 5,000/s, except that the last 10 s dip to 4,000: last/first of the windows is 0.8
        List<Long> perSecond = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            perSecond.add(i >= 110 ? 4_000L : 5_000L);
        }
        Trend trend = Trend.fit(perSecond);

        // the line bends towards the dip, but a fifth of the way the windows do
        double ratio = trend.lastOverFirst(120, 10);
        assertTrue(ratio > 0.9 && ratio < 0.93, () -> "trend last/first " + ratio);
    }

    @Test
    void aRateThatDecaysSteadilyShowsAsItsOwnRatio() {
        // 6,000/s falling by 10/s: 5,955 in the middle of the first window, 4,855 in the last
        List<Long> perSecond = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            perSecond.add(6_000L - 10L * i);
        }
        Trend trend = Trend.fit(perSecond);

        assertEquals(-10, trend.slopePerSecond(), 1e-9);
        assertEquals(4_855.0 / 5_955.0, trend.lastOverFirst(120, 10), 1e-9);
        assertEquals(-600.0 / 5_405.0 * 100, trend.percentPerMinute(120), 1e-9);
    }

    @Test
    void alternatingNoiseAveragesOut() {
        List<Long> perSecond = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            perSecond.add(i % 2 == 0 ? 4_000L : 6_000L);
        }

        assertEquals(1.0, Trend.fit(perSecond).lastOverFirst(60, 10), 0.02);
    }

    @Test
    void oneSecondIsNotATrend() {
        assertThrows(IllegalArgumentException.class, () -> Trend.fit(List.of(5_000L)));
    }
}
