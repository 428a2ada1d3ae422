package app.trecho.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The server's resident memory and thread count, read from Linux's {@code /proc/PID/status} when
 * measuring starts, once a second while it lasts and when it stops ({@code --server-pid}: a server
 * on this machine). The sustained target asks that both stay flat over a long run, and the
 * connections target that 10,000 connections fit in a GiB: the bench reports both itself instead
 * of leaving them to a script beside it. One small file read a second costs the run nothing it
 * could measure.
 */
final class ServerWatch {
    /** Samples one second apart: a 120 s run gives about 121. */
    static final long INTERVAL_MILLIS = 1_000;

    /** How long {@link #stop} waits for the last sample: a read of {@code /proc} takes microseconds. */
    private static final Duration LAST_SAMPLE_WAIT = Duration.ofSeconds(5);

    /** A server not watched: nothing is sampled or reported. */
    static final ServerWatch NONE = new ServerWatch(0, null, INTERVAL_MILLIS);

    /** What one reading found. */
    record Sample(long rssKb, int threads) {}

    /** Reads one sample; throws when the process is gone or the file is not in the expected shape. */
    @FunctionalInterface
    interface Reader {
        Sample read() throws IOException;
    }

    private final long pid;
    private final Reader reader;
    private final long intervalMillis;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    // guarded by this
    private final List<Sample> samples = new ArrayList<>();
    private Thread sampler;
    private boolean stopped;
    private String readFailed;

    ServerWatch(long pid, Reader reader, long intervalMillis) {
        this.pid = pid;
        this.reader = reader;
        this.intervalMillis = intervalMillis;
    }

    static ServerWatch of(long pid) {
        return of(pid, INTERVAL_MILLIS);
    }

    /**
     * Watches process {@code pid}, read once now so that a wrong pid is a clear error before the run
     * starts, not a missing figure after it.
     *
     * @throws IllegalArgumentException when its status cannot be read
     */
    static ServerWatch of(long pid, long intervalMillis) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        // Latin-1 decodes any byte: a process name that is not UTF-8 must not make the pid unreadable.
        Reader reader = () -> parse(Files.readString(status, StandardCharsets.ISO_8859_1));
        try {
            reader.read();
        } catch (IOException | SecurityException e) {
            String why = e instanceof NoSuchFileException ? "no such process" : e.getMessage();
            throw new IllegalArgumentException("--server-pid " + pid + ": cannot read " + status
                    + " (the server must run on this machine, on Linux): " + why);
        }
        return new ServerWatch(pid, reader, intervalMillis);
    }

    /** {@code VmRSS} (kB) and {@code Threads} from the text of {@code /proc/PID/status}. */
    static Sample parse(String status) throws IOException {
        long rssKb = -1;
        int threads = -1;
        try {
            for (String line : status.lines().toList()) {
                if (line.startsWith("VmRSS:")) {
                    rssKb = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.substring(8).trim());
                }
            }
        } catch (NumberFormatException e) {
            throw new IOException("unexpected number in a process status: " + e.getMessage());
        }
        if (rssKb < 0 || threads < 0) {
            throw new IOException("no VmRSS or Threads line in a process status (a zombie, or not Linux)");
        }
        return new Sample(rssKb, threads);
    }

    /** Starts sampling, the first sample now. Only the first call before {@link #stop} does anything. */
    synchronized void start() {
        if (reader == null || sampler != null || stopped) {
            return;
        }
        sampler = Thread.ofPlatform().name("bench-server-watch").daemon().start(this::sampleUntilStopped);
    }

    /**
     * Stops sampling after one last sample and waits (a few seconds at most) for it. Safe to call
     * more than once, and before {@link #start}, which then does nothing.
     */
    void stop() throws InterruptedException {
        Thread t;
        synchronized (this) {
            stopped = true;
            t = sampler;
        }
        stopSignal.countDown();
        if (t != null) {
            t.join(LAST_SAMPLE_WAIT);
        }
    }

    private void sampleUntilStopped() {
        try {
            do {
                if (!sampleOnce()) {
                    return;
                }
            } while (!stopSignal.await(intervalMillis, TimeUnit.MILLISECONDS));
            sampleOnce(); // the state as measuring ended
        } catch (InterruptedException e) {
            failed("sampling was interrupted");
        }
    }

    /** One sample; false (and the reason kept) when the server can no longer be read. */
    private boolean sampleOnce() {
        try {
            Sample s = reader.read();
            synchronized (this) {
                samples.add(s);
            }
            return true;
        } catch (IOException | SecurityException e) {
            failed("cannot read the server's status: " + e.getMessage());
            return false;
        }
    }

    private synchronized void failed(String why) {
        readFailed = why + " (after " + samples.size() + " samples)";
    }

    /**
     * {@code pid}, {@code samples}, {@code intervalSeconds}, then {@code rssMb} and {@code threads},
     * each as {@code first}, {@code last}, {@code min} and {@code max}, and {@code readFailed} when a
     * read failed and sampling stopped there (the server went away); null when nothing was sampled.
     */
    synchronized Map<String, Object> report() {
        if (samples.isEmpty()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", pid);
        m.put("samples", samples.size());
        m.put("intervalSeconds", intervalMillis / 1000.0);
        m.put("rssMb", spread(s -> Report.round(s.rssKb() / 1024.0)));
        m.put("threads", spread(Sample::threads));
        if (readFailed != null) {
            m.put("readFailed", readFailed);
        }
        return m;
    }

    /** The first, last, lowest and highest of one figure over the samples. */
    private Map<String, Number> spread(Function<Sample, Number> figure) {
        List<Number> values = samples.stream().map(figure).toList();
        Comparator<Number> byValue = Comparator.comparingDouble(Number::doubleValue);
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("first", values.getFirst());
        m.put("last", values.getLast());
        m.put("min", values.stream().min(byValue).orElseThrow());
        m.put("max", values.stream().max(byValue).orElseThrow());
        return m;
    }
}
