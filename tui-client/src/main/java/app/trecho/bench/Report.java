package app.trecho.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The run's summary as a map for JSON (stable field names); {@link Table} prints it for a person. */
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

    /** e.g. {@code 1 customer}, {@code 500 customers}, {@code 10,000 subscribers}. */
    static String counted(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
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
