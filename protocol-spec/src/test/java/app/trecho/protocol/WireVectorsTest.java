package app.trecho.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The raw-line and framing vectors, read as any implementation would: bytes through the line reader. */
class WireVectorsTest {
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private final Codec codec = new Codec();

    private static byte[] bytesOf(JsonNode v) {
        return v.has("base64")
                ? Base64.getDecoder().decode(v.get("base64").stringValue())
                : v.get("line").stringValue().getBytes(StandardCharsets.UTF_8);
    }

    @TestFactory
    Stream<DynamicTest> rawLinesAreRejectedWithTheirCode() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode v : SpecResources.json("vectors/lines.json").get("invalid")) {
            String direction = v.get("direction").stringValue();
            tests.add(DynamicTest.dynamicTest(direction + ": " + v.get("why").stringValue(), () -> {
                byte[] line = bytesOf(v);
                byte[] framed = new byte[line.length + 1];
                System.arraycopy(line, 0, framed, 0, line.length);
                framed[line.length] = '\n';
                var reader = new LineReader(new ByteArrayInputStream(framed), Protocol.MAX_REQUEST_LINE_BYTES);
                boolean toServer = direction.equals("client-to-server");
                ProtocolException e = assertThrows(ProtocolException.class, () -> {
                    String text = reader.readLine();
                    if (toServer) {
                        codec.decodeRequest(text);
                    } else {
                        codec.decodeServerMessage(text);
                    }
                });
                VectorConformanceTest.assertExpected(v, e);
                assertFalse(schemaAccepts(v, toServer ? "request" : "server-message"), "the schema accepted it");
            }));
        }
        return tests.stream();
    }

    /** A line that is not one strict JSON object is rejected before any schema is consulted. */
    private static boolean schemaAccepts(JsonNode v, String union) {
        if (v.has("base64")) {
            return false;
        }
        JsonNode node;
        try {
            node = STRICT.readTree(v.get("line").stringValue());
        } catch (JacksonException e) {
            return false;
        }
        if (node == null || !node.isObject() || v.get("code").stringValue().equals("BAD_REQUEST")) {
            return false; // remaining BAD_REQUEST lines break a JSON-level limit: nesting, number or name length
        }
        return SpecResources.validate(union, node).isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> framingCasesSplitStreamsAsDocumented() {
        JsonNode file = SpecResources.json("vectors/framing.json");
        int maxBytes = file.get("maxBytes").intValue();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : file.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("why").stringValue(), () -> {
                var reader = new LineReader(new ByteArrayInputStream(bytesOf(c)), maxBytes);
                for (JsonNode expect : c.get("expect")) {
                    if (expect.has("line")) {
                        assertEquals(expect.get("line").stringValue(), reader.readLine());
                    } else {
                        ProtocolException e = assertThrows(ProtocolException.class, reader::readLine);
                        assertEquals(expect.get("code").stringValue(), e.code().wire());
                    }
                }
                assertNull(reader.readLine());
            }));
        }
        return tests.stream();
    }
}
