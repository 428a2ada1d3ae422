package app.trecho.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The server's resident memory and thread count, read once a second from Linux's {@code
 * /proc/PID/status} while measuring ({@code --server-pid}: a server on this machine). The sustained
 * target asks that both stay flat over a long run, and the connections target that 10,000
 * connections fit in a GiB: the bench reports both itself instead of leaving them to a script
 * beside it. One small file read a second costs the run nothing it could measure.
 */
final class ServerWatch {
    /** Samples one second apart: a 120 s run gives 121, and a fan-out's peak is not missed by much. */
    static final long INTERVAL_MILLIS = 1_000;

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
    private final List<Sample> samples = new ArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private Thread sampler;
    private String endedEarly;

    ServerWatch(long pid, Reader reader, long intervalMillis) {
        this.pid = pid;
        this.reader = reader;
        this.intervalMillis = intervalMillis;
    }

    /**
     * Watches process {@code pid}, read once now so that a wrong pid is a clear error before the run
     * starts, not a missing figure after it.
     *
     * @throws IllegalArgumentException when its status cannot be read
     */
    static ServerWatch of(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        Reader reader = () -> parse(Files.readString(status));
        try {
            reader.read();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("--server-pid " + pid + ": cannot read " + status
                    + " (the server must run on this machine, on Linux): " + e.getMessage());
        }
        return new ServerWatch(pid, reader, INTERVAL_MILLIS);
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

    boolean watching() {
        return reader != null;
    }

    /** Starts sampling, the first sample now. Only the first call does anything. */
    synchronized void start() {
        if (reader == null || sampler != null) {
            return;
        }
        sampler = Thread.ofPlatform().name("bench-server-watch").daemon().start(this::sampleUntilStopped);
    }

    /** Stops sampling after one last sample, and waits for the sampler to finish. */
    void stop() throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = sampler;
        }
        if (t == null) {
            return;
        }
        stop.countDown();
        t.join();
    }

    private void sampleUntilStopped() {
        try {
            do {
                if (!sampleOnce()) {
                    return;
                }
            } while (!stop.await(intervalMillis, TimeUnit.MILLISECONDS));
            sampleOnce(); // the state as measuring ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                endedEarly = "cannot read the server's status after " + samples.size() + " samples: " + e.getMessage();
            }
            return false;
        }
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /**
     * {@code pid}, {@code samples}, then {@code rssMb} and {@code threads}, each as {@code first},
     * {@code last}, {@code min} and {@code max}, and {@code endedEarly} when sampling stopped before
     * measuring did; null when nothing was sampled.
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
        if (endedEarly != null) {
            m.put("endedEarly", endedEarly);
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
