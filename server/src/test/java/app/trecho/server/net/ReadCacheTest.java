package app.trecho.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.Codec;
import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.ErrorBody;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.protocol.model.SortOrder;
import app.trecho.server.booking.BookingCore;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ReadCacheTest {
    private static final LocalDate DAY = LocalDate.of(2030, 1, 10);

    private final Codec codec = new Codec();
    private final AtomicReference<BookingCore.Freshness> freshness =
            new AtomicReference<>(new BookingCore.Freshness(0, 0));
    private final List<Request> computed = new ArrayList<>();
    private int seatsFree = 87;

    private final ReadCache cache = new ReadCache(freshness::get, this::compute, codec);

    private Response compute(Request request) {
        computed.add(request);
        return switch (request) {
            case Request.BoardGet r -> new Response.BoardGetOk(r.id(), List.of(segment(seatsFree)));
            case Request.ItinerarySearch r
            when r.from().equals("XXX") ->
                new Response.Error(r.id(), new ErrorBody(ErrorCode.NOT_FOUND, "no city XXX", null));
            case Request.ItinerarySearch r -> new Response.ItinerarySearchOk(r.id(), List.of());
            default -> throw new IllegalArgumentException();
        };
    }

    @Test
    void theSameQuestionIsComputedOnceAndEachAskerGetsItsOwnId() {
        String first = line(cache, new Request.BoardGet("7", DAY, null));
        String second = line(cache, new Request.BoardGet("r-8", DAY, null));

        assertEquals(1, computed.size());
        assertEquals(codec.encode(new Response.BoardGetOk("7", List.of(segment(87)))), first);
        assertEquals(codec.encode(new Response.BoardGetOk("r-8", List.of(segment(87)))), second);
    }

    @Test
    void differentQuestionsAreDifferentAnswers() {
        line(cache, new Request.BoardGet("1", DAY, null));
        line(cache, new Request.BoardGet("2", DAY, "GRU"));
        line(cache, new Request.BoardGet("3", DAY.plusDays(1), null));
        line(cache, new Request.ItinerarySearch("4", "GRU", "MAO", DAY, 1, SortOrder.ARRIVAL, 20));
        line(cache, new Request.ItinerarySearch("5", "GRU", "MAO", DAY, 2, SortOrder.ARRIVAL, 20));

        assertEquals(5, computed.size());
        assertEquals(5, cache.size());
    }

    @Test
    void anotherFreshnessMeansTheAnswerIsComputedAgain() {
        line(cache, new Request.BoardGet("1", DAY, null));
        seatsFree = 86;
        freshness.set(new BookingCore.Freshness(1, 0));

        String line = line(cache, new Request.BoardGet("2", DAY, null));

        assertEquals(2, computed.size());
        assertEquals(codec.encode(new Response.BoardGetOk("2", List.of(segment(86)))), line);
    }

    @Test
    void errorsAreLeftToTheDispatcherAndNotKept() {
        Request bad = new Request.ItinerarySearch("1", "XXX", "MAO", DAY, 1, null, null);
        assertNull(line(cache, bad));
        assertNull(line(cache, bad));
        assertEquals(2, computed.size());
        assertEquals(0, cache.size());
    }

    @Test
    void otherRequestsAreNotItsBusiness() {
        assertNull(line(cache, new Request.SeatMapGet("1", "TR1201-2030-01-10")));
        assertTrue(computed.isEmpty());
    }

    @Test
    void manyDistinctQuestionsDoNotGrowItWithoutBound() {
        for (int i = 0; i < ReadCache.MAX_QUESTIONS * 3; i++) {
            line(cache, new Request.BoardGet(Integer.toString(i), DAY.plusDays(i), null));
        }
        assertTrue(cache.size() <= ReadCache.MAX_QUESTIONS, () -> "size " + cache.size());
    }

    @Test
    void largeAnswersDoNotGrowItPastItsByteBudget() {
        seatsFree = 1;
        int segments = 2_000; // ~400 KB encoded
        ReadCache big = new ReadCache(
                freshness::get,
                r -> new Response.BoardGetOk(r.id(), java.util.Collections.nCopies(segments, segment(1))),
                codec);
        for (int i = 0; i < 100; i++) {
            line(big, new Request.BoardGet(Integer.toString(i), DAY.plusDays(i), null));
        }
        assertTrue(big.bytes() <= ReadCache.MAX_BYTES, () -> big.bytes() + " bytes kept");
        assertTrue(big.size() < 100, () -> big.size() + " answers kept");
    }

    /** The answer's parts joined, as text: null when there is none. */
    private static String line(ReadCache cache, Request request) {
        ByteBuffer[] parts = cache.utf8(request);
        if (parts == null) {
            return null;
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (ByteBuffer part : parts) {
            byte[] bytes = new byte[part.remaining()];
            part.get(bytes);
            joined.writeBytes(bytes);
        }
        return joined.toString(StandardCharsets.UTF_8);
    }

    private static SegmentInfo segment(int free) {
        return new SegmentInfo(
                "TR1201-2030-01-10",
                "TR1201",
                "GRU",
                "BSB",
                Instant.parse("2030-01-10T13:15:00Z"),
                Instant.parse("2030-01-10T15:00:00Z"),
                45_900,
                free,
                180);
    }
}
