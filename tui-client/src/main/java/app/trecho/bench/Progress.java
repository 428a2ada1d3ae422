package app.trecho.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The once-a-second progress line on stderr, and the switch from warm-up to measuring. */
final class Progress {
    private Progress() {}

    /** Waits for {@code done}, printing progress, and starts measuring at {@code measureStart}. */
    static void track(BenchContext context, String label, long start, long measureStart, long end, CountDownLatch done)
            throws InterruptedException {
        PrintStream err = System.err;
        Metrics metrics = context.metrics();
        long lastOps = metrics.operations();
        long lastCycles = 0;
        long lastTick = System.nanoTime();
        boolean measuring = metrics.measuring();
        while (!done.await(nextWait(measuring ? end : measureStart, lastTick), TimeUnit.NANOSECONDS)) {
            long now = System.nanoTime();
            if (!measuring && now >= measureStart) {
                metrics.startMeasuring();
                measuring = true;
            }
            if (now - lastTick < 1_000_000_000L) {
                continue;
            }
            long ops = metrics.operations();
            long cycles = metrics.cycles();
            double seconds = (now - lastTick) / 1e9;
            err.printf(
                    Locale.ROOT,
                    "\r[%s] %s %4.0fs/%.0fs  %,9.0f req/s  %,8.0f cycles/s  errors %,d   ",
                    label,
                    measuring ? "measuring" : "warm-up  ",
                    (now - start) / 1e9,
                    (end - start) / 1e9,
                    (ops - lastOps) / seconds,
                    (cycles - lastCycles) / seconds,
                    metrics.errorCount());
            err.flush();
            lastOps = ops;
            lastCycles = cycles;
            lastTick = now;
        }
        if (!measuring) {
            // The run ended before its warm-up did (e.g. every customer failed): nothing was measured.
            metrics.startMeasuring();
        }
        err.println();
    }

    private static long nextWait(long boundary, long lastTick) {
        long now = System.nanoTime();
        long untilTick = lastTick + 1_000_000_000L - now;
        long untilBoundary = boundary - now;
        long wait = untilBoundary > 0 ? Math.min(untilTick, untilBoundary) : untilTick;
        return Math.max(1_000_000L, wait);
    }
}
