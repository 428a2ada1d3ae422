package app.trecho.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time used so far: the bench process's own, and the machine's from Linux's {@code /proc/stat}
 * (null where there is none). Two readings, when measuring starts and when it stops, say where a
 * run's CPU went. With the server and the bench on one machine, a closed-loop run that leaves its
 * cores idle, or loses them to the hypervisor, was held back by something other than the server's
 * work; the bench's own share says whether the load generator was the bottleneck.
 *
 * @param benchNanos the bench's CPU time, or -1 when the platform does not say
 */
record CpuTimes(long benchNanos, Machine machine) {
    static final Path PROC_STAT = Path.of("/proc/stat");
    /**
     * The bench's CPU clock counts in clock ticks on Linux (10 ms): over a shorter window its figures
     * would be mostly rounding, so they are left out.
     */
    static final Duration SHORTEST_WINDOW = Duration.ofSeconds(1);

    /**
     * The machine's CPU time in clock ticks, summed over its CPUs (the host's, also inside a
     * container). Guest time is already inside {@code busy} (the kernel counts it in user time too).
     */
    record Machine(int cpus, long busy, long idle, long iowait, long steal) {}

    static CpuTimes now() {
        // In nanoseconds, from times() on Linux (so in steps of a clock tick); one system call.
        long bench = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
        return new CpuTimes(bench, readMachine(PROC_STAT));
    }

    /**
     * The first line of {@code /proc/stat} ({@code cpu user nice system idle iowait irq softirq
     * steal ...}) and how many {@code cpuN} lines follow it; null when the file is missing or not in
     * that shape. Reading stops at the first other line (the long {@code intr} line is not read).
     */
    static Machine readMachine(Path procStat) {
        String total;
        int cpus = 0;
        try (BufferedReader in = Files.newBufferedReader(procStat)) {
            total = in.readLine();
            if (total == null || !total.startsWith("cpu ")) {
                return null;
            }
            for (String line = in.readLine(); line != null && isCpuLine(line); line = in.readLine()) {
                cpus++;
            }
        } catch (IOException | SecurityException e) {
            return null; // not Linux, or not allowed: the report just has no machine figures
        }
        String[] f = total.trim().split("\\s+");
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
        return new Machine(cpus, t[0] + t[1] + t[2] + t[5] + t[6], t[3], t[4], t[7]);
    }

    private static boolean isCpuLine(String line) {
        return line.length() > 3 && line.startsWith("cpu") && Character.isDigit(line.charAt(3));
    }

    /**
     * The report's {@code cpu} figures for the window from {@code start} to {@code stop}: the bench's
     * cores (its garbage collector and compiler included; its load driver is one thread, so about one
     * core is where it would hold a run back) and its CPU per unit of work done, and the machine's
     * shares. Figures the readings cannot give, or a window shorter than {@link #SHORTEST_WINDOW}
     * cannot give to within a few per cent, are left out.
     *
     * @param workDone units of work done while measuring, by the name of the figure that divides the
     *     bench's CPU by them (e.g. {@code microsPerRequest}); a unit none of which was done is left out
     */
    static Map<String, Object> report(CpuTimes start, CpuTimes stop, Duration measured, Map<String, Long> workDone) {
        Map<String, Object> cpu = new LinkedHashMap<>();
        if (start.benchNanos() >= 0
                && stop.benchNanos() >= start.benchNanos()
                && measured.compareTo(SHORTEST_WINDOW) >= 0) {
            long used = stop.benchNanos() - start.benchNanos();
            Map<String, Object> bench = new LinkedHashMap<>();
            bench.put("cores", Report.round((double) used / measured.toNanos())); // at least SHORTEST_WINDOW
            workDone.forEach((figure, done) -> {
                if (done > 0) {
                    bench.put(figure, Report.round(used / 1e3 / done));
                }
            });
            cpu.put("bench", bench);
        }
        Machine a = start.machine();
        Machine b = stop.machine();
        if (a != null && b != null) {
            // A kernel may step a counter back by a tick (iowait): none counts below zero, so the
            // shares of what is counted add up to 100.
            long busy = Math.max(0, b.busy() - a.busy());
            long steal = Math.max(0, b.steal() - a.steal());
            long iowait = Math.max(0, b.iowait() - a.iowait());
            long idle = Math.max(0, b.idle() - a.idle());
            double total = busy + steal + iowait + idle;
            if (total > 0) {
                Map<String, Object> machine = new LinkedHashMap<>();
                machine.put("cpus", b.cpus());
                machine.put("busyPercent", Report.round(100 * busy / total));
                machine.put("stealPercent", Report.round(100 * steal / total));
                machine.put("iowaitPercent", Report.round(100 * iowait / total));
                machine.put("idlePercent", Report.round(100 * idle / total));
                cpu.put("machine", machine);
            }
        }
        return cpu;
    }
}
