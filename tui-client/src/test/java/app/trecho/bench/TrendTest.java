package app.trecho.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendTest {

    private static List<Long> seconds(int n, java.util.function.IntToLongFunction rate) {
        List<Long> perSecond = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            perSecond.add(rate.applyAsLong(i));
        }
        return perSecond;
    }

    @Test
    void theRatioComparesTheLineAtTheMiddleOfEachWindow() {
        // y = 1,000 + i: the first window's middle is second 4.5, the last's (of 120) 114.5
        Trend trend = Trend.fit(seconds(120, i -> 1_000 + i));

        assertEquals(1.0, trend.slopePerSecond(), 1e-9);
        assertEquals(1_000.0, trend.intercept(), 1e-9);
        assertEquals(1_114.5 / 1_004.5, trend.lastOverFirst(10), 1e-12);
        assertEquals(60.0 / 1_059.5 * 100, trend.percentPerMinute(), 1e-12);
    }

    @Test
    void aRateThatDecaysSteadilyShowsAsItsOwnRatio() {
        // 6,000/s falling by 10/s: 5,955 in the middle of the first window, 4,855 in the last
        Trend trend = Trend.fit(seconds(120, i -> 6_000L - 10L * i));

        assertEquals(-10, trend.slopePerSecond(), 1e-9);
        assertEquals(4_855.0 / 5_955.0, trend.lastOverFirst(10), 1e-9);
        assertEquals(-600.0 / 5_405.0 * 100, trend.percentPerMinute(), 1e-9);
    }

    @Test
    void aSlowLastWindowMovesTheLineLessThanTheWindows() {
        // 120 s at 5,000/s, except that the last 10 s dip to 4,000: last/first of the windows is 0.8
        double ratio = Trend.fit(seconds(120, i -> i >= 110 ? 4_000L : 5_000L)).lastOverFirst(10);

        assertTrue(ratio > 0.9 && ratio < 0.93, () -> "trend last/first " + ratio);
    }

    @Test
    void alternatingNoiseLeavesNoSlope() {
        Trend trend = Trend.fit(seconds(120, i -> i % 2 == 0 ? 4_000L : 6_000L));

        assertTrue(Math.abs(trend.percentPerMinute()) < 1, () -> trend + " per minute " + trend.percentPerMinute());
    }

    @Test
    void aRunThatStalledHasNoRatio() {
        // nothing for the first half, then 5,000/s: the line is below zero at the start
        Trend trend = Trend.fit(seconds(120, i -> i < 60 ? 0L : 5_000L));

        assertTrue(Double.isNaN(trend.lastOverFirst(10)));
    }

    @Test
    void oneSecondIsNotATrend() {
        assertThrows(IllegalArgumentException.class, () -> Trend.fit(List.of(5_000L)));
    }
}
