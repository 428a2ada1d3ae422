package app.trecho.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * One response for many requests that ask the same question, encoded once. The lines differ only
 * in the {@code id} they echo: {@link #utf8} splices the id between the encoded bytes before and
 * after it instead of encoding the whole answer (a day's board is ~11 KB of JSON) again for every
 * request, and hands the shared bytes out uncopied: building the line as a string, then its bytes,
 * then a buffer, copied it three times per request (the JDK still copies heap bytes once into its
 * own direct buffer for the system call; direct buffers here would be freed only by the GC, and
 * answers are remade after every change).
 */
public final class SharedAnswer {
    /** Never a real id in practice; if a request does use it, the answer is still encoded right. */
    private static final String PLACEHOLDER = "shared-answer-id";

    private static final byte[] NOTHING = new byte[0];
    private static final byte[] ID_NAME = bytesOf(",\"id\":");

    private final Codec codec;
    /**
     * The encoded answer's UTF-8 up to the id's opening quote, and from after its closing quote (the
     * split falls between ASCII characters, so the halves are the halves of the line's UTF-8).
     */
    private final ByteBuffer before;

    private final ByteBuffer after;
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
        this.before = spliceable ? readOnly(head) : null;
        this.after = spliceable ? readOnly(line.substring(head.length() + quoted.length())) : null;
        // Keeping build would keep the whole answer's objects alive beside its text.
        this.fallback = spliceable ? null : build;
    }

    /**
     * The UTF-8 of the encoded line (without newline) of the answer to the request {@code id}, in parts
     * to be written one after another. The buffers are new read-only views, each with its own
     * position: the bytes they share are never copied here.
     */
    public ByteBuffer[] utf8(String id) {
        if (fallback != null) {
            return whole(codec.encode(fallback.apply(id)));
        }
        ByteBuffer quotedId = ByteBuffer.wrap(quotedAfter(NOTHING, codec, id));
        return new ByteBuffer[] {before.duplicate(), quotedId, after.duplicate()};
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
        int at = idPlace(withoutId);
        if (at < 0) {
            return null;
        }
        return withoutId.substring(0, at) + ",\"id\":" + quoted(codec, id) + withoutId.substring(at);
    }

    /**
     * {@link #withId}'s line as UTF-8, in parts to be written one after another (null where {@code
     * withId} is null). The remembered line's bytes are made once and split around the id, where the
     * spliced string, then its bytes, copied the line three times for every mutation's answer.
     */
    public static ByteBuffer[] withIdUtf8(Codec codec, String withoutId, String id) {
        if (id == null) {
            return whole(withoutId);
        }
        int at = idPlace(withoutId);
        if (at < 0) {
            return null;
        }
        if (!isAscii(withoutId, at)) { // every wire type is ASCII; were one not, its bytes would not split here
            return whole(withId(codec, withoutId, id));
        }
        byte[] line = bytesOf(withoutId);
        // Everything before the id's place is ASCII ({"type":" and a type name), one byte a character.
        return new ByteBuffer[] {
            ByteBuffer.wrap(line, 0, at),
            ByteBuffer.wrap(quotedAfter(ID_NAME, codec, id)),
            ByteBuffer.wrap(line, at, line.length - at)
        };
    }

    /**
     * Where the id goes in a line the codec wrote without one: right after the type, which the codec
     * writes first. -1 when the line is not in that shape or has an id already.
     */
    private static int idPlace(String withoutId) {
        String head = "{\"type\":\"";
        if (!withoutId.startsWith(head)) {
            return -1;
        }
        int typeEnd = withoutId.indexOf('"', head.length()); // type names hold no quote or escape
        if (typeEnd < 0 || typeEnd + 1 >= withoutId.length()) {
            return -1;
        }
        char next = withoutId.charAt(typeEnd + 1);
        if ((next != ',' && next != '}') || withoutId.startsWith(",\"id\":", typeEnd + 1)) {
            return -1; // not the codec's shape, or an id is there already
        }
        return typeEnd + 1;
    }

    /** Whether the first {@code length} characters of {@code text} are ASCII: one UTF-8 byte each. */
    private static boolean isAscii(String text, int length) {
        for (int i = 0; i < length; i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Whether lines are spliced (true whenever the codec writes type, then id, first). */
    boolean spliced() {
        return fallback == null;
    }

    /** About how many bytes the encoded answer holds (what keeping it costs). */
    public int size() {
        return fallback != null
                ? bytesOf(codec.encode(fallback.apply(PLACEHOLDER))).length
                : before.capacity() + after.capacity();
    }

    /** {@code prefix}, then {@code id} as a JSON string, as UTF-8: built by hand when JSON writes it as it is. */
    private static byte[] quotedAfter(byte[] prefix, Codec codec, String id) {
        if (!isPlain(id)) {
            byte[] quoted = bytesOf(codec.quote(id));
            byte[] out = Arrays.copyOf(prefix, prefix.length + quoted.length);
            System.arraycopy(quoted, 0, out, prefix.length, quoted.length);
            return out;
        }
        byte[] out = Arrays.copyOf(prefix, prefix.length + id.length() + 2);
        out[prefix.length] = '"';
        for (int i = 0; i < id.length(); i++) {
            out[prefix.length + 1 + i] = (byte) id.charAt(i); // printable ASCII: one byte each
        }
        out[out.length - 1] = '"';
        return out;
    }

    /** A whole line as one buffer. */
    private static ByteBuffer[] whole(String line) {
        return new ByteBuffer[] {ByteBuffer.wrap(bytesOf(line))};
    }

    /** {@code id} as a JSON string, quoted by hand when JSON would write it as it is. */
    private static String quoted(Codec codec, String id) {
        return isPlain(id) ? "\"" + id + "\"" : codec.quote(id);
    }

    private static ByteBuffer readOnly(String text) {
        return ByteBuffer.wrap(bytesOf(text)).asReadOnlyBuffer();
    }

    private static byte[] bytesOf(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
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
