package app.trecho.bench;

import app.trecho.client.ServerErrorException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the simulated customers measure: a latency histogram per operation (HdrHistogram, lock-free
 * recording from many threads, a fixed range), errors by code, and completed cycles per second.
 * What is recorded before {@link #startMeasuring} is warm-up and is taken away there; after {@link
 * #stopMeasuring} nothing is recorded.
 *
 * <p>The warm-up is recorded on the same path as what is measured, into the same histograms: when
 * recording began only at the switch, the JIT had compiled the load driver's hot loop for a branch
 * never taken and threw that code away at the first measured answer (a {@link
 * org.HdrHistogram.Recorder} reset there did the same: its phase flips, its new histogram grows).
 * The driver then ran slower just as measuring began, its first second below the rest in most
 * 500-client runs, and read answers late, which counted as the server's latency.
 */
final class Metrics {
    private static final int MAX_SECONDS = 24 * 3600;
    /** The histograms' fixed range: an hour (longer counts as an hour), so none ever resizes. */
    private static final long LONGEST_NANOS = 3600L * 1_000_000_000L;
    /** Where the measuring clock starts until it really does: every warm-up cycle falls before it. */
    private static final long NOT_YET = 100L * 365 * 24 * 3600 * 1_000_000_000L;

    private final Map<String, AtomicHistogram> latencies = new ConcurrentHashMap<>();
    /** Each histogram as the warm-up left it, taken away from what is reported. */
    private final Map<String, Histogram> warmUp = new ConcurrentHashMap<>();

    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    /** Slot 0: warm-up; slot s + 1: measured second s; the last: beyond MAX_SECONDS. */
    private final AtomicLongArray cyclesPerSecond = new AtomicLongArray(MAX_SECONDS + 2);

    private final LongAdder cycles = new LongAdder();
    private final LongAdder operations = new LongAdder();
    private volatile boolean measuring;
    private volatile boolean stopped;
    private volatile long cyclesBefore;
    private volatile long measureStartNanos = System.nanoTime() + NOT_YET;
    private volatile long measureStopNanos;

    private final Supplier<CpuTimes> cpuClock;
    // CPU time read when measuring started and when it stopped; null before
    private volatile CpuTimes cpuAtStart;
    private volatile CpuTimes cpuAtStop;

    private final ServerWatch server;

    Metrics() {
        this(CpuTimes::now, ServerWatch.NONE);
    }

    /**
     * @param cpuClock reads CPU time used so far (the bench's and the machine's)
     * @param server samples the server's memory and threads while measuring, or {@link ServerWatch#NONE}
     */
    Metrics(Supplier<CpuTimes> cpuClock, ServerWatch server) {
        this.cpuClock = cpuClock;
        this.server = server;
        // The first reading loads classes and a native library: done now, not at the switch to measuring.
        cpuClock.get();
    }

    /** Records one successful operation's latency. */
    void record(String operation, long latencyNanos) {
        operations.increment();
        if (stopped) {
            return;
        }
        latencies
                .computeIfAbsent(operation, k -> new AtomicHistogram(LONGEST_NANOS, 3))
                .recordValue(Math.clamp(latencyNanos, 1, LONGEST_NANOS));
    }

    /** Counts a failed operation under its error code (or a transport failure). */
    void error(String operation, Throwable failure) {
        error(operation, errorName(failure));
    }

    /** Counts a failed operation under {@code code}: the server's error code, or CONNECTION. */
    void error(String operation, String code) {
        operations.increment();
        if (stopped) {
            return;
        }
        errors.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    /** Counts one completed business cycle (e.g. hold + purchase + cancel). */
    void cycle() {
        if (stopped) {
            return;
        }
        cycles.increment();
        long second = Math.floorDiv(System.nanoTime() - measureStartNanos, 1_000_000_000L);
        cyclesPerSecond.incrementAndGet(Math.clamp(second, -1, MAX_SECONDS) + 1);
    }

    /** Discards the warm-up: what was recorded so far no longer counts. */
    void startMeasuring() {
        cpuAtStart = cpuClock.get(); // before anything counts as measured, so the reading takes no measured time
        latencies.forEach((operation, histogram) -> warmUp.put(operation, histogram.copy()));
        for (LongAdder count : errors.values()) {
            count.reset();
        }
        cyclesBefore = cycles.sum();
        measureStartNanos = System.nanoTime();
        measuring = true;
        server.start();
    }

    void stopMeasuring() {
        if (measuring) {
            measureStopNanos = System.nanoTime();
            measuring = false;
            stopped = true;
            cpuAtStop = cpuClock.get(); // after the stop: nothing more is recorded while it reads
            try {
                server.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the samples so far are still reported, the last may be missing
            }
        }
    }

    /** The server's memory and threads sampled while measuring (nothing when it is not watched). */
    ServerWatch server() {
        return server;
    }

    /** How long measuring lasted (start to stop). */
    java.time.Duration measured() {
        long stop = measuring ? System.nanoTime() : measureStopNanos;
        return java.time.Duration.ofNanos(Math.max(0, stop - measureStartNanos));
    }

    /** CPU time read when measuring started, or null before. */
    CpuTimes cpuAtStart() {
        return cpuAtStart;
    }

    /** CPU time read when measuring stopped, or null before. */
    CpuTimes cpuAtStop() {
        return cpuAtStop;
    }

    boolean measuring() {
        return measuring;
    }

    /** Cycles completed while measuring. */
    long cycles() {
        return measuring || stopped ? cycles.sum() - cyclesBefore : 0;
    }

    long cyclesInSecond(int second) {
        return second >= 0 && second < MAX_SECONDS ? cyclesPerSecond.get(second + 1) : 0;
    }

    /** The histograms measured so far, by operation name, sorted. */
    Map<String, Histogram> histograms() {
        Map<String, Histogram> result = new TreeMap<>();
        latencies.forEach((operation, histogram) -> {
            Histogram measured = histogram.copy();
            Histogram before = warmUp.get(operation);
            if (before != null) {
                measured.subtract(before);
            }
            if (measured.getTotalCount() > 0) { // an operation seen only in the warm-up
                result.put(operation, measured);
            }
        });
        return result;
    }

    Map<String, Long> errors() {
        Map<String, Long> result = new TreeMap<>();
        errors.forEach((code, count) -> {
            long n = count.sum();
            if (n > 0) { // a code seen only in the warm-up
                result.put(code, n);
            }
        });
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
