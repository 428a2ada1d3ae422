package app.trecho.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The run's summary for a person: what {@link Report} puts in the JSON, in sentences and latency
 * tables, each scenario's own figures included (a raw map says nothing to a reader).
 */
final class Table {
    private Table() {}

    @SuppressWarnings("unchecked")
    static void print(Map<String, Object> s, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%nscenario %s, %s, %s s measured: %,.0f requests/s%s%n",
                s.get("scenario"),
                Report.counted(((Number) s.get("clients")).longValue(), "client"),
                s.get("durationSeconds"),
                ((Number) s.get("requestsPerSecond")).doubleValue(),
                s.containsKey("cyclesPerSecond")
                        ? String.format(
                                Locale.ROOT, ", %,.0f cycles/s", ((Number) s.get("cyclesPerSecond")).doubleValue())
                        : "");
        Object figures = s.get(s.get("scenario"));
        Map<?, ?> own = figures instanceof Map<?, ?> f ? f : Map.of();
        if (own.get("openLoopRequestsPerSecond") instanceof Number rate) {
            out.println(pace(rate.doubleValue()));
        }
        out.println();
        latencies("operation", (Map<String, Map<String, Object>>) s.get("operations"), out);
        if (own.containsKey("fanout")) {
            fanOut(own, out);
        }
        Map<String, Long> errors = (Map<String, Long>) s.get("errors");
        out.println("\nerrors: " + errors(errors));
        if (s.get("sustained") instanceof Map<?, ?> m && m.containsKey("lastOverFirst")) {
            out.println(sustained(m));
        }
        if (own.containsKey("roundsWithExactlyOneWinner")) {
            out.println("race: " + race(own));
        }
        if (s.get("cpu") instanceof Map<?, ?> cpu) {
            printCpu(cpu, out);
        }
        if (s.get("server") instanceof Map<?, ?> server) {
            printServer(server, out);
        }
        printInvariant((Map<String, Object>) s.get("invariant"), out);
    }

    /** A header and one row per entry, e.g. {@code hold  425987  14197  10.26 ...}; rows in the map's order. */
    private static void latencies(String title, Map<String, ? extends Map<?, ?>> rows, PrintStream out) {
        out.printf(
                "%-10s %10s %10s %8s %8s %8s %8s %8s%n",
                title, "count", "per s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms");
        rows.forEach((label, m) -> out.printf(
                Locale.ROOT,
                "%-10s %10d %10.0f %8.2f %8.2f %8.2f %8.2f %8.2f%n",
                label,
                ((Number) m.get("count")).longValue(),
                ((Number) m.get("perSecond")).doubleValue(),
                ((Number) m.get("p50Ms")).doubleValue(),
                ((Number) m.get("p90Ms")).doubleValue(),
                ((Number) m.get("p99Ms")).doubleValue(),
                ((Number) m.get("p999Ms")).doubleValue(),
                ((Number) m.get("maxMs")).doubleValue()));
    }

    /** {@code connections}: how long its seat changes took to reach each subscriber and the last. */
    private static void fanOut(Map<?, ?> own, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%n%s to %s (delivery: to each one; fanout: to the last), %s incomplete%n",
                Report.counted(((Number) own.get("changes")).longValue(), "seat change"),
                Report.counted(((Number) own.get("connections")).longValue(), "subscriber"),
                own.get("incompleteFanouts"));
        Map<String, Map<?, ?>> rows = new LinkedHashMap<>();
        rows.put("delivery", (Map<?, ?>) own.get("delivery"));
        rows.put("fanout", (Map<?, ?>) own.get("fanout"));
        latencies("change", rows, out);
    }

    /** e.g. {@code sustained: first 10s 14686.9 cycles/s, last 10s 15393.1 cycles/s (last/first 1.05; ...)}. */
    private static String sustained(Map<?, ?> m) {
        boolean trend = m.get("trendLastOverFirst") != null && m.get("trendPercentPerMinute") != null;
        return "sustained: first " + m.get("windowSeconds") + "s " + m.get("firstCyclesPerSecond") + " cycles/s, last "
                + m.get("windowSeconds") + "s " + m.get("lastCyclesPerSecond") + " cycles/s (last/first "
                + m.get("lastOverFirst")
                + (trend
                        ? "; least-squares line over every second: last/first " + m.get("trendLastOverFirst") + ", "
                                + m.get("trendPercentPerMinute") + "% per minute"
                        : "") // the line is not above zero: a stalled run has no trend worth printing
                + ")";
    }

    static String pace(double requestsPerSecond) {
        return requestsPerSecond > 0
                ? String.format(
                        Locale.ROOT,
                        requestsPerSecond < 10 // --rate 0.5 is a rate too, not "0 requests/s"
                                ? "pace: open loop, %.2f requests/s across all clients"
                                : "pace: open loop, %,.0f requests/s across all clients",
                        requestsPerSecond)
                : "pace: closed loop, each client's next request as soon as its last is answered";
    }

    /** e.g. {@code none}, or {@code RATE_LIMITED 855, STORAGE_UNAVAILABLE 2}. */
    private static String errors(Map<String, Long> errors) {
        if (errors.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        errors.forEach((code, count) -> parts.add(code + " " + count));
        return String.join(", ", parts);
    }

    /** e.g. {@code 100 rounds, 50 on one segment and 50 on overlapping itineraries: exactly one winner in 100}. */
    private static String race(Map<?, ?> own) {
        return Report.counted(((Number) own.get("rounds")).longValue(), "round") + ", "
                + own.get("singleSegmentRounds") + " on one segment and " + own.get("overlappingItineraryRounds")
                + " on overlapping itineraries: exactly one winner in " + own.get("roundsWithExactlyOneWinner");
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

    /** The verdict, then what was checked and what was wrong, a line each. */
    @SuppressWarnings("unchecked")
    private static void printInvariant(Map<String, Object> invariant, PrintStream out) {
        out.println("invariant: " + (Boolean.TRUE.equals(invariant.get("ok")) ? "OK" : "FAILED") + ", checked:");
        ((List<String>) invariant.get("checked")).forEach(c -> out.println("  " + c));
        ((List<String>) invariant.get("problems")).forEach(p -> out.println("  problem: " + p));
    }
}
