package app.trecho.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The run's summary: a map for JSON (stable field names) and a short human table. */
final class Report {
    private Report() {}

    static Map<String, Object> latency(Histogram h, Duration measured) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        m.put("perSecond", round(h.getTotalCount() / Math.max(1e-9, measured.toNanos() / 1e9)));
        m.put("p50Ms", ms(h.getValueAtPercentile(50)));
        m.put("p90Ms", ms(h.getValueAtPercentile(90)));
        m.put("p99Ms", ms(h.getValueAtPercentile(99)));
        m.put("p999Ms", ms(h.getValueAtPercentile(99.9)));
        m.put("maxMs", ms(h.getMaxValue()));
        return m;
    }

    static Map<String, Object> summary(
            BenchOptions options,
            Metrics metrics,
            Duration measured,
            Map<String, Object> scenarioFigures,
            InvariantCheck.Result invariant) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("scenario", options.scenario().wire());
        s.put("clients", options.clients());
        s.put("durationSeconds", round(measured.toNanos() / 1e9));
        s.put("warmupSeconds", round(options.warmup().toNanos() / 1e9));
        Map<String, Object> operations = new LinkedHashMap<>();
        long requests = 0;
        for (var entry : metrics.histograms().entrySet()) {
            operations.put(entry.getKey(), latency(entry.getValue(), measured));
            requests += entry.getValue().getTotalCount();
        }
        double seconds = Math.max(1e-9, measured.toNanos() / 1e9);
        s.put("requestsPerSecond", round(requests / seconds));
        if (metrics.cycles() > 0) {
            s.put("cyclesPerSecond", round(metrics.cycles() / seconds));
            s.put("sustained", sustained(metrics, (int) seconds));
        }
        s.put("operations", operations);
        s.put("errors", metrics.errors());
        s.put(options.scenario().wire(), scenarioFigures);
        if (metrics.cpuAtStart() != null && metrics.cpuAtStop() != null) {
            s.put(
                    "cpu",
                    CpuTimes.report(
                            metrics.cpuAtStart(),
                            metrics.cpuAtStop(),
                            measured,
                            workDone(options, requests, metrics.cycles(), scenarioFigures)));
        }
        Map<String, Object> server = metrics.server().report();
        if (server != null) {
            s.put("server", server);
        }
        Map<String, Object> inv = new LinkedHashMap<>();
        inv.put("ok", invariant.ok());
        inv.put("checked", invariant.checked());
        inv.put("problems", invariant.problems());
        s.put("invariant", inv);
        return s;
    }

    /** What the bench's CPU is divided by: its requests and cycles, or a subscriber's reading of a change. */
    static Map<String, Long> workDone(
            BenchOptions options, long requests, long cycles, Map<String, Object> scenarioFigures) {
        Map<String, Long> done = new LinkedHashMap<>();
        if (options.scenario() == Scenario.Kind.CONNECTIONS) {
            // Its two requests a change only set off what the bench works for: every subscriber reading it.
            if (scenarioFigures.get("delivery") instanceof Map<?, ?> d && d.get("count") instanceof Number n) {
                done.put("microsPerDelivery", n.longValue());
            }
        } else {
            done.put("microsPerRequest", requests);
            done.put("microsPerCycle", cycles);
        }
        return done;
    }

    /** Cycles/s in the first and last ten measured seconds: a run that decays shows it here. */
    private static Map<String, Object> sustained(Metrics metrics, int seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        int window = Math.min(10, seconds / 2);
        if (window == 0) {
            return m;
        }
        long first = 0;
        long last = 0;
        for (int i = 0; i < window; i++) {
            first += metrics.cyclesInSecond(i);
            last += metrics.cyclesInSecond(seconds - window + i);
        }
        m.put("windowSeconds", window);
        m.put("firstCyclesPerSecond", round((double) first / window));
        m.put("lastCyclesPerSecond", round((double) last / window));
        m.put("lastOverFirst", first == 0 ? 0 : round((double) last / first));
        List<Long> timeline = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            timeline.add(metrics.cyclesInSecond(i));
        }
        Trend trend = Trend.fit(timeline);
        m.put("trendLastOverFirst", roundOrNull(trend.lastOverFirst(window)));
        m.put("trendPercentPerMinute", roundOrNull(trend.percentPerMinute()));
        m.put("cyclesPerSecondTimeline", timeline);
        return m;
    }

    @SuppressWarnings("unchecked")
    static void printTable(Map<String, Object> s, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%nscenario %s, %s clients, %s s measured: %,.0f requests/s%s%n%n",
                s.get("scenario"),
                s.get("clients"),
                s.get("durationSeconds"),
                ((Number) s.get("requestsPerSecond")).doubleValue(),
                s.containsKey("cyclesPerSecond")
                        ? String.format(
                                Locale.ROOT, ", %,.0f cycles/s", ((Number) s.get("cyclesPerSecond")).doubleValue())
                        : "");
        out.printf(
                "%-10s %10s %10s %8s %8s %8s %8s %8s%n",
                "operation", "count", "per s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms");
        Map<String, Map<String, Object>> ops = (Map<String, Map<String, Object>>) s.get("operations");
        ops.forEach((op, m) -> out.printf(
                Locale.ROOT,
                "%-10s %10d %10.0f %8.2f %8.2f %8.2f %8.2f %8.2f%n",
                op,
                ((Number) m.get("count")).longValue(),
                ((Number) m.get("perSecond")).doubleValue(),
                ((Number) m.get("p50Ms")).doubleValue(),
                ((Number) m.get("p90Ms")).doubleValue(),
                ((Number) m.get("p99Ms")).doubleValue(),
                ((Number) m.get("p999Ms")).doubleValue(),
                ((Number) m.get("maxMs")).doubleValue()));
        Map<String, Long> errors = (Map<String, Long>) s.get("errors");
        out.println(errors.isEmpty() ? "\nerrors: none" : "\nerrors: " + errors);
        Object sustained = s.get("sustained");
        if (sustained instanceof Map<?, ?> m && m.containsKey("lastOverFirst")) {
            out.printf(
                    "sustained: first %ss %s cycles/s, last %ss %s cycles/s (last/first %s%s)%n",
                    m.get("windowSeconds"),
                    m.get("firstCyclesPerSecond"),
                    m.get("windowSeconds"),
                    m.get("lastCyclesPerSecond"),
                    m.get("lastOverFirst"),
                    m.get("trendLastOverFirst") == null || m.get("trendPercentPerMinute") == null
                            ? "" // the line is not above zero: a stalled run has no trend worth printing
                            : "; least-squares line over every second: last/first " + m.get("trendLastOverFirst") + ", "
                                    + m.get("trendPercentPerMinute") + "% per minute");
        }
        Object figures = s.get(s.get("scenario"));
        if (figures instanceof Map<?, ?> f && !f.isEmpty()) {
            out.println(s.get("scenario") + ": " + f);
        }
        if (s.get("cpu") instanceof Map<?, ?> cpu) {
            printCpu(cpu, out);
        }
        if (s.get("server") instanceof Map<?, ?> server) {
            printServer(server, out);
        }
        Map<String, Object> inv = (Map<String, Object>) s.get("invariant");
        out.println("invariant: " + (Boolean.TRUE.equals(inv.get("ok")) ? "OK" : "FAILED") + " — checked "
                + inv.get("checked"));
        ((List<String>) inv.get("problems")).forEach(p -> out.println("  problem: " + p));
    }

    /** e.g. {@code cpu: the bench used 0.31 cores (15.2 µs per request); the machine's 2 CPUs: 95% busy, ...}. */
    static void printCpu(Map<?, ?> cpu, PrintStream out) {
        List<String> parts = new ArrayList<>();
        if (cpu.get("bench") instanceof Map<?, ?> b) {
            String used = "the bench used " + b.get("cores") + " cores";
            if (b.containsKey("microsPerRequest")) {
                used += " (" + b.get("microsPerRequest") + " µs per request)";
            } else if (b.containsKey("microsPerDelivery")) {
                used += " (" + b.get("microsPerDelivery") + " µs per delivery)";
            }
            parts.add(used);
        }
        if (cpu.get("machine") instanceof Map<?, ?> m) {
            parts.add("the machine's " + m.get("cpus") + " CPUs: " + m.get("busyPercent") + "% busy, steal "
                    + m.get("stealPercent") + "%, iowait " + m.get("iowaitPercent") + "%, idle " + m.get("idlePercent")
                    + "%");
        }
        if (!parts.isEmpty()) {
            out.println("cpu: " + String.join("; ", parts));
        }
    }

    /**
     * e.g. {@code server (pid 4242, 31 samples): RSS 321.4 → 353.5 MB (lowest 321.4, highest 353.5),
     * threads 30 → 27 (lowest 27, highest 30)}.
     */
    static void printServer(Map<?, ?> server, PrintStream out) {
        out.println("server (pid " + server.get("pid") + ", " + server.get("samples") + " samples): RSS "
                + firstToLast(server.get("rssMb"), " MB") + ", threads " + firstToLast(server.get("threads"), "")
                + (server.containsKey("readFailed") ? "; " + server.get("readFailed") : ""));
    }

    private static String firstToLast(Object spread, String unit) {
        Map<?, ?> m = (Map<?, ?>) spread;
        return m.get("first") + " → " + m.get("last") + unit + " (lowest " + m.get("min") + ", highest " + m.get("max")
                + ")";
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }

    /** JSON has no NaN: a figure that means nothing for this run is null. */
    private static Double roundOrNull(double v) {
        return Double.isNaN(v) ? null : round(v);
    }

    static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
