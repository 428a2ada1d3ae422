package app.trecho.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An answer encoded once and given each request's id is exactly the answer encoded with that id. */
class SharedAnswerTest {
    private static final List<String> IDS = List.of(
            "1",
            "r42",
            "shared-answer-id",
            "a\"b",
            "back\\slash",
            "tab\there",
            "ünïcode",
            "😀",
            "\",\"id\":\"x",
            "a/b",
            "del\u007f",
            "x".repeat(64));

    private final Codec codec = new Codec();

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void theSplicedLineIsTheEncodedAnswerForEveryId(MessageType type) {
        if (!Response.class.isAssignableFrom(type.recordClass())) {
            return;
        }
        RandomMessages messages = new RandomMessages(7_000L + type.ordinal());
        for (int i = 0; i < 50; i++) {
            Response answer = (Response) messages.next(type);
            SharedAnswer shared = new SharedAnswer(codec, id -> withId(answer, id));
            for (String id : IDS) {
                byte[] encoded = codec.encode(withId(answer, id)).getBytes(StandardCharsets.UTF_8);
                assertArrayEquals(encoded, joined(shared.utf8(id)), id);
            }
            assertTrue(shared.spliced(), "the codec writes type, then id: every line is spliced");
        }
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void anAnswerEncodedWithoutIdGetsEachIdAsTheCodecWouldWriteIt(MessageType type) {
        if (!Response.class.isAssignableFrom(type.recordClass())) {
            return;
        }
        RandomMessages messages = new RandomMessages(9_000L + type.ordinal());
        for (int i = 0; i < 50; i++) {
            Response answer = (Response) messages.next(type);
            String withoutId = codec.encode(withId(answer, null));
            for (String id : IDS) {
                String encoded = codec.encode(withId(answer, id));
                assertEquals(encoded, SharedAnswer.withId(codec, withoutId, id), id);
                assertArrayEquals(
                        encoded.getBytes(StandardCharsets.UTF_8),
                        joined(SharedAnswer.withIdUtf8(codec, withoutId, id)),
                        id);
            }
            assertEquals(withoutId, SharedAnswer.withId(codec, withoutId, null));
            assertArrayEquals(
                    withoutId.getBytes(StandardCharsets.UTF_8),
                    joined(SharedAnswer.withIdUtf8(codec, withoutId, null)));
        }
    }

    @Test
    void aLineNotShapedAsTheCodecWritesItIsLeftToTheCodec() {
        assertNull(SharedAnswer.withId(codec, "{\"id\":\"1\",\"type\":\"ping.ok\"}", "2"));
        assertNull(SharedAnswer.withId(codec, "{\"type\":\"ping.ok", "2"));
        assertNull(SharedAnswer.withId(codec, "[]", "2"));
        assertNull(SharedAnswer.withId(codec, "{\"type\":\"ping.ok\",\"id\":\"1\"}", "2"));
        for (String line : List.of(
                "{\"id\":\"1\",\"type\":\"ping.ok\"}",
                "{\"type\":\"ping.ok",
                "[]",
                "{\"type\":\"ping.ok\",\"id\":\"1\"}")) {
            assertNull(SharedAnswer.withIdUtf8(codec, line, "2"), line);
        }
    }

    @Test
    void aTypeBeyondAsciiIsSplicedAsText() {
        String withoutId = "{\"type\":\"pïng.ok\",\"ok\":true}";
        String spliced = "{\"type\":\"pïng.ok\",\"id\":\"2\",\"ok\":true}";
        assertEquals(spliced, SharedAnswer.withId(codec, withoutId, "2"));
        assertArrayEquals(
                spliced.getBytes(StandardCharsets.UTF_8), joined(SharedAnswer.withIdUtf8(codec, withoutId, "2")));
    }

    @Test
    void aSplicedAnswersPartsAreItsOwn() {
        String withoutId = "{\"type\":\"booking.cancel.ok\",\"reference\":\"ÄBC123\"}";
        ByteBuffer[] first = SharedAnswer.withIdUtf8(codec, withoutId, "1");
        ByteBuffer[] second = SharedAnswer.withIdUtf8(codec, withoutId, "2");
        first[2].get(new byte[first[2].remaining()]);
        assertEquals(
                "{\"type\":\"booking.cancel.ok\",\"id\":\"2\",\"reference\":\"ÄBC123\"}",
                new String(joined(second), StandardCharsets.UTF_8),
                "writing one answer leaves another whole");
    }

    @Test
    void eachAskerGetsReadOnlyPartsWithPositionsOfItsOwn() {
        SharedAnswer shared = new SharedAnswer(codec, id -> new Response.PingOk(id, Instant.EPOCH));
        ByteBuffer[] first = shared.utf8("1");
        ByteBuffer[] second = shared.utf8("2");
        assertEquals(3, first.length);
        assertTrue(first[0].isReadOnly() && first[2].isReadOnly(), "no asker can change what others are sent");
        first[0].get(new byte[first[0].remaining()]);
        assertEquals(
                "{\"type\":\"ping.ok\",\"id\":\"2\",",
                new String(joined(second), StandardCharsets.UTF_8).substring(0, 27),
                "reading one asker's parts leaves another's whole");
    }

    private static byte[] joined(ByteBuffer[] parts) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (ByteBuffer part : parts) {
            byte[] bytes = new byte[part.remaining()];
            part.get(bytes);
            joined.writeBytes(bytes);
        }
        return joined.toByteArray();
    }

    /** The same record with another id (every response's id is a String component named id). */
    private static Response withId(Response response, String id) {
        try {
            RecordComponent[] components = response.getClass().getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = components[i].getName().equals("id")
                        ? id
                        : components[i].getAccessor().invoke(response);
            }
            Constructor<? extends Response> canonical = response.getClass().getDeclaredConstructor(types);
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
