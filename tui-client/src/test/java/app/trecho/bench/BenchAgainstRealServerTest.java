package app.trecho.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import app.trecho.server.TrechoServer;
import app.trecho.server.config.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The bench command end to end against the real server in-process: short runs, real sockets. */
class BenchAgainstRealServerTest {
    @TempDir
    Path dir;

    private TrechoServer server;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void startServer() throws Exception {
        server = TrechoServer.start(ServerConfig.parse(
                List.of(
                        "--port",
                        "0",
                        "--bind",
                        "127.0.0.1",
                        "--data-dir",
                        dir.resolve("data").toString(),
                        "--pbkdf2-iterations",
                        "1000",
                        // one fast customer passes the default 1,000 requests/s per connection (ping does)
                        "--rate-limit",
                        "100000",
                        "--rate-burst",
                        "100000"),
                Map.of()));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private int bench(String... args) {
        BenchCommand command = BenchCommand.overTcp(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return command.run(args);
    }

    private JsonNode json(Path file) throws Exception {
        return JsonMapper.builder().build().readTree(Files.readString(file));
    }

    @Test
    void bookRunCompletesCyclesAndPassesTheInvariantCheck() throws Exception {
        Path report = dir.resolve("book.json");
        int exit = bench(
                "--scenario",
                "book",
                "--clients",
                "8",
                "--duration",
                "2s",
                "--warmup",
                "0s",
                "--server",
                "127.0.0.1:" + server.port(),
                "--json",
                report.toString());

        assertEquals(0, exit, () -> out + "\n" + err);
        JsonNode summary = json(report);
        assertEquals("book", summary.get("scenario").stringValue());
        assertEquals(8, summary.get("clients").intValue());
        assertTrue(summary.get("cyclesPerSecond").doubleValue() > 0, summary::toString);
        for (String op : List.of("hold", "purchase", "cancel")) {
            JsonNode m = summary.get("operations").get(op);
            assertTrue(m.get("count").longValue() > 0, op);
            for (String field : List.of("perSecond", "p50Ms", "p99Ms", "p999Ms", "maxMs")) {
                assertTrue(m.has(field), op + "." + field);
            }
        }
        assertTrue(summary.get("invariant").get("ok").booleanValue(), summary::toString);
        // the load driver registered them; the check logs in as each to see their bookings and holds
        assertTrue(summary.get("invariant").toString().contains("of 8 customers"), summary::toString);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("invariant: OK"));
        // Where the CPU went while measuring. The server runs in this JVM, so "the bench" is both here.
        JsonNode bench = summary.get("cpu").get("bench");
        assertTrue(bench.get("cores").doubleValue() > 0, summary::toString);
        assertTrue(bench.get("microsPerCycle").doubleValue() > 0, summary::toString);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("cpu: the bench used "));
        assumeTrue(Files.isReadable(CpuTimes.PROC_STAT), "the machine's shares come from Linux's /proc/stat");
        JsonNode machine = summary.get("cpu").get("machine");
        assertTrue(machine.get("cpus").intValue() >= 1, summary::toString);
        double shares = 0;
        for (String share : List.of("busyPercent", "stealPercent", "iowaitPercent", "idlePercent")) {
            shares += machine.get(share).doubleValue();
        }
        assertEquals(100, shares, 0.03, summary::toString); // four shares, each rounded to 0.01
    }

    @Test
    void raceRoundsEachHaveExactlyOneWinner() throws Exception {
        Path report = dir.resolve("race.json");
        int exit = bench(
                "--scenario",
                "race",
                "--clients",
                "40",
                "--rounds",
                "12",
                "--duration",
                "60s",
                "--server",
                "127.0.0.1:" + server.port(),
                "--json",
                report.toString());

        assertEquals(0, exit, () -> out + "\n" + err);
        JsonNode race = json(report).get("race");
        assertEquals(12, race.get("rounds").intValue());
        assertEquals(12, race.get("roundsWithExactlyOneWinner").intValue());
        assertTrue(race.get("overlappingItineraryRounds").intValue() > 0, race::toString);
    }

    @Test
    void browsePingAndConnectionsScenariosRun() throws Exception {
        String address = "127.0.0.1:" + server.port();
        shortRun("browse", address);
        shortRun("mixed", address); // registers its customers and passes the invariant check
        Path paced = dir.resolve("paced.json");
        shortRun("browse", address, "--rate", "200", "--json", paced.toString());
        JsonNode pacedReport = json(paced);
        assertEquals(
                200.0,
                pacedReport.get("browse").get("openLoopRequestsPerSecond").doubleValue());
        // 200/s for one second, in three operations: a closed loop would do many thousands
        long pacedCount = 0;
        for (String op : List.of("board", "search", "seatmap")) {
            JsonNode m = pacedReport.get("operations").get(op);
            pacedCount += m == null ? 0 : m.get("count").longValue();
        }
        assertTrue(pacedCount > 0 && pacedCount < 1_000, "paced requests: " + pacedCount);
        Path pings = dir.resolve("ping.json");
        shortRun("ping", address, "--json", pings.toString());
        JsonNode pingReport = json(pings);
        JsonNode ping = pingReport.get("operations").get("ping");
        assertTrue(ping.get("count").longValue() > 0, ping::toString);
        assertEquals(0, pingReport.get("errors").size(), pingReport::toString);
        Path report = dir.resolve("conn.json");
        assertEquals(
                0,
                bench(
                        "--scenario",
                        "connections",
                        "--clients",
                        "50",
                        "--rounds",
                        "4",
                        "--server",
                        address,
                        "--json",
                        report.toString()),
                () -> out + "\n" + err);
        JsonNode figures = json(report).get("connections");
        assertEquals(50, figures.get("connections").intValue());
        assertEquals(0, figures.get("incompleteFanouts").intValue());
        assertEquals(4, figures.get("fanout").get("count").intValue());
        assertEquals(200, figures.get("delivery").get("count").intValue(), "4 changes, 50 subscribers each");
        // the 4 changes (two holds, two releases) end long before the 30 s asked: rates are over the time measured, as
        // the changes' own
        JsonNode ops = json(report).get("operations");
        assertEquals(
                ops.get("hold").get("perSecond").doubleValue()
                        + ops.get("release").get("perSecond").doubleValue(),
                figures.get("fanout").get("perSecond").doubleValue(),
                0.03,
                figures::toString);
    }

    /** Four customers for one measured second, no warm-up; the run must exit 0. */
    private void shortRun(String scenario, String address, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--scenario", scenario, "--clients", "4", "--duration", "1s", "--warmup", "0s", "--server", address));
        args.addAll(List.of(more));
        assertEquals(0, bench(args.toArray(String[]::new)), () -> out + "\n" + err);
    }

    @Test
    void theServersMemoryAndThreadsAreSampledWhileMeasuring() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "process status comes from Linux's /proc");
        Path report = dir.resolve("watched.json");
        long pid = ProcessHandle.current().pid(); // the server runs in this JVM
        shortRun("book", "127.0.0.1:" + server.port(), "--server-pid", Long.toString(pid), "--json", report.toString());

        JsonNode watched = json(report).get("server");
        assertEquals(pid, watched.get("pid").longValue());
        assertTrue(watched.get("samples").intValue() >= 2, watched::toString); // one a second, and one at the end
        assertTrue(watched.get("rssMb").get("max").isDouble(), watched::toString); // megabytes to the hundredth
        assertTrue(watched.get("rssMb").get("max").doubleValue() > 1, watched::toString);
        assertTrue(watched.get("threads").get("min").isInt(), watched::toString); // a count
        assertTrue(watched.get("threads").get("min").intValue() > 1, watched::toString);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("server (pid " + pid + ", "), out::toString);
    }

    @Test
    void aServerProcessThatCannotBeReadIsABadCommandLine() {
        int exit = bench(
                "--scenario", "book", "--server", "127.0.0.1:" + server.port(), "--server-pid", "" + Long.MAX_VALUE);
        assertEquals(2, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--server-pid " + Long.MAX_VALUE + ": cannot read"));
    }

    @Test
    void anUnreachableServerIsAClearFailure() {
        int exit = bench("--scenario", "book", "--server", "127.0.0.1:1");
        assertEquals(3, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("bench:"), err::toString);
    }
}
