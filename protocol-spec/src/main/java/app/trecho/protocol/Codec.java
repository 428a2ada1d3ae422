package app.trecho.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one line into a typed, validated message and writes one message as a line. Thread-safe;
 * create one and share it. Decoding is the runtime validator: it accepts exactly what the JSON
 * Schemas accept (the test vectors prove it) and never throws anything but {@link ProtocolException}.
 */
public final class Codec {

    private final JsonMapper mapper = JsonMapper.builder()
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public Codec() {}

    /** Server side: decode and validate a client line (without its newline) into a request. */
    public Request decodeRequest(String line) throws ProtocolException {
        ObjectNode node = parseObject(line);
        String id = node.path("id").isString() ? node.path("id").stringValue() : null;
        MessageType type = typeOf(node, id);
        if (!Request.class.isAssignableFrom(type.recordClass())) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "not a request type: " + type.wire(), id, null);
        }
        return (Request) bind(node, type, id);
    }

    /** Client side: decode and validate a server line (without its newline) into a response or event. */
    public Message decodeServerMessage(String line) throws ProtocolException {
        ObjectNode node = parseObject(line);
        String id = node.path("id").isString() ? node.path("id").stringValue() : null;
        MessageType type = typeOf(node, id);
        if (Request.class.isAssignableFrom(type.recordClass())) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "not a server message type: " + type.wire(), id, null);
        }
        return bind(node, type, id);
    }

    /** Encodes a message as one line of JSON, without the trailing newline; optional nulls are omitted. */
    public String encode(Message message) {
        ObjectNode node = mapper.createObjectNode();
        node.put("type", message.type().wire());
        node.setAll((ObjectNode) mapper.valueToTree(message));
        return mapper.writeValueAsString(node);
    }

    private ObjectNode parseObject(String line) throws ProtocolException {
        if (line == null || line.isBlank()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "empty line");
        }
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "not JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "a message must be a JSON object");
        }
        return object;
    }

    private static MessageType typeOf(ObjectNode node, String id) throws ProtocolException {
        JsonNode typeNode = node.get("type");
        if (typeNode == null || !typeNode.isString()) {
            throw new ProtocolException(
                    ErrorCode.INVALID_FIELD, "missing string field: type", id, Map.of("field", "type"));
        }
        MessageType type = MessageType.fromWire(typeNode.stringValue());
        if (type == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown type: " + typeNode.stringValue(), id, null);
        }
        return type;
    }

    private Message bind(ObjectNode node, MessageType type, String id) throws ProtocolException {
        try {
            return mapper.treeToValue(node, type.recordClass());
        } catch (StreamReadException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, e.getOriginalMessage(), id, null);
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, e.getOriginalMessage(), id, null);
        }
    }
}
