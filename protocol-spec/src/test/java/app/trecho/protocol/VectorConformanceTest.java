package app.trecho.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * Every message vector against both judges: the JSON Schema and the Java decoder must agree, and
 * valid vectors must re-encode to their canonical JSON.
 */
class VectorConformanceTest {
    private final Codec codec = new Codec();

    static Message decode(Codec codec, MessageType type, String line) throws ProtocolException {
        return Request.class.isAssignableFrom(type.recordClass())
                ? codec.decodeRequest(line)
                : codec.decodeServerMessage(line);
    }

    @TestFactory
    Stream<DynamicTest> validVectorsPassSchemaDecodeAndReencode() {
        List<DynamicTest> tests = new ArrayList<>();
        for (MessageType type : MessageType.values()) {
            JsonNode file = SpecResources.json("vectors/" + type.wire() + ".json");
            for (JsonNode v : file.get("valid")) {
                tests.add(DynamicTest.dynamicTest(
                        type.wire() + ": " + v.get("why").stringValue(), () -> {
                            JsonNode message = v.get("message");
                            assertEquals(List.of(), SpecResources.validate(type.wire(), message), "schema errors");
                            assertEquals(
                                    List.of(),
                                    SpecResources.validate(SpecResources.schemaNameFor(type), message),
                                    "union schema errors");
                            Message decoded = decode(codec, type, SpecResources.JSON.writeValueAsString(message));
                            assertInstanceOf(type.recordClass(), decoded);
                            JsonNode canonical = v.has("encoded") ? v.get("encoded") : message;
                            assertEquals(canonical, SpecResources.JSON.readTree(codec.encode(decoded)), "re-encoded");
                            assertEquals(
                                    decoded, decode(codec, type, SpecResources.JSON.writeValueAsString(canonical)));
                        }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> invalidVectorsAreRejectedBySchemaAndDecoderWithTheirCode() {
        List<DynamicTest> tests = new ArrayList<>();
        for (MessageType type : MessageType.values()) {
            JsonNode file = SpecResources.json("vectors/" + type.wire() + ".json");
            for (JsonNode v : file.get("invalid")) {
                tests.add(DynamicTest.dynamicTest(
                        type.wire() + ": " + v.get("why").stringValue(), () -> {
                            JsonNode message = v.get("message");
                            assertFalse(
                                    SpecResources.validate(type.wire(), message).isEmpty(), "schema accepted it");
                            assertFalse(
                                    SpecResources.validate(SpecResources.schemaNameFor(type), message)
                                            .isEmpty(),
                                    "union schema accepted it");
                            String line = SpecResources.JSON.writeValueAsString(message);
                            ProtocolException e =
                                    assertThrows(ProtocolException.class, () -> decode(codec, type, line));
                            assertExpected(v, e);
                        }));
            }
        }
        return tests.stream();
    }

    static void assertExpected(JsonNode vector, ProtocolException e) {
        assertEquals(vector.get("code").stringValue(), e.code().wire(), e.getMessage());
        JsonNode field = vector.get("field");
        if (field != null) {
            Map<String, Object> details = e.details();
            assertEquals(field.stringValue(), details == null ? null : details.get("field"), e.getMessage());
        }
        JsonNode id = vector.get("id");
        assertTrue(id != null, "every invalid vector states the id a receiver can echo (or null)");
        assertEquals(id.isNull() ? null : id.stringValue(), e.requestId());
    }
}
