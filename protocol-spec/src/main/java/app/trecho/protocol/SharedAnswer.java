package app.trecho.protocol;

import java.util.function.Function;

/**
 * One response for many requests that ask the same question, encoded once. The lines differ only
 * in the {@code id} they echo: {@link #line} splices the id into the encoded text instead of
 * encoding the whole answer (a day's board is ~8 KB of JSON) again for every request.
 */
public final class SharedAnswer {
    /** Never a real id in practice; if a request does use it, the answer is still encoded right. */
    private static final String PLACEHOLDER = "shared-answer-id";

    private final Function<String, Response> build;
    private final Codec codec;
    /** The encoded answer up to the id's opening quote, and from its closing quote; null: encode each time. */
    private final String before;

    private final String after;

    /** @param build the answer with a given {@code id}; every other field must not depend on it */
    public SharedAnswer(Codec codec, Function<String, Response> build) {
        this.codec = codec;
        this.build = build;
        Response sample = build.apply(PLACEHOLDER);
        String line = codec.encode(sample);
        // The codec writes type first and id second, so the id's place is known without scanning
        // string contents, where a lookalike could hide.
        String head = "{\"type\":\"" + sample.type().wire() + "\",\"id\":\"";
        boolean spliceable = line.startsWith(head + PLACEHOLDER + "\"");
        this.before = spliceable ? head : null;
        this.after = spliceable ? line.substring(head.length() + PLACEHOLDER.length()) : null;
    }

    /** The encoded line (without newline) of the answer to the request {@code id}. */
    public String line(String id) {
        if (before == null || !isPlain(id)) {
            return codec.encode(build.apply(id));
        }
        return before + id + after;
    }

    /** About how many characters the encoded answer holds (what keeping it costs). */
    public int size() {
        return before == null ? codec.encode(build.apply(PLACEHOLDER)).length() : before.length() + after.length();
    }

    /** Printable ASCII without quote or backslash: JSON writes it as it is, so it can be spliced. */
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
