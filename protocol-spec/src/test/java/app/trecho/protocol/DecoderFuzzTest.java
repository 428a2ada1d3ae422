package app.trecho.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seeded mutations of the valid vectors. Whatever the input, the decoder either returns a message or
 * throws ProtocolException; and for every mutated JSON object it accepts exactly when the schema does.
 */
class DecoderFuzzTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<JsonNode> SEEDS = new ArrayList<>();
    private static final byte[] JSON_PUNCTUATION = "{}[]\",:\\0-e.".getBytes(StandardCharsets.US_ASCII);
    private final Codec codec = new Codec();

    static {
        for (MessageType type : MessageType.values()) {
            for (JsonNode v :
                    SpecResources.json("vectors/" + type.wire() + ".json").get("valid")) {
                SEEDS.add(v.get("message"));
            }
        }
    }

    private Message decodeEither(String line, boolean toServer) throws ProtocolException {
        return toServer ? codec.decodeRequest(line) : codec.decodeServerMessage(line);
    }

    /** Decodes, failing the test on anything but a message or a ProtocolException; true when accepted. */
    private boolean accepts(String line, boolean toServer) {
        try {
            decodeEither(line, toServer);
            return true;
        } catch (ProtocolException e) {
            return false;
        } catch (RuntimeException | Error e) {
            fail("decoder threw " + e + " for: " + line, e);
            return false;
        }
    }

    @RepeatedTest(20)
    void mutatedMessagesAreJudgedAlikeBySchemaAndDecoder(RepetitionInfo repetition) {
        Random random = new Random(1_000L + repetition.getCurrentRepetition());
        for (int i = 0; i < 150; i++) {
            JsonNode seed = SEEDS.get(random.nextInt(SEEDS.size()));
            JsonNode mutated = seed.deepCopy();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                mutated = mutate(mutated, random, 0);
            }
            if (!(mutated instanceof ObjectNode)) {
                continue;
            }
            String line = SpecResources.JSON.writeValueAsString(mutated);
            for (boolean toServer : new boolean[] {true, false}) {
                boolean decoder = accepts(line, toServer);
                boolean schema = SpecResources.validate(toServer ? "request" : "server-message", mutated)
                        .isEmpty();
                String side = toServer ? "request" : "server message";
                assertEquals(schema, decoder, () -> "schema and decoder disagree on " + side + ": " + line);
            }
        }
    }

    @RepeatedTest(10)
    void corruptedBytesOnlyEverYieldProtocolErrors(RepetitionInfo repetition) {
        Random random = new Random(2_000L + repetition.getCurrentRepetition());
        for (int i = 0; i < 500; i++) {
            byte[] bytes = SpecResources.JSON
                    .writeValueAsString(SEEDS.get(random.nextInt(SEEDS.size())))
                    .getBytes(StandardCharsets.UTF_8);
            switch (random.nextInt(4)) {
                case 0 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
                case 1 -> {
                    for (int k = 0; k < 1 + random.nextInt(4); k++) {
                        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                    }
                }
                case 2 -> {
                    byte[] noise = new byte[random.nextInt(64)];
                    random.nextBytes(noise);
                    bytes = noise;
                }
                default ->
                    bytes[random.nextInt(bytes.length)] = JSON_PUNCTUATION[random.nextInt(JSON_PUNCTUATION.length)];
            }
            String line = new String(bytes, StandardCharsets.UTF_8);
            accepts(line, true);
            accepts(line, false);
        }
    }

    @RepeatedTest(3)
    void deepNestingAndHugeNumbersYieldProtocolErrors(RepetitionInfo repetition) {
        int depth = 10 * repetition.getCurrentRepetition() * repetition.getCurrentRepetition() * 10;
        String deep = "[".repeat(depth) + "]".repeat(depth);
        accepts("{\"type\":\"ping\",\"id\":\"p\",\"x\":" + deep + "}", true);
        accepts(deep, true);
        accepts("{\"type\":\"ping\",\"id\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}", true);
        String huge = "9".repeat(300 * repetition.getCurrentRepetition());
        for (String n : List.of(huge, "-" + huge, huge + ".5", "1e" + huge, "1e-" + huge, "0." + huge + "e400")) {
            accepts(
                    "{\"type\":\"event.seat\",\"seq\":" + n
                            + ",\"segment\":\"TR1-2026-11-27\",\"changes\":[],\"version\":1}",
                    false);
            accepts(
                    "{\"type\":\"itinerary.search\",\"id\":\"i\",\"from\":\"GRU\",\"to\":\"REC\",\"date\":\"2026-11-27\",\"passengers\":"
                            + n + "}",
                    true);
        }
    }

    private static JsonNode mutate(JsonNode node, Random random, int depth) {
        if (node instanceof ObjectNode object && object.size() > 0 && (depth == 0 || random.nextInt(3) > 0)) {
            List<String> names = new ArrayList<>(object.propertyNames());
            String name = names.get(random.nextInt(names.size()));
            int op = random.nextInt(6);
            if (op == 0 && !name.equals("type")) {
                object.remove(name);
            } else if (op == 1 || name.equals("type") && random.nextInt(4) == 0) {
                object.set(name, randomValue(random));
            } else {
                object.set(name, mutate(object.get(name), random, depth + 1));
            }
            return object;
        }
        if (node instanceof ArrayNode array && array.size() > 0 && random.nextInt(3) > 0) {
            int at = random.nextInt(array.size());
            switch (random.nextInt(3)) {
                case 0 -> array.remove(at);
                case 1 -> array.add(array.get(at).deepCopy());
                default -> array.set(at, mutate(array.get(at), random, depth + 1));
            }
            return array;
        }
        if (node.isString() && random.nextBoolean()) {
            String s = node.stringValue();
            return switch (random.nextInt(4)) {
                case 0 -> NODES.stringNode(s.isEmpty() ? s : s.substring(0, random.nextInt(s.length())));
                case 1 -> NODES.stringNode(s + "X");
                case 2 -> NODES.stringNode(s.toLowerCase(java.util.Locale.ROOT));
                default -> NODES.stringNode(s + "\n");
            };
        }
        return randomValue(random);
    }

    private static JsonNode randomValue(Random random) {
        return switch (random.nextInt(16)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt(20) - 5);
            case 3 -> NODES.numberNode(random.nextDouble() * 10);
            case 4 -> NODES.numberNode(new BigInteger("9".repeat(1 + random.nextInt(40))));
            case 5 -> NODES.numberNode(Long.MAX_VALUE);
            case 6 -> NODES.numberNode(9_007_199_254_740_992L);
            case 7 -> NODES.numberNode(new java.math.BigDecimal("3.0"));
            case 8 -> NODES.stringNode("");
            case 9 -> NODES.stringNode("x".repeat(random.nextInt(70)));
            case 10 -> NODES.arrayNode();
            case 11 -> NODES.objectNode();
            case 12 -> NODES.arrayNode().add("board").add(1);
            case 13 -> NODES.stringNode("TR1201-2026-11-27");
            case 14 -> NODES.stringNode("2026-11-27T10:15:00Z");
            default -> NODES.stringNode("12C");
        };
    }
}
