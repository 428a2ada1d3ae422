package app.trecho.client;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads what little the client needs from a message of a type it does not know: its {@code seq}. */
final class UnknownLines {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private UnknownLines() {}

    /** The line's numeric {@code seq}, or 0 when it has none. */
    static long seqOf(String line) {
        try {
            JsonNode seq = MAPPER.readTree(line).path("seq");
            return seq.canConvertToLong() && seq.isIntegralNumber() ? seq.asLong() : 0;
        } catch (JacksonException e) {
            return 0;
        }
    }
}
