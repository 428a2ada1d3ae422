package app.trecho.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuTimesTest {
    @TempDir
    Path dir;

    @Test
    void readsTheMachineLineAndCountsItsCpus() throws IOException {
        Path stat = write(
                "cpu  100 5 40 800 20 3 2 30 7 0",
                "cpu0 50 2 20 400 10 1 1 15 3 0",
                "cpu1 50 3 20 400 10 2 1 15 4 0",
                "intr 12345 0 0",
                "ctxt 999");

        CpuTimes.Machine m = CpuTimes.readMachine(stat);

        assertEquals(new CpuTimes.Machine(2, 100 + 5 + 40 + 3 + 2, 800, 20, 30), m, "guest time is inside user");
    }

    @Test
    void anOlderKernelsShortLineCountsWhatItHas() throws IOException {
        assertEquals(
                new CpuTimes.Machine(1, 15, 70, 0, 0),
                CpuTimes.readMachine(write("cpu  10 2 3 70", "cpu0 10 2 3 70")),
                "no iowait, irq or steal fields: none counted");
    }

    @Test
    void noMachineFiguresWithoutAReadableStatFile() throws IOException {
        assertNull(CpuTimes.readMachine(dir.resolve("missing")));
        assertNull(CpuTimes.readMachine(write("")));
        assertNull(CpuTimes.readMachine(write("intr 1 2 3")));
        assertNull(CpuTimes.readMachine(write("cpu  1 2")));
        assertNull(CpuTimes.readMachine(write("cpu  1 2 x 4 5")));
    }

    @Test
    void theWindowsSharesAndTheBenchsCost() {
        var start = new CpuTimes(1_000_000_000L, new CpuTimes.Machine(2, 1_000, 500, 10, 5));
        // 10 s measured on 2 CPUs: 2,000 ticks, 1,880 busy, 80 idle, 20 iowait, 20 steal
        var stop = new CpuTimes(4_000_000_000L, new CpuTimes.Machine(2, 2_880, 580, 30, 25));

        Map<String, Object> cpu = CpuTimes.report(
                start,
                stop,
                Duration.ofSeconds(10),
                mapOf("microsPerRequest", 200_000L, "microsPerCycle", 60_000L, "microsPerDelivery", 0L));

        assertEquals(
                Map.of("cores", 0.3, "microsPerRequest", 15.0, "microsPerCycle", 50.0),
                cpu.get("bench"),
                "no deliveries: no cost per delivery");
        assertEquals(
                Map.of(
                        "cpus", 2,
                        "busyPercent", 94.0,
                        "stealPercent", 1.0,
                        "iowaitPercent", 1.0,
                        "idlePercent", 4.0),
                cpu.get("machine"));
    }

    @Test
    void figuresTheReadingsCannotGiveAreLeftOut() {
        var unknown = new CpuTimes(-1, null);

        assertEquals(
                Map.of(), CpuTimes.report(unknown, unknown, Duration.ofSeconds(10), Map.of("microsPerRequest", 100L)));
        var noMachine = CpuTimes.report(
                new CpuTimes(0, null),
                new CpuTimes(6_000_000L, null),
                Duration.ofSeconds(1),
                Map.of("microsPerRequest", 0L));
        assertEquals(Map.of("bench", Map.of("cores", 0.01)), noMachine, "no requests: no cost per request");
        var still = new CpuTimes.Machine(2, 10, 10, 0, 0);
        assertFalse(
                CpuTimes.report(new CpuTimes(0, still), new CpuTimes(0, still), Duration.ofSeconds(1), Map.of())
                        .containsKey("machine"),
                "no ticks between the readings: no shares");
    }

    @Test
    void aWindowTooShortForTheBenchsClockHasNoBenchFigures() {
        var start = new CpuTimes(0, null);
        var stop = new CpuTimes(10_000_000L, null); // one 10 ms tick crossed in half a second

        assertFalse(CpuTimes.report(start, stop, Duration.ofMillis(500), Map.of("microsPerRequest", 10L))
                .containsKey("bench"));
    }

    @Test
    void aCounterSteppedBackCountsAsNoneAndTheSharesStillAddUp() {
        var start = new CpuTimes(0, new CpuTimes.Machine(2, 1_000, 500, 10, 5));
        var stop = new CpuTimes(0, new CpuTimes.Machine(2, 1_150, 550, 9, 5)); // iowait one tick back

        Map<String, Object> cpu = CpuTimes.report(start, stop, Duration.ofSeconds(1), Map.of());

        assertEquals(
                Map.of("cpus", 2, "busyPercent", 75.0, "stealPercent", 0.0, "iowaitPercent", 0.0, "idlePercent", 25.0),
                cpu.get("machine"));
    }

    @Test
    void theBenchsCostIsPerRequestAndCycleOrPerDelivery() {
        Map<String, Object> figures = Map.of("delivery", Map.of("count", 20_000L), "fanout", Map.of("count", 2L));

        assertEquals(
                mapOf("microsPerRequest", 300L, "microsPerCycle", 100L),
                Report.workDone(options("book"), 300, 100, Map.of()));
        assertEquals(
                Map.of("microsPerDelivery", 20_000L),
                Report.workDone(options("connections"), 4, 0, figures),
                "its few requests only set off the deliveries the bench works for");
    }

    @Test
    void metricsReadsCpuTimeWhenMeasuringStartsAndStops() {
        var first = new CpuTimes(7, null);
        var start = new CpuTimes(10, null);
        var stop = new CpuTimes(20, null);
        Queue<CpuTimes> readings = new ArrayDeque<>(List.of(first, start, stop));
        Metrics m = new Metrics(readings::remove, ServerWatch.NONE);
        assertNull(m.cpuAtStart());

        m.startMeasuring();
        m.stopMeasuring();
        m.stopMeasuring(); // a second stop reads nothing more

        assertEquals(start, m.cpuAtStart());
        assertEquals(stop, m.cpuAtStop());
        assertTrue(readings.isEmpty());
    }

    @Test
    void theTableSaysWhereTheCpuWent() {
        Map<String, Object> cpu = Map.of(
                "bench", Map.of("cores", 0.3, "microsPerRequest", 15.0),
                "machine",
                        Map.of(
                                "cpus", 2,
                                "busyPercent", 94.0,
                                "stealPercent", 1.0,
                                "iowaitPercent", 1.0,
                                "idlePercent", 4.0));
        var out = new ByteArrayOutputStream();

        Table.printCpu(cpu, new PrintStream(out, true, StandardCharsets.UTF_8));

        assertEquals(
                "cpu: the bench used 0.3 cores (15.0 µs per request); the machine's 2 CPUs: 94.0% busy, steal 1.0%,"
                        + " iowait 1.0%, idle 4.0%" + System.lineSeparator(),
                out.toString(StandardCharsets.UTF_8));
    }

    /** In the order given, as the report keeps it. */
    private static Map<String, Long> mapOf(Object... keysAndValues) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], (Long) keysAndValues[i + 1]);
        }
        return m;
    }

    private static BenchOptions options(String scenario) {
        return BenchOptions.parse(new String[] {"--scenario", scenario, "--server", "127.0.0.1:7070"});
    }

    private Path write(String... lines) throws IOException {
        Path file = Files.createTempFile(dir, "stat", "");
        Files.write(file, List.of(lines));
        return file;
    }
}
