package app.trecho.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.NamedType;
import tools.jackson.databind.module.SimpleModule;

/**
 * Reads one line into a typed, validated message and writes one message as a line. Thread-safe;
 * create one and share it. Decoding is the runtime validator: it accepts exactly what the JSON
 * Schemas accept (the test vectors prove it), ignores unknown fields, and never throws anything but
 * {@link ProtocolException}.
 */
public final class Codec {
    /** Deeper JSON is refused as BAD_REQUEST before any field is looked at (PROTOCOL.md, framing). */
    static final int MAX_NESTING_DEPTH = 64;
    /** Longer number literals are refused as BAD_REQUEST (they only serve to make parsing slow). */
    static final int MAX_NUMBER_LENGTH = 1000;
    /** Longer keys are refused as BAD_REQUEST (Jackson's default, stated so {@link FlatJson} keeps to it). */
    static final int MAX_NAME_LENGTH = 50_000;

    /** Puts the wire {@code type} first in every encoded message. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
    private interface WireTypeMixin {}

    private final JsonMapper mapper;
    private final ServerMessageDecoder serverMessages;

    public Codec() {
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .build())
                .build();
        JsonMapper.Builder builder = JsonMapper.builder(factory)
                .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .addMixIn(Message.class, WireTypeMixin.class)
                .addModule(new SimpleModule("trecho-instants").addSerializer(Instant.class, new InstantWriter()));
        for (MessageType t : MessageType.values()) {
            builder.registerSubtypes(new NamedType(t.recordClass(), t.wire()));
        }
        this.mapper = builder.build();
        this.serverMessages = new ServerMessageDecoder(mapper);
    }

    /** Server side: decode and validate a client line (without its newline) into a request. */
    public Request decodeRequest(String line) throws ProtocolException {
        JsonNode node = parseObject(line);
        String id = readableId(node);
        MessageType type = typeOf(node, id);
        if (!Request.class.isAssignableFrom(type.recordClass())) {
            throw unknownType(type.wire(), id, "not a request type: ");
        }
        requireId(node, id);
        try {
            return RequestDecoder.decode(type, FieldReader.top(node, id), id);
        } catch (RuntimeException e) {
            throw undecodable(e, id);
        }
    }

    /** Client side: decode and validate a server line (without its newline) into a response or event. */
    public Message decodeServerMessage(String line) throws ProtocolException {
        JsonNode node = parseObject(line);
        String id = readableId(node);
        MessageType type = typeOf(node, id);
        if (Request.class.isAssignableFrom(type.recordClass())) {
            throw unknownType(type.wire(), id, "not a server message type: ");
        }
        boolean isResponse = Response.class.isAssignableFrom(type.recordClass());
        if (isResponse && type != MessageType.ERROR) {
            requireId(node, id);
        } else if (type == MessageType.ERROR && id == null && !isAbsentOrNull(node.get("id"))) {
            throw invalidId(null);
        }
        try {
            return serverMessages.decode(type, FieldReader.top(node, id), isResponse ? id : null);
        } catch (RuntimeException e) {
            throw undecodable(e, id);
        }
    }

    /** Encodes a message as one line of JSON, {@code type} first, no trailing newline; nulls are omitted. */
    public String encode(Message message) {
        String line = CycleEncoder.encode(message); // a booking cycle's messages, written directly
        return line != null ? line : mapper.writeValueAsString(message);
    }

    /** The mapper's line for {@code message}: what {@link CycleEncoder} must write, for its test. */
    String encodeByMapper(Message message) {
        return mapper.writeValueAsString(message);
    }

    /** The mapper's tree for {@code line}: what {@link FlatJson} must build, for its test. */
    JsonNode parseByMapper(String line) {
        return mapper.readTree(line);
    }

    /** {@code text} as a JSON string literal, quotes included, escaped as {@link #encode} escapes it. */
    public String quote(String text) {
        return mapper.writeValueAsString(text);
    }

    private JsonNode parseObject(String line) throws ProtocolException {
        if (line == null || line.isBlank()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "empty line");
        }
        JsonNode node = FlatJson.parse(line); // the usual shape, read without the mapper's machinery
        if (node != null) {
            return node;
        }
        try {
            node = mapper.readTree(line);
        } catch (JacksonException e) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "not JSON: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            throw new ProtocolException(
                    ErrorCode.BAD_REQUEST, "not JSON: " + e.getClass().getSimpleName());
        }
        if (node == null || !node.isObject()) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "a message must be a JSON object");
        }
        return node;
    }

    /** The id when it is a valid one (so an error can echo it), else null. */
    private static String readableId(JsonNode node) {
        JsonNode id = node.get("id");
        if (id == null || !id.isString()) {
            return null;
        }
        String s = id.stringValue();
        return RequestDecoder.isValidId(s) ? s : null;
    }

    private static void requireId(JsonNode node, String id) throws ProtocolException {
        if (id == null) {
            throw invalidId(isAbsentOrNull(node.get("id")) ? "required" : null);
        }
    }

    private static ProtocolException invalidId(String problem) {
        String why = problem != null ? problem : "must be a string of 1..64 characters";
        return new ProtocolException(ErrorCode.INVALID_FIELD, "id: " + why, null, Map.of("field", "id"));
    }

    private static boolean isAbsentOrNull(JsonNode v) {
        return v == null || v.isNull();
    }

    private static MessageType typeOf(JsonNode node, String id) throws ProtocolException {
        JsonNode typeNode = node.get("type");
        if (typeNode == null || !typeNode.isString()) {
            String why = isAbsentOrNull(typeNode) ? "required" : "must be a string";
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "type: " + why, id, Map.of("field", "type"));
        }
        MessageType type = MessageType.fromWire(typeNode.stringValue());
        if (type == null) {
            throw unknownType(typeNode.stringValue(), id, "unknown type: ");
        }
        return type;
    }

    private static ProtocolException unknownType(String wire, String id, String why) {
        String shown = wire.length() > 64 ? wire.substring(0, 64) + "…" : wire;
        return new ProtocolException(ErrorCode.UNKNOWN_TYPE, why + shown, id, Map.of("type", shown));
    }

    /** A defect in a field reader must still reach the peer as a typed error, never as a crash. */
    private static ProtocolException undecodable(RuntimeException e, String id) {
        return new ProtocolException(
                ErrorCode.BAD_REQUEST, "undecodable: " + e.getClass().getSimpleName(), id, null);
    }
}
