package app.trecho.protocol.bench;

import app.trecho.protocol.Codec;
import app.trecho.protocol.Message;
import app.trecho.protocol.ProtocolException;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.Itinerary;
import app.trecho.protocol.model.SegmentInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Decode (parse + validate) and re-encode of one line, as the server does for every request and the
 * client for every response. Not run in CI; run {@link #main} (see PROTOCOL.md's companion report).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CodecBenchmark {
    private final Codec codec = new Codec();
    private String holdCreate;
    private String searchResult;

    @Setup
    public void setUp() {
        holdCreate = codec.encode(new Request.HoldCreate(
                "c-1842",
                "k-7f3a9c21e4b8",
                List.of("TR1201-2026-11-27", "TR2305-2026-11-27"),
                2,
                List.of(List.of("12C", "12D"), List.of("3A", "3B"))));
        searchResult = codec.encode(searchResultWithSegments(100));
    }

    /** An itinerary.search.ok of two-leg itineraries with {@code segments} legs in all. */
    static Response.ItinerarySearchOk searchResultWithSegments(int segments) {
        Instant base = Instant.parse("2026-11-27T09:00:00Z");
        List<Itinerary> itineraries = new ArrayList<>();
        for (int i = 0; i < segments / 2; i++) {
            Instant dep = base.plus(Duration.ofMinutes(15L * i));
            SegmentInfo a = new SegmentInfo(
                    "TR" + (1000 + i) + "-2026-11-27",
                    "TR" + (1000 + i),
                    "GRU",
                    "BSB",
                    dep,
                    dep.plus(Duration.ofMinutes(105)),
                    45_900 + i,
                    87,
                    180);
            SegmentInfo b = new SegmentInfo(
                    "TR" + (3000 + i) + "-2026-11-27",
                    "TR" + (3000 + i),
                    "BSB",
                    "REC",
                    dep.plus(Duration.ofMinutes(180)),
                    dep.plus(Duration.ofMinutes(340)),
                    38_900 + i,
                    12,
                    180);
            itineraries.add(new Itinerary(List.of(a, b), a.departure(), b.arrival(), 340, 84_800 + 2L * i, 12));
        }
        return new Response.ItinerarySearchOk("s-77", itineraries);
    }

    @Benchmark
    public String holdCreateDecodeEncode() throws ProtocolException {
        Request r = codec.decodeRequest(holdCreate);
        return codec.encode(r);
    }

    @Benchmark
    public String searchResult100SegmentsDecodeEncode() throws ProtocolException {
        Message m = codec.decodeServerMessage(searchResult);
        return codec.encode(m);
    }

    @Benchmark
    public Request holdCreateDecodeOnly() throws ProtocolException {
        return codec.decodeRequest(holdCreate);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder()
                        .include(CodecBenchmark.class.getSimpleName())
                        .forks(1)
                        .warmupIterations(3)
                        .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
                        .measurementIterations(5)
                        .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
                        .jvmArgsAppend("--sun-misc-unsafe-memory-access=allow")
                        .build())
                .run();
    }
}
