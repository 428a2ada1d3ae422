package app.trecho.server.net;

import app.trecho.protocol.Codec;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.SharedAnswer;
import app.trecho.server.booking.BookingCore;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Board and search answers, encoded once for everyone who asks the same question while nothing
 * they show has changed. Encoding a day's board or twenty itineraries costs more than finding them,
 * and customers ask the same few questions (a day, a city pair) over and over.
 *
 * <p>An answer is reused only under the {@link BookingCore.Freshness} it was computed under, so it
 * is exactly what computing it again would give: any change to free counts, or a segment
 * departing, makes every cached answer stale. Errors are not cached (the caller dispatches those
 * as usual, and logs them).
 */
final class ReadCache {
    /**
     * Past this many distinct questions, or this many bytes of answers, the cache starts over: the
     * questions are the clients' to choose, and a search for 100 itineraries is ~60 KB.
     */
    static final int MAX_QUESTIONS = 4_096;

    static final long MAX_BYTES = 8L << 20;

    /** The id every cached question is stored under, so that equal questions are equal keys. */
    private static final String KEY_ID = "q";

    private record Answer(BookingCore.Freshness freshness, SharedAnswer shared, int size) {}

    private final Supplier<BookingCore.Freshness> freshness;
    private final Function<Request, Response> compute;
    private final Codec codec;
    private final Map<Request, Answer> answers = new ConcurrentHashMap<>();
    /** The bytes held, about: a clear racing misses may leave it off by the answers in flight. */
    private final AtomicLong bytes = new AtomicLong();

    /**
     * @param freshness what answers depend on besides the question ({@link BookingCore#freshness})
     * @param compute the answer to a board or search request, as the dispatcher gives it
     */
    ReadCache(Supplier<BookingCore.Freshness> freshness, Function<Request, Response> compute, Codec codec) {
        this.freshness = freshness;
        this.compute = compute;
        this.codec = codec;
    }

    /** Whether {@link #utf8} answers this kind of request. */
    static boolean caches(Request request) {
        return request instanceof Request.BoardGet || request instanceof Request.ItinerarySearch;
    }

    /**
     * The encoded answer to a board or search request, as {@link SharedAnswer#utf8} gives it, or null
     * when it is an error (or not such a request).
     */
    ByteBuffer[] utf8(Request request) {
        Request question = question(request);
        if (question == null) {
            return null;
        }
        BookingCore.Freshness now = freshness.get(); // before computing: see BookingCore.freshness
        Answer answer = answers.get(question);
        if (answer == null || !answer.freshness().equals(now)) {
            Response computed = compute.apply(question);
            if (computed instanceof Response.Error) {
                return null;
            }
            SharedAnswer shared = new SharedAnswer(codec, id -> withId(computed, id));
            answer = new Answer(now, shared, shared.size());
            keep(question, answer);
        }
        return answer.shared().utf8(request.id());
    }

    private void keep(Request question, Answer answer) {
        boolean newQuestion = !answers.containsKey(question);
        if ((newQuestion && answers.size() >= MAX_QUESTIONS) || bytes.get() + answer.size() > MAX_BYTES) {
            answers.clear();
            bytes.set(0);
        }
        Answer replaced = answers.put(question, answer);
        bytes.addAndGet(answer.size() - (replaced == null ? 0 : replaced.size()));
    }

    int size() {
        return answers.size();
    }

    long bytes() {
        return bytes.get();
    }

    private static Request question(Request request) {
        return switch (request) {
            case Request.BoardGet r -> new Request.BoardGet(KEY_ID, r.date(), r.from());
            case Request.ItinerarySearch r ->
                new Request.ItinerarySearch(KEY_ID, r.from(), r.to(), r.date(), r.passengers(), r.sort(), r.limit());
            default -> null;
        };
    }

    private static Response withId(Response answer, String id) {
        return switch (answer) {
            case Response.BoardGetOk ok -> new Response.BoardGetOk(id, ok.segments());
            case Response.ItinerarySearchOk ok -> new Response.ItinerarySearchOk(id, ok.itineraries());
            default ->
                throw new IllegalArgumentException(
                        "not a cached answer: " + answer.type().wire());
        };
    }
}
