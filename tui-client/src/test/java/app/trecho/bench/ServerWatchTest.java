package app.trecho.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30) // a stop() that hangs must fail the build, not stall it
class ServerWatchTest {
    private static final String STATUS = """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            Pid:\t4242
            VmPeak:\t 4000000 kB
            VmRSS:\t  329216 kB
            RssAnon:\t  300000 kB
            Threads:\t29
            voluntary_ctxt_switches:\t12
            """;

    @Test
    void readsResidentMemoryAndThreadsFromAProcessStatus() throws IOException {
        assertEquals(new ServerWatch.Sample(329_216, 29), ServerWatch.parse(STATUS));
    }

    @Test
    void aStatusWithoutTheFiguresIsAnError() {
        // A zombie process has no VmRSS line; garbage in a number is no figure either.
        assertThrows(IOException.class, () -> ServerWatch.parse("Name:\tjava\nState:\tZ (zombie)\nThreads:\t1\n"));
        assertThrows(IOException.class, () -> ServerWatch.parse("VmRSS:\t  lots kB\nThreads:\t29\n"));
    }

    @Test
    void reportsFirstLastLowestAndHighestOfEachFigure() throws InterruptedException {
        List<ServerWatch.Sample> script = List.of(
                new ServerWatch.Sample(300 * 1024, 30),
                new ServerWatch.Sample(420 * 1024, 28),
                new ServerWatch.Sample(350 * 1024, 27));
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch threeRead = new CountDownLatch(3);
        ServerWatch watch = new ServerWatch(
                4242,
                () -> {
                    threeRead.countDown();
                    return script.get(Math.min(reads.getAndIncrement(), script.size() - 1));
                },
                1);

        watch.start();
        assertTrue(threeRead.await(10, TimeUnit.SECONDS), "the sampler reads on its own");
        watch.stop();

        Map<String, Object> report = watch.report();
        assertTrue((Integer) report.get("samples") >= 4, "three, then one as it stops: " + report);
        assertEquals(4242L, report.get("pid"));
        assertEquals(Map.of("first", 300.0, "last", 350.0, "min", 300.0, "max", 420.0), report.get("rssMb"));
        assertEquals(Map.of("first", 30, "last", 27, "min", 27, "max", 30), report.get("threads"));
        assertTrue(!report.containsKey("readFailed"), report::toString);
    }

    @Test
    void aServerThatGoesAwayEndsSamplingAndSaysSo() throws InterruptedException {
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch failed = new CountDownLatch(1);
        ServerWatch watch = new ServerWatch(
                4242,
                () -> {
                    if (reads.incrementAndGet() > 2) {
                        failed.countDown();
                        throw new IOException("No such file or directory");
                    }
                    return new ServerWatch.Sample(1024, 5);
                },
                1);

        watch.start();
        assertTrue(failed.await(10, TimeUnit.SECONDS));
        watch.stop(); // returns although the sampler ended on its own

        Map<String, Object> report = watch.report();
        assertEquals(2, report.get("samples"), "what was read before is still reported");
        assertEquals(
                "cannot read the server's status: No such file or directory (after 2 samples)",
                report.get("readFailed"));
        assertEquals(3, reads.get(), "no reading after the failure");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Table.printServer(report, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertTrue(
                out.toString(StandardCharsets.UTF_8).endsWith("; " + report.get("readFailed") + System.lineSeparator()),
                out::toString);
    }

    @Test
    void notWatchingSamplesAndReportsNothing() throws InterruptedException {
        ServerWatch.NONE.start();
        ServerWatch.NONE.stop();
        assertNull(ServerWatch.NONE.report());
    }

    @Test
    void aWatchStoppedBeforeItStartsNeverSamples() throws InterruptedException {
        AtomicInteger reads = new AtomicInteger();
        ServerWatch watch = countingWatch(reads, new ServerWatch.Sample(1024, 2), 1);
        watch.stop(); // e.g. a scenario that failed before measuring began
        watch.start();
        watch.stop();

        assertEquals(0, reads.get());
        assertNull(watch.report());
    }

    @Test
    void watchesARealProcessOnLinux() throws InterruptedException {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "process status comes from Linux's /proc");
        ServerWatch watch = ServerWatch.of(ProcessHandle.current().pid(), 60_000); // no timed sample between
        watch.start();
        watch.stop();

        Map<String, Object> report = watch.report();
        assertEquals(2, report.get("samples"), "one as it starts, one as it stops");
        Map<?, ?> rss = (Map<?, ?>) report.get("rssMb");
        assertTrue(((Number) rss.get("min")).doubleValue() > 1, report::toString);
        Map<?, ?> threads = (Map<?, ?>) report.get("threads");
        assertTrue(((Number) threads.get("min")).intValue() > 1, "a JVM has more than one thread: " + report);
    }

    @Test
    void aProcessThatCannotBeReadIsRefusedBeforeTheRun() {
        var e = assertThrows(IllegalArgumentException.class, () -> ServerWatch.of(Long.MAX_VALUE));
        assertTrue(e.getMessage().startsWith("--server-pid " + Long.MAX_VALUE + ": cannot read"), e.getMessage());
    }

    @Test
    void metricsSampleOnlyWhileMeasuring() {
        AtomicInteger reads = new AtomicInteger();
        ServerWatch watch = countingWatch(reads, new ServerWatch.Sample(2048, 3), 60_000);
        Metrics metrics = new Metrics(() -> new CpuTimes(-1, null), watch);
        assertEquals(0, reads.get(), "the warm-up is not sampled");

        metrics.startMeasuring();
        metrics.stopMeasuring();

        assertEquals(2, reads.get(), "one as measuring starts, one as it stops");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Table.printServer(metrics.server().report(), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(
                "server (pid 7, 2 samples): RSS 2.0 → 2.0 MB (lowest 2.0, highest 2.0), threads 3 → 3 (lowest 3, highest 3)"
                        + System.lineSeparator(),
                out.toString(StandardCharsets.UTF_8));
    }

    /** A watch of pid 7 that always reads {@code sample} and counts its reads. */
    private static ServerWatch countingWatch(AtomicInteger reads, ServerWatch.Sample sample, long intervalMillis) {
        return new ServerWatch(
                7,
                () -> {
                    reads.incrementAndGet();
                    return sample;
                },
                intervalMillis);
    }
}
