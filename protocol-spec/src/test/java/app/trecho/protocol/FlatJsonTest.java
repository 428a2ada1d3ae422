package app.trecho.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Whatever {@link FlatJson} reads, it reads as the mapper does; whatever it cannot, it leaves to the mapper. */
class FlatJsonTest {
    /** Edits for the mutations: JSON's punctuation, whitespace, escapes, signs, letters and non-ASCII. */
    private static final String EDITS = "{}[]\",:\\ \t0159-+.eEnulltrfas\u00e9\u20ac\ud83d\u0001";

    private final Codec codec = new Codec();

    /** Every vector's message, valid and invalid, as a compact line, and random messages of every type. */
    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (MessageType type : MessageType.values()) {
            JsonNode vectors = SpecResources.json("vectors/" + type.wire() + ".json");
            for (String group : List.of("valid", "invalid")) {
                for (JsonNode v : vectors.path(group)) {
                    lines.add(SpecResources.JSON.writeValueAsString(v.get("message")));
                }
            }
            RandomMessages random = new RandomMessages(31 * type.ordinal());
            for (int i = 0; i < 200; i++) {
                lines.add(codec.encode(random.next(type)));
            }
        }
        return lines;
    }

    /** Null from FlatJson, or the mapper's tree; never a line the mapper would refuse. */
    private void readsAsTheMapper(String line) {
        JsonNode flat = FlatJson.parse(line);
        if (flat == null) {
            return;
        }
        try {
            assertEquals(codec.parseByMapper(line), flat, () -> "read differently: " + line);
        } catch (JacksonException e) {
            fail("FlatJson read a line the mapper refuses: " + line + " (" + e.getOriginalMessage() + ")");
        }
    }

    @Test
    void everyVectorAndRandomMessageIsReadAsTheMapperReadsIt() {
        int read = 0;
        for (String line : lines()) {
            readsAsTheMapper(line);
            read += FlatJson.parse(line) != null ? 1 : 0;
        }
        assertTrue(read > 400, "the plain ones are in the usual shape: " + read);
    }

    @Test
    void aBookingCycleAsClientsWriteItTakesTheDirectPath() {
        EnumSet<MessageType> cycle =
                EnumSet.of(MessageType.HOLD_CREATE, MessageType.CART_PURCHASE, MessageType.BOOKING_CANCEL);
        for (MessageType type : cycle) {
            for (JsonNode v :
                    SpecResources.json("vectors/" + type.wire() + ".json").path("valid")) {
                String line = SpecResources.JSON.writeValueAsString(v.get("message"));
                assertNotNull(FlatJson.parse(line), line);
            }
        }
    }

    @Test
    void mutatedLinesAreReadAsTheMapperReadsThemOrLeftToIt() {
        Random random = new Random(42);
        List<String> seeds = lines();
        int read = 0;
        for (int i = 0; i < 40_000; i++) {
            StringBuilder line = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
            for (int edits = 1 + random.nextInt(3); edits > 0 && !line.isEmpty(); edits--) {
                int at = random.nextInt(line.length());
                char c = EDITS.charAt(random.nextInt(EDITS.length()));
                switch (random.nextInt(3)) {
                    case 0 -> line.insert(at, c);
                    case 1 -> line.deleteCharAt(at);
                    default -> line.setCharAt(at, c);
                }
            }
            readsAsTheMapper(line.toString());
            read += FlatJson.parse(line.toString()) != null ? 1 : 0;
        }
        assertTrue(read > 500, "some mutations stay in the usual shape: " + read);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"type\":\"ping\",\"id\":\"1\",\"id\":\"2\"}", // a key twice: the mapper refuses it
                "{\"type\":\"ping\", \"id\":\"1\"}", // whitespace
                "{\"type\":\"ping\",\"id\":\"a\\\"b\"}", // an escape
                "{\"type\":\"ping\",\"id\":\"\u00e9\"}", // not ASCII
                "{\"type\":\"ping\",\"n\":01}", // a leading zero: not JSON
                "{\"type\":\"ping\",\"n\":-1}", // a sign
                "{\"type\":\"ping\",\"n\":1.5}", // a fraction
                "{\"type\":\"ping\",\"n\":1e3}", // an exponent
                "{\"type\":\"ping\",\"n\":1234567890}", // ten digits
                "{\"type\":\"ping\",\"o\":{\"a\":1}}", // an object inside
                "{\"type\":\"ping\",\"a\":[[[\"x\"]]]}", // arrays three deep
                "{\"type\":\"ping\"}x", // text after the object
                "{\"type\":\"ping\",}", // a trailing comma
                "[\"ping\"]", // not an object
                "{\"type\":nul}", // half a word
            })
    void linesOutsideTheUsualShapeAreLeftToTheMapper(String line) {
        assertNull(FlatJson.parse(line), line);
    }

    @Test
    void aKeyReadAgainIsTheSameStringAndAnotherKeyIsNever() {
        String first = FlatJson.parse("{\"idempotencyKey\":\"a\"}")
                .propertyNames()
                .iterator()
                .next();
        String again = FlatJson.parse("{\"idempotencyKey\":\"b\"}")
                .propertyNames()
                .iterator()
                .next();
        assertSame(first, again);
        for (int i = 0; i < 1_000; i++) { // more keys than slots: each still reads as itself
            String key = "k" + i;
            assertEquals(
                    key,
                    FlatJson.parse("{\"" + key + "\":1}")
                            .propertyNames()
                            .iterator()
                            .next());
        }
    }

    @Test
    void aKeyLongerThanTheMapperAllowsIsLeftToIt() {
        String longest = "{\"type\":\"ping\",\"id\":\"1\",\"" + "k".repeat(Codec.MAX_NAME_LENGTH) + "\":0}";
        assertEquals(codec.parseByMapper(longest), FlatJson.parse(longest));
        String tooLong = "{\"type\":\"ping\",\"id\":\"1\",\"" + "k".repeat(Codec.MAX_NAME_LENGTH + 1) + "\":0}";
        assertNull(FlatJson.parse(tooLong));
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decodeRequest(tooLong));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
    }

    @Test
    void aRefusedLineIsStillWordedByTheMapper() {
        ProtocolException e = assertThrows(
                ProtocolException.class, () -> codec.decodeRequest("{\"type\":\"ping\",\"id\":\"1\",\"id\":\"2\"}"));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertTrue(e.getMessage().contains("Duplicate"), e.getMessage());
    }
}
