package app.trecho.protocol;

import java.util.function.Function;

/**
 * One response for many requests that ask the same question, encoded once. The lines differ only
 * in the {@code id} they echo: {@link #line} splices the id into the encoded text instead of
 * encoding the whole answer (a day's board is several KB of JSON) again for every request.
 */
public final class SharedAnswer {
    /** Never a real id in practice; if a request does use it, the answer is still encoded right. */
    private static final String PLACEHOLDER = "shared-answer-id";

    private final Codec codec;
    /** The encoded answer up to the id's opening quote, and from after its closing quote. */
    private final String before;

    private final String after;
    /** Only when the codec did not put the id where expected: then every line is encoded whole. */
    private final Function<String, Response> fallback;

    /** @param build the answer with a given {@code id}; every other field must not depend on it */
    public SharedAnswer(Codec codec, Function<String, Response> build) {
        this.codec = codec;
        Response sample = build.apply(PLACEHOLDER);
        String line = codec.encode(sample);
        // The codec writes type first and id second, so the id's place is known without scanning
        // string contents, where a lookalike could hide.
        String head = "{\"type\":\"" + sample.type().wire() + "\",\"id\":";
        String quoted = "\"" + PLACEHOLDER + "\"";
        boolean spliceable = line.startsWith(head + quoted);
        this.before = spliceable ? head : null;
        this.after = spliceable ? line.substring(head.length() + quoted.length()) : null;
        // Keeping build would keep the whole answer's objects alive beside its text.
        this.fallback = spliceable ? null : build;
    }

    /** The encoded line (without newline) of the answer to the request {@code id}. */
    public String line(String id) {
        if (fallback != null) {
            return codec.encode(fallback.apply(id));
        }
        return before + quoted(codec, id) + after;
    }

    /**
     * The line of an answer that was encoded without an id (a remembered idempotent result), for the
     * request {@code id}: exactly what {@code codec.encode} writes for the same answer with that id,
     * without encoding it again. Null when {@code withoutId} does not begin the way the codec writes
     * an answer's type; then encode the answer itself.
     */
    public static String withId(Codec codec, String withoutId, String id) {
        if (id == null) {
            return withoutId; // the codec leaves a null id out
        }
        String head = "{\"type\":\"";
        if (!withoutId.startsWith(head)) {
            return null;
        }
        int typeEnd = withoutId.indexOf('"', head.length()); // type names hold no quote or escape
        if (typeEnd < 0 || typeEnd + 1 >= withoutId.length()) {
            return null;
        }
        char next = withoutId.charAt(typeEnd + 1);
        if ((next != ',' && next != '}') || withoutId.startsWith(",\"id\":", typeEnd + 1)) {
            return null; // not the codec's shape, or an id is there already
        }
        return withoutId.substring(0, typeEnd + 1) + ",\"id\":" + quoted(codec, id) + withoutId.substring(typeEnd + 1);
    }

    /** Whether lines are spliced (true whenever the codec writes type, then id, first). */
    boolean spliced() {
        return fallback == null;
    }

    /** About how many characters the encoded answer holds (what keeping it costs). */
    public int size() {
        return fallback != null ? codec.encode(fallback.apply(PLACEHOLDER)).length() : before.length() + after.length();
    }

    /** {@code id} as a JSON string, quoted by hand when JSON would write it as it is. */
    private static String quoted(Codec codec, String id) {
        return isPlain(id) ? "\"" + id + "\"" : codec.quote(id);
    }

    /** Printable ASCII without quote or backslash: JSON writes it as it is. */
    private static boolean isPlain(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
