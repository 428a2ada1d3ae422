package app.trecho.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time used so far: the bench process's own, and the machine's from Linux's {@code /proc/stat}
 * (null where there is none). Two readings, when measuring starts and when it stops, say where a
 * run's CPU went. The server and the bench share this machine's two cores, so a closed-loop run that
 * leaves them idle, or that the hypervisor steals from, was held back by something other than the
 * server's work; the bench's own share says whether the load generator was the bottleneck.
 *
 * @param benchNanos the bench's CPU time, or -1 when the platform does not say
 */
record CpuTimes(long benchNanos, Machine machine) {
    static final Path PROC_STAT = Path.of("/proc/stat");

    /**
     * The machine's CPU time in clock ticks, summed over its CPUs. Guest time is already inside
     * {@code busy} (the kernel counts it in user time too).
     */
    record Machine(int cpus, long busy, long idle, long iowait, long steal) {
        long total() {
            return busy + idle + iowait + steal;
        }
    }

    static CpuTimes now() {
        // The process's CPU clock (clock_gettime on Linux): to the nanosecond, and one call.
        long bench = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
        return new CpuTimes(bench, readMachine(PROC_STAT));
    }

    /**
     * The first line of {@code /proc/stat} ({@code cpu user nice system idle iowait irq softirq
     * steal ...}) and its count of {@code cpuN} lines; null when the file is missing or not in that shape.
     */
    static Machine readMachine(Path procStat) {
        List<String> lines;
        try {
            lines = Files.readAllLines(procStat);
        } catch (IOException | SecurityException e) {
            return null; // not Linux, or not allowed: the report just has no machine figures
        }
        if (lines.isEmpty() || !lines.getFirst().startsWith("cpu ")) {
            return null;
        }
        String[] f = lines.getFirst().trim().split("\\s+");
        if (f.length < 5) {
            return null;
        }
        long[] t = new long[8]; // user nice system idle iowait irq softirq steal; older kernels stop earlier
        try {
            for (int i = 0; i < t.length && i + 1 < f.length; i++) {
                t[i] = Long.parseLong(f[i + 1]);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        int cpus = (int) lines.stream()
                .filter(l -> l.length() > 3 && l.startsWith("cpu") && Character.isDigit(l.charAt(3)))
                .count();
        return new Machine(cpus, t[0] + t[1] + t[2] + t[5] + t[6], t[3], t[4], t[7]);
    }

    /**
     * The report's {@code cpu} figures for the window from {@code start} to {@code stop}: the bench's
     * cores and its CPU per unit of work done, and the machine's shares. Figures the readings cannot
     * give are left out.
     *
     * @param workDone units of work done while measuring, by the name of the figure that divides the
     *     bench's CPU by them (e.g. {@code microsPerRequest}); a unit none of which was done is left out
     */
    static Map<String, Object> report(CpuTimes start, CpuTimes stop, Duration measured, Map<String, Long> workDone) {
        Map<String, Object> cpu = new LinkedHashMap<>();
        if (start.benchNanos() >= 0 && stop.benchNanos() >= start.benchNanos()) {
            long used = stop.benchNanos() - start.benchNanos();
            Map<String, Object> bench = new LinkedHashMap<>();
            bench.put("cores", round((double) used / Math.max(1, measured.toNanos())));
            workDone.forEach((figure, done) -> {
                if (done > 0) {
                    bench.put(figure, round(used / 1e3 / done));
                }
            });
            cpu.put("bench", bench);
        }
        Machine a = start.machine();
        Machine b = stop.machine();
        if (a != null && b != null && b.total() > a.total()) {
            double total = b.total() - a.total();
            Map<String, Object> machine = new LinkedHashMap<>();
            machine.put("cpus", b.cpus());
            machine.put("busyPercent", percent(b.busy() - a.busy(), total));
            machine.put("stealPercent", percent(b.steal() - a.steal(), total));
            machine.put("iowaitPercent", percent(b.iowait() - a.iowait(), total));
            machine.put("idlePercent", percent(b.idle() - a.idle(), total));
            cpu.put("machine", machine);
        }
        return cpu;
    }

    /** A share of the window's ticks; never below zero (a kernel may step iowait back by a tick). */
    private static double percent(long ticks, double total) {
        return round(100 * Math.max(0, ticks) / total);
    }

    private static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
