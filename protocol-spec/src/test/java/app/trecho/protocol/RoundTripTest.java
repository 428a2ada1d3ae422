package app.trecho.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** Generated valid messages of every type encode to schema-valid lines that decode to equal records. */
class RoundTripTest {
    private final Codec codec = new Codec();

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void generatedMessagesRoundTripAndSatisfyTheirSchema(MessageType type) throws Exception {
        RandomMessages messages = new RandomMessages(7_000L + type.ordinal());
        for (int i = 0; i < 200; i++) {
            Message message = messages.next(type);
            String line = codec.encode(message);
            Message decoded = VectorConformanceTest.decode(codec, type, line);
            assertEquals(message, decoded, line);
            assertEquals(line, codec.encode(decoded));
            if (i < 20) {
                JsonNode tree = SpecResources.JSON.readTree(line);
                assertEquals(java.util.List.of(), SpecResources.validate(type.wire(), tree), line);
            }
        }
    }
}
