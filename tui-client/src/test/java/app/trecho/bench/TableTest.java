package app.trecho.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The human table, from summaries that {@link Report} builds as a real run would. */
class TableTest {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    private static final InvariantCheck.Result CLEAN = new InvariantCheck.Result(
            true,
            List.of(
                    "free counts of 359 segments agree with their seat maps",
                    "178 bookings of 500 customers: no seat booked twice, every booked seat sold"),
            List.of());

    @Test
    void aBookRunReadsAsSentencesAndOneTable() {
        Metrics metrics = measured(m -> {
            for (String op : List.of("hold", "purchase", "cancel")) {
                m.record(op, 2_000_000);
            }
            m.cycle();
            m.error("hold", "SEAT_TAKEN");
            m.error("hold", "RATE_LIMITED");
            m.error("purchase", "RATE_LIMITED");
        });
        Map<String, Object> figures = Map.of("openLoopRequestsPerSecond", 0.0);

        List<String> lines = table("book", "500", metrics, figures, CLEAN);

        assertEquals("scenario book, 500 clients, 10.0 s measured: 0 requests/s, 0 cycles/s", lines.get(1));
        assertEquals("pace: closed loop, each client's next request as soon as its last is answered", lines.get(2));
        assertTrue(lines.get(4).startsWith("operation       count      per s   p50 ms"), lines::toString);
        assertEquals(List.of("cancel", "hold", "purchase"), firstWords(lines.subList(5, 8)));
        assertTrue(lines.contains("errors: RATE_LIMITED 2, SEAT_TAKEN 1"), lines::toString);
        assertEquals(
                List.of(
                        "invariant: OK, checked:",
                        "  free counts of 359 segments agree with their seat maps",
                        "  178 bookings of 500 customers: no seat booked twice, every booked seat sold"),
                lines.subList(lines.size() - 3, lines.size()));
        assertNoRawMaps(lines);
    }

    @Test
    void aPacedRunSaysItsRate() {
        Metrics metrics = measured(m -> m.record("board", 1_000_000));

        List<String> lines =
                table("browse", "100", metrics, Map.of("openLoopRequestsPerSecond", 2_500.0), CLEAN, "--rate", "2500");

        assertEquals("pace: open loop, 2,500 requests/s across all clients", lines.get(2));
        assertEquals("pace: open loop, 0.50 requests/s across all clients", Table.pace(0.5));
        assertTrue(lines.contains("errors: none"), lines::toString);
        assertNoRawMaps(lines);
    }

    @Test
    void connectionsShowDeliveryAndFanOutAsRowsOfTheirOwn() {
        Metrics metrics = measured(m -> {
            m.record("hold", 3_000_000);
            m.record("release", 3_000_000);
        });
        Histogram delivery = new Histogram(3);
        delivery.recordValue(70_000_000);
        Histogram fanout = new Histogram(3);
        fanout.recordValue(110_000_000);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("connections", 10_000);
        figures.put("changes", 100);
        figures.put("incompleteFanouts", 0);
        figures.put("delivery", Report.latency(delivery, TEN_SECONDS));
        figures.put("fanout", Report.latency(fanout, TEN_SECONDS));

        List<String> lines = table("connections", "10000", metrics, figures, CLEAN);

        int block = lines.indexOf(
                "100 seat changes to 10,000 subscribers (delivery: to each one; fanout: to the last), 0 incomplete");
        assertTrue(block > 0, lines::toString);
        assertTrue(lines.get(block + 1).startsWith("change          count      per s   p50 ms"), lines::toString);
        assertEquals(List.of("delivery", "fanout"), firstWords(lines.subList(block + 2, block + 4)));
        assertTrue(lines.get(block + 3).matches("fanout +1 +0 +110\\.\\d\\d .*"), lines.get(block + 3));
        assertTrue(lines.get(1).startsWith("scenario connections, 10,000 clients, 10.0 s measured"), lines.get(1));
        assertFalse(String.join("\n", lines).contains("pace:"), "connections has no pace of its own");
        assertNoRawMaps(lines);
    }

    @Test
    void aRaceSaysHowManyRoundsHadOneWinnerAndAFailedCheckSaysWhy() {
        Metrics metrics = measured(m -> m.record("hold", 30_000_000));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("rounds", 100);
        figures.put("singleSegmentRounds", 50);
        figures.put("overlappingItineraryRounds", 50);
        figures.put("roundsWithExactlyOneWinner", 99);
        figures.put("badRounds", List.of("race round 7 on TP1234-2026-12-01 had 2 winners"));
        InvariantCheck.Result failed = new InvariantCheck.Result(
                false,
                List.of("0 bookings of 500 customers: no seat booked twice, every booked seat sold"),
                List.of("race round 7 on TP1234-2026-12-01 had 2 winners"));

        List<String> lines = table("race", "500", metrics, figures, failed);

        assertTrue(
                lines.contains("race: 100 rounds, 50 on one segment and 50 on overlapping itineraries:"
                        + " exactly one winner in 99"),
                lines::toString);
        assertEquals(
                List.of(
                        "invariant: FAILED, checked:",
                        "  0 bookings of 500 customers: no seat booked twice, every booked seat sold",
                        "  problem: race round 7 on TP1234-2026-12-01 had 2 winners"),
                lines.subList(lines.size() - 3, lines.size()));
        assertNoRawMaps(lines);
    }

    @Test
    void countsAgreeWithTheirNouns() {
        assertEquals("1 customer", Report.counted(1, "customer"));
        assertEquals("0 bookings", Report.counted(0, "booking"));
        assertEquals("10,000 subscribers", Report.counted(10_000, "subscriber"));
    }

    /** A map's or list's toString ({@code {a=1}}, {@code [x, y]}) was how figures once reached the reader. */
    private static void assertNoRawMaps(List<String> lines) {
        for (String line : lines) {
            assertFalse(line.matches(".*[{}\\[\\]].*"), () -> "a raw map or list in: " + line);
        }
    }

    private static List<String> firstWords(List<String> rows) {
        return rows.stream().map(r -> r.split(" ")[0]).toList();
    }

    private static Metrics measured(Consumer<Metrics> during) {
        Metrics metrics = new Metrics();
        metrics.startMeasuring();
        during.accept(metrics);
        metrics.stopMeasuring();
        return metrics;
    }

    private static List<String> table(
            String scenario,
            String clients,
            Metrics metrics,
            Map<String, Object> figures,
            InvariantCheck.Result invariant,
            String... moreFlags) {
        List<String> args = new ArrayList<>(List.of("--scenario", scenario, "--clients", clients));
        args.addAll(List.of(moreFlags));
        BenchOptions options = BenchOptions.parse(args.toArray(String[]::new));
        Map<String, Object> summary = Report.summary(options, metrics, TEN_SECONDS, figures, invariant);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Table.print(summary, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
