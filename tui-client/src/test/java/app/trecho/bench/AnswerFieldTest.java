package app.trecho.bench;

import static app.trecho.bench.RawSockets.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import app.trecho.protocol.Codec;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.Hold;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the one field a customer needs from an answer as the codec writes it, without decoding it. */
class AnswerFieldTest {
    private static final Codec CODEC = new Codec();

    @Test
    void readsTheHoldIdAndTheReferenceFromAnswersAsTheServerEncodesThem() {
        String hold = CODEC.encode(
                new Response.HoldCreateOk("17", new Hold("0MWZABDISg3w67me", List.of(), 1, 48_090, Instant.EPOCH)));
        String purchase = CODEC.encode(
                new Response.CartPurchaseOk("18", new Booking("8NFR8N", List.of(), 1, 76_890, Instant.EPOCH)));

        assertEquals("0MWZABDISg3w67me", valueIn(AnswerField.HOLD_ID, hold));
        assertEquals("8NFR8N", valueIn(AnswerField.REFERENCE, purchase));
    }

    @Test
    void readsOnlyWithinTheLineItIsGiven() {
        byte[] buf =
                bytes("{\"reference\":\"BEFORE\"}{\"type\":\"x\",\"reference\":\"MINE\"}{\"reference\":\"AFTER\"}");
        int from = "{\"reference\":\"BEFORE\"}".length();
        int length = "{\"type\":\"x\",\"reference\":\"MINE\"}".length();

        assertEquals("MINE", AnswerField.REFERENCE.valueIn(buf, from, length));
        assertNull(AnswerField.HOLD_ID.valueIn(buf, from, length));
    }

    @Test
    void aMissingUnfinishedOrEscapedValueIsNotRead() {
        assertNull(valueIn(AnswerField.REFERENCE, "{\"type\":\"booking.cancel.ok\"}"));
        assertNull(valueIn(AnswerField.REFERENCE, "{\"reference\":\"ABC"), "no closing quote");
        assertNull(valueIn(AnswerField.REFERENCE, "{\"reference\":\"A\\\"B\"}"), "an escape");
        assertNull(valueIn(AnswerField.REFERENCE, "{\"reference\":7}"), "not a string");
    }

    private static String valueIn(AnswerField field, String line) {
        byte[] buf = bytes(line);
        return field.valueIn(buf, 0, buf.length);
    }
}
