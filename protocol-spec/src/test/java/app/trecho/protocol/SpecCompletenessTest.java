package app.trecho.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every message type has a schema, a PROTOCOL.md section and vectors; nothing names a type that does not exist. */
class SpecCompletenessTest {
    private static final Set<String> SHARED_SCHEMAS =
            Set.of("defs.schema.json", "request.schema.json", "server-message.schema.json");
    private static final Set<String> SHARED_VECTORS = Set.of("lines.json", "framing.json");

    private static Set<Class<?>> leafRecords(Class<?> type) {
        Set<Class<?>> out = new java.util.HashSet<>();
        if (type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                out.addAll(leafRecords(sub));
            }
        } else {
            out.add(type);
        }
        return out;
    }

    private static Set<String> wires(Class<?> root) {
        return Arrays.stream(MessageType.values())
                .filter(t -> root.isAssignableFrom(t.recordClass()))
                .map(MessageType::wire)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> allWires() {
        return wires(Message.class);
    }

    @Test
    void messageTypeNamesEveryRecordOfTheSealedHierarchiesExactlyOnce() {
        Set<Class<?>> records = leafRecords(Message.class);
        Set<Class<?>> named = Arrays.stream(MessageType.values())
                .map(MessageType::recordClass)
                .collect(Collectors.toSet());
        assertEquals(records, named);
        assertEquals(MessageType.values().length, named.size());
        records.forEach(r -> assertTrue(r.isRecord(), r + " is not a record"));
    }

    @Test
    void everyTypeHasExactlyOneSchemaAndEverySchemaNamesAType() {
        Set<String> fromFiles = new TreeSet<>();
        for (String file : SpecResources.files("schemas")) {
            if (SHARED_SCHEMAS.contains(file)) {
                continue;
            }
            assertTrue(file.endsWith(".schema.json"), file);
            String wire = file.substring(0, file.length() - ".schema.json".length());
            JsonNode schema = SpecResources.json("schemas/" + file);
            assertEquals(SpecResources.SCHEMA_BASE + file, schema.get("$id").stringValue(), file);
            assertEquals(wire, schema.at("/properties/type/const").stringValue(), file + " must fix type to its name");
            fromFiles.add(wire);
        }
        assertEquals(allWires(), fromFiles);
    }

    @Test
    void unionSchemasListExactlyTheRequestAndServerTypes() {
        assertEquals(wires(Request.class), refs("request"));
        Set<String> server = new TreeSet<>(wires(Response.class));
        server.addAll(wires(Event.class));
        assertEquals(server, refs("server-message"));
    }

    private static Set<String> refs(String union) {
        Set<String> out = new TreeSet<>();
        for (JsonNode r :
                SpecResources.json("schemas/" + union + ".schema.json").get("anyOf")) {
            out.add(r.get("$ref").stringValue().replace(".schema.json", ""));
        }
        return out;
    }

    @Test
    void everyTypeHasValidAndInvalidVectorsAndEveryVectorFileNamesAType() {
        Set<String> fromFiles = new TreeSet<>();
        for (String file : SpecResources.files("vectors")) {
            if (SHARED_VECTORS.contains(file)) {
                continue;
            }
            String wire = file.substring(0, file.length() - ".json".length());
            JsonNode vectors = SpecResources.json("vectors/" + file);
            assertEquals(wire, vectors.get("type").stringValue(), file);
            assertTrue(vectors.get("valid").size() >= 1, file + " needs a valid vector");
            assertTrue(vectors.get("invalid").size() >= 1, file + " needs an invalid vector");
            for (JsonNode v : vectors.get("valid")) {
                assertEquals(wire, v.at("/message/type").stringValue(), file + ": " + v.get("why"));
            }
            for (JsonNode v : vectors.get("invalid")) {
                assertEquals(wire, v.at("/message/type").stringValue(), file + ": " + v.get("why"));
                assertTrue(ErrorCode.valueOf(v.get("code").stringValue()) != null, file + ": " + v.get("why"));
            }
            fromFiles.add(wire);
        }
        assertEquals(allWires(), fromFiles);
    }

    @Test
    void protocolMdHasOneSectionPerTypeAndNoSectionForAnUnknownType() {
        Matcher m = Pattern.compile("(?m)^### `([^`]+)`\\s*$").matcher(SpecResources.protocolMd());
        List<String> sections = new ArrayList<>();
        while (m.find()) {
            sections.add(m.group(1));
        }
        assertEquals(sections.size(), new TreeSet<>(sections).size(), "duplicate sections: " + sections);
        assertEquals(allWires(), new TreeSet<>(sections));
    }

    @Test
    void protocolMdErrorTableListsEveryErrorCodeAndNoOther() {
        Matcher m = Pattern.compile("(?m)^\\| `([A-Z_]+)` \\|").matcher(SpecResources.protocolMd());
        Set<String> listed = new TreeSet<>();
        while (m.find()) {
            listed.add(m.group(1));
        }
        Set<String> codes =
                Arrays.stream(ErrorCode.values()).map(ErrorCode::wire).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(codes, listed);
    }

    @Test
    void everyProtocolMdExampleLineIsAValidMessageOfItsSection() throws Exception {
        Codec codec = new Codec();
        String md = SpecResources.protocolMd();
        Matcher section = Pattern.compile("(?m)^### `([^`]+)`\\s*$").matcher(md);
        List<int[]> bounds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (section.find()) {
            bounds.add(new int[] {section.start(), section.end()});
            names.add(section.group(1));
        }
        for (int i = 0; i < names.size(); i++) {
            int end = i + 1 < bounds.size() ? bounds.get(i + 1)[0] : md.length();
            String body = md.substring(bounds.get(i)[1], end);
            Matcher line = Pattern.compile("(?m)^([CS]): (\\{.*})$").matcher(body);
            boolean mentionsItself = false;
            int examples = 0;
            while (line.find()) {
                examples++;
                Message msg = line.group(1).equals("C")
                        ? codec.decodeRequest(line.group(2))
                        : codec.decodeServerMessage(line.group(2));
                mentionsItself |= msg.type().wire().equals(names.get(i));
            }
            assertTrue(examples > 0 && mentionsItself, "section " + names.get(i) + " needs an example of itself");
        }
    }
}
