package app.trecho.protocol;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the lines clients write in the usual shape straight into the tree the mapper would build:
 * one object without whitespace, keys and strings of printable ASCII without escapes, integers of up
 * to nine digits, {@code null}, {@code true}, {@code false}, and arrays of these (two deep at most,
 * as a hold's seats are). Anything else returns null and goes to the mapper, which also words every
 * error: whitespace, escapes, other characters, signs, fractions, objects inside the object, a key
 * given twice or longer than the mapper allows ({@link Codec#MAX_NAME_LENGTH}), text after the
 * object.
 *
 * <p>Why: the mapper builds a parser, its contexts, buffers and a duplicate detector for every line;
 * at 500 {@code book} clients that was ~3% of the server's CPU and a tenth of what it allocated.
 * {@code FlatJsonTest} checks the trees against the mapper's for every vector and seeded mutations.
 */
final class FlatJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Nine digits always fit an int, which the mapper reads as an {@code IntNode} too. */
    private static final int MAX_DIGITS = 9;
    /** A hold's seats are a list of lists; deeper arrays are left to the mapper. */
    private static final int MAX_ARRAY_DEPTH = 2;

    /**
     * Keys read before, by a hash of their text: every line repeats the same dozen keys, and a new
     * string for each was ~2% of what the server allocated. Racy on purpose: a string is immutable
     * (safe to read through a race), and a slot holding another key only costs a new string.
     */
    private static final String[] KEYS = new String[64];
    /** Only short keys are kept: a client's long made-up keys must not stay in memory. */
    private static final int MAX_KEPT_KEY = 32;

    private final String line;
    private int at;

    private FlatJson(String line) {
        this.line = line;
    }

    /** The mapper's tree for {@code line}, or null when the line is not in the usual shape. */
    static ObjectNode parse(String line) {
        FlatJson reader = new FlatJson(line);
        ObjectNode node = reader.object();
        return node != null && reader.at == line.length() ? node : null;
    }

    private ObjectNode object() {
        if (!take('{')) {
            return null;
        }
        ObjectNode node = NODES.objectNode();
        if (take('}')) {
            return node;
        }
        do {
            String key = key();
            if (key == null || !take(':')) {
                return null;
            }
            JsonNode value = value(0);
            if (value == null || node.has(key)) {
                return null; // a key given twice is refused, in the mapper's words
            }
            node.set(key, value);
        } while (take(','));
        return take('}') ? node : null;
    }

    private JsonNode value(int arrayDepth) {
        if (at >= line.length()) {
            return null;
        }
        char c = line.charAt(at);
        if (c == '"') {
            String s = string();
            return s == null ? null : NODES.stringNode(s);
        }
        if (c == '[') {
            return arrayDepth < MAX_ARRAY_DEPTH ? array(arrayDepth + 1) : null;
        }
        if (c >= '0' && c <= '9') {
            return number();
        }
        if (word("null")) {
            return NODES.nullNode();
        }
        if (word("true")) {
            return NODES.booleanNode(true);
        }
        return word("false") ? NODES.booleanNode(false) : null;
    }

    private ArrayNode array(int depth) {
        at++; // the '['
        ArrayNode array = NODES.arrayNode();
        if (take(']')) {
            return array;
        }
        do {
            JsonNode item = value(depth);
            if (item == null) {
                return null;
            }
            array.add(item);
        } while (take(','));
        return take(']') ? array : null;
    }

    /** A key, as {@link #string} reads it, but the same string as last time for the same text. */
    private String key() {
        int start = at + 1;
        if (!skipString()) {
            return null;
        }
        int end = at - 1;
        if (end - start > Codec.MAX_NAME_LENGTH) {
            return null; // the mapper refuses it, in its words
        }
        if (end - start > MAX_KEPT_KEY) {
            return line.substring(start, end);
        }
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + line.charAt(i);
        }
        int slot = (hash ^ (hash >>> 16)) & (KEYS.length - 1);
        String known = KEYS[slot];
        if (known != null && known.length() == end - start && line.startsWith(known, start)) {
            return known;
        }
        String key = line.substring(start, end);
        KEYS[slot] = key;
        return key;
    }

    private String string() {
        int start = at + 1;
        return skipString() ? line.substring(start, at - 1) : null;
    }

    /** Steps over a string in the usual shape, quotes included; false when there is none here. */
    private boolean skipString() {
        if (!take('"')) {
            return false;
        }
        for (; at < line.length(); at++) {
            char c = line.charAt(at);
            if (c == '"') {
                at++;
                return true;
            }
            if (c < 0x20 || c > 0x7e || c == '\\') {
                return false;
            }
        }
        return false;
    }

    /** Digits only; a fraction or exponent after them fails the caller's next take. */
    private JsonNode number() {
        int start = at;
        while (at < line.length() && line.charAt(at) >= '0' && line.charAt(at) <= '9') {
            at++;
        }
        int digits = at - start;
        if (digits > MAX_DIGITS || (digits > 1 && line.charAt(start) == '0')) {
            return null; // long numbers, and leading zeros (not JSON), are the mapper's
        }
        return NODES.numberNode(Integer.parseInt(line, start, at, 10));
    }

    private boolean word(String word) {
        if (line.startsWith(word, at)) {
            at += word.length();
            return true;
        }
        return false;
    }

    private boolean take(char c) {
        if (at < line.length() && line.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }
}
