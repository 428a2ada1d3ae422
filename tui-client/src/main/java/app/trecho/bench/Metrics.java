package app.trecho.bench;

import app.trecho.client.ServerErrorException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the simulated customers measure: a latency recorder per operation (HdrHistogram, lock-free
 * recording from many threads), errors by code, and completed cycles per second. Recording before
 * {@link #startMeasuring} is warm-up and is discarded.
 */
final class Metrics {
    private static final int MAX_SECONDS = 24 * 3600;

    private final Map<String, Recorder> latencies = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicLongArray cyclesPerSecond = new AtomicLongArray(MAX_SECONDS);
    private final LongAdder cycles = new LongAdder();
    private final LongAdder operations = new LongAdder();
    private volatile boolean measuring;
    private volatile long measureStartNanos;
    private volatile long measureStopNanos;

    /** Records one successful operation's latency. */
    void record(String operation, long latencyNanos) {
        operations.increment();
        if (!measuring) {
            return;
        }
        latencies.computeIfAbsent(operation, k -> new Recorder(3)).recordValue(Math.max(1, latencyNanos));
    }

    /** Counts a failed operation under its error code (or a transport failure). */
    void error(String operation, Throwable failure) {
        error(operation, errorName(failure));
    }

    /** Counts a failed operation under {@code code}: the server's error code, or CONNECTION. */
    void error(String operation, String code) {
        operations.increment();
        if (!measuring) {
            return;
        }
        errors.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    /** Counts one completed business cycle (e.g. hold + purchase + cancel). */
    void cycle() {
        if (!measuring) {
            return;
        }
        cycles.increment();
        long second = (System.nanoTime() - measureStartNanos) / 1_000_000_000L;
        if (second >= 0 && second < MAX_SECONDS) {
            cyclesPerSecond.incrementAndGet((int) second);
        }
    }

    void startMeasuring() {
        for (Recorder r : latencies.values()) {
            r.reset();
        }
        errors.clear();
        measureStartNanos = System.nanoTime();
        measuring = true;
    }

    void stopMeasuring() {
        if (measuring) {
            measureStopNanos = System.nanoTime();
            measuring = false;
        }
    }

    /** How long measuring lasted (start to stop). */
    java.time.Duration measured() {
        long stop = measuring ? System.nanoTime() : measureStopNanos;
        return java.time.Duration.ofNanos(Math.max(0, stop - measureStartNanos));
    }

    boolean measuring() {
        return measuring;
    }

    long cycles() {
        return cycles.sum();
    }

    long cyclesInSecond(int second) {
        return second < MAX_SECONDS ? cyclesPerSecond.get(second) : 0;
    }

    /** The histograms measured so far, by operation name, sorted. */
    Map<String, Histogram> histograms() {
        Map<String, Histogram> result = new TreeMap<>();
        latencies.forEach((op, recorder) -> result.put(op, recorder.getIntervalHistogram()));
        return result;
    }

    Map<String, Long> errors() {
        Map<String, Long> result = new TreeMap<>();
        errors.forEach((code, count) -> result.put(code, count.sum()));
        return result;
    }

    /** Operations finished so far, warm-up included (for the progress line). */
    long operations() {
        return operations.sum();
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    static String errorName(Throwable failure) {
        Throwable t = failure;
        while (t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) {
            if (t.getCause() == null) {
                break;
            }
            t = t.getCause();
        }
        if (t instanceof ServerErrorException e) {
            return e.code().wire();
        }
        return "CONNECTION";
    }
}
