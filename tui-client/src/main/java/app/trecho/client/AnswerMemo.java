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

    private static final String HEAD = "{\"type\":\"";
    private static final String ID = "\",\"id\":\"";

    private final Codec codec;
    /** Least recently used first. */
    private final LinkedHashMap<String, Response> byText = new LinkedHashMap<>(ENTRIES, 0.75f, true);

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
        String text = line.substring(0, idStart) + line.substring(idEnd);
        Response known = byText.get(text);
        if (known != null) {
            return withId(known, id);
        }
        Message message = codec.decodeServerMessage(line);
        if (message instanceof Response response && id.equals(response.id()) && withId(response, id) != null) {
            remember(text, response);
        }
        return message;
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

    private void remember(String text, Response answer) {
        byText.put(text, answer);
        chars += text.length();
        Iterator<Map.Entry<String, Response>> eldest = byText.entrySet().iterator();
        while (byText.size() > ENTRIES || chars > BUDGET_CHARS) {
            chars -= eldest.next().getKey().length();
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
