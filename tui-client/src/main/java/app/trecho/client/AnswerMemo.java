package app.trecho.client;

import app.trecho.protocol.Codec;
import app.trecho.protocol.Message;
import app.trecho.protocol.ProtocolException;
import app.trecho.protocol.Response;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One connection's large answers decoded before, by their text without the id. Asking the same
 * question again (a day's board re-read, the same search) usually brings the very same answer but
 * for its id, as the server shares answers while nothing they show changes, and decoding several
 * KB of JSON again was about a third of the load generator's CPU under {@code browse}. A line
 * whose text, id aside, equals a remembered one decodes to the remembered answer with the line's
 * own id: a new record over the same immutable lists. Only the list answers are remembered (the
 * ones that grow large); the connection's reader thread alone uses it.
 */
final class AnswerMemo {
    /** Smaller answers cost less to decode than to remember. */
    static final int MIN_CHARS = 2_048;
    /** Larger ones (a week's board) would hold too much per connection. */
    static final int MAX_CHARS = 65_536;

    static final int ENTRIES = 16;
    /** Characters of remembered text per connection at most. */
    static final int BUDGET_CHARS = 262_144;

    private static final int SAMPLES = 64;

    private static final String HEAD = "{\"type\":\"";
    private static final String ID = "\",\"id\":\"";

    /** A remembered answer, with the line it came in and where that line's id is. */
    private record Entry(String line, int idStart, int idEnd, Response answer) {
        boolean sameTextAs(String other, int otherIdStart, int otherIdEnd) {
            int rest = line.length() - idEnd;
            return idStart == otherIdStart
                    && other.length() - otherIdEnd == rest
                    && other.regionMatches(0, line, 0, idStart)
                    && other.regionMatches(otherIdEnd, line, idEnd, rest);
        }
    }

    private final Codec codec;
    /** By a hash of a sample of the text; least recently used first. */
    private final LinkedHashMap<Integer, Entry> bySample = new LinkedHashMap<>(ENTRIES, 0.75f, true);

    private long chars;

    AnswerMemo(Codec codec) {
        this.codec = codec;
    }

    Message decode(String line) throws ProtocolException {
        int idStart = idStart(line);
        if (idStart < 0) {
            return codec.decodeServerMessage(line);
        }
        int idEnd = line.indexOf('"', idStart);
        if (idEnd < 0 || line.indexOf('\\', idStart, idEnd) >= 0) {
            return codec.decodeServerMessage(line); // an escaped id: rare, not worth comparing texts for
        }
        String id = line.substring(idStart, idEnd);
        // The lookup allocates nothing: a sampled hash finds the candidate, a full comparison of
        // the text around the id (vectorised by the JDK) decides.
        Integer sample = sampleHash(line, idStart, idEnd);
        Entry known = bySample.get(sample);
        if (known != null && known.sameTextAs(line, idStart, idEnd)) {
            return withId(known.answer(), id);
        }
        Message message = codec.decodeServerMessage(line);
        if (message instanceof Response response && id.equals(response.id()) && withId(response, id) != null) {
            remember(sample, new Entry(line, idStart, idEnd, response));
        }
        return message;
    }

    /** The text before the id, and 64 characters spread over the text after it. */
    private static int sampleHash(String line, int idStart, int idEnd) {
        int rest = line.length() - idEnd;
        int hash = rest;
        for (int i = 0; i < idStart; i++) {
            hash = 31 * hash + line.charAt(i);
        }
        for (int i = 0; i < SAMPLES; i++) {
            hash = 31 * hash + line.charAt(idEnd + (int) ((long) i * rest / SAMPLES));
        }
        return hash;
    }

    /** The answer to request {@code id} instead; null for a type that is not remembered. */
    private static Response withId(Response answer, String id) {
        return switch (answer) {
            case Response.BoardGetOk board -> new Response.BoardGetOk(id, board.segments());
            case Response.ItinerarySearchOk search -> new Response.ItinerarySearchOk(id, search.itineraries());
            case Response.CityListOk cities -> new Response.CityListOk(id, cities.cities());
            case Response.BookingListOk bookings -> new Response.BookingListOk(id, bookings.bookings());
            case Response.CartGetOk cart -> new Response.CartGetOk(id, cart.holds(), cart.totalCents());
            default -> null;
        };
    }

    private void remember(Integer sample, Entry entry) {
        Entry replaced = bySample.put(sample, entry);
        chars += entry.line().length() - (replaced == null ? 0 : replaced.line().length());
        Iterator<Map.Entry<Integer, Entry>> eldest = bySample.entrySet().iterator();
        while (bySample.size() > ENTRIES || chars > BUDGET_CHARS) {
            chars -= eldest.next().getValue().line().length();
            eldest.remove();
        }
    }

    /** Where the id starts in a large answer that begins with its type and id, or -1. */
    private static int idStart(String line) {
        if (line.length() < MIN_CHARS || line.length() > MAX_CHARS || !line.startsWith(HEAD)) {
            return -1;
        }
        int typeEnd = line.indexOf('"', HEAD.length());
        return typeEnd > 0 && line.startsWith(ID, typeEnd) ? typeEnd + ID.length() : -1;
    }
}
