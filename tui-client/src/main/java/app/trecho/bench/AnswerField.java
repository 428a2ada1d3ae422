package app.trecho.bench;

import static app.trecho.bench.RawSockets.bytes;
import static app.trecho.bench.RawSockets.indexOf;

import java.nio.charset.StandardCharsets;

/**
 * A string field a customer needs from an answer (the hold's id, the booking's reference), read
 * straight from the answer's bytes. Decoding those answers whole, into a JSON tree and then
 * records, was ~18% of the bench's CPU at 500 {@code book} clients: CPU the server, on the same two
 * cores, then did not have. Only plain values are read, as ids and references are (letters and
 * digits); a value with an escape in it is not.
 */
final class AnswerField {
    static final AnswerField HOLD_ID = new AnswerField("holdId");
    static final AnswerField REFERENCE = new AnswerField("reference");

    private final String name;
    private final byte[] marker;

    AnswerField(String name) {
        this.name = name;
        this.marker = bytes("\"" + name + "\":\"");
    }

    String name() {
        return name;
    }

    /**
     * The value at the field's first occurrence within {@code length} bytes of {@code buf} from
     * {@code from}; null when the field is not there, its value is not a string, or it has an escape.
     */
    String valueIn(byte[] buf, int from, int length) {
        int at = indexOf(buf, from, length, marker);
        if (at < 0) {
            return null;
        }
        int start = at + marker.length;
        int end = from + length;
        for (int i = start; i < end; i++) {
            if (buf[i] == '"') {
                return new String(buf, start, i - start, StandardCharsets.UTF_8);
            }
            if (buf[i] == '\\') {
                return null;
            }
        }
        return null;
    }
}
