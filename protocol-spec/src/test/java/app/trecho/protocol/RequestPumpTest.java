package app.trecho.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class RequestPumpTest {
    private static final String PING = "{\"type\":\"ping\",\"id\":\"p1\"}\n";

    private final RequestSink sink = mock(RequestSink.class);

    private ByteBuffer input;
    private boolean ended;

    private RequestPump pump(byte[]... chunks) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            bytes.write(chunk);
        }
        input = ByteBuffer.wrap(bytes.toByteArray());
        return new RequestPump(64, new Codec(), sink);
    }

    /** One step as a reader of the whole input would take it: a line, then the end of the stream once. */
    private boolean pumpOne(RequestPump pump) {
        if (pump.pumpOne(input)) {
            return true;
        }
        if (ended) {
            return false;
        }
        ended = true;
        return pump.endOfStream();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private ProtocolException invalidAfterOnePump(RequestPump pump) throws Exception {
        assertTrue(pumpOne(pump));
        ArgumentCaptor<ProtocolException> captor = ArgumentCaptor.forClass(ProtocolException.class);
        verify(sink).onInvalid(captor.capture());
        verify(sink, never()).onRequest(any());
        return captor.getValue();
    }

    private void nextPingIsDelivered(RequestPump pump) throws Exception {
        assertTrue(pumpOne(pump));
        verify(sink).onRequest(new Request.Ping("p1"));
    }

    @Test
    void goodLineIsDeliveredAsRequestThenEndOfStream() throws Exception {
        RequestPump pump = pump(ascii(PING));
        nextPingIsDelivered(pump);
        assertFalse(pumpOne(pump));
        verifyNoMoreInteractions(sink);
    }

    @Test
    void lineOverTheLimitIsLineTooLongAndTheNextLineStillDecodes() throws Exception {
        RequestPump pump = pump(ascii("{\"type\":\"ping\",\"id\":\"" + "x".repeat(100) + "\"}\n" + PING));
        ProtocolException e = invalidAfterOnePump(pump);
        assertEquals(ErrorCode.LINE_TOO_LONG, e.code());
        assertNull(e.requestId());
        nextPingIsDelivered(pump);
    }

    @Test
    void lineThatIsNotJsonIsBadRequestAndTheNextLineStillDecodes() throws Exception {
        RequestPump pump = pump(ascii("hello there\n" + PING));
        assertEquals(ErrorCode.BAD_REQUEST, invalidAfterOnePump(pump).code());
        nextPingIsDelivered(pump);
    }

    @Test
    void binaryGarbageIsBadRequestAndTheNextLineStillDecodes() throws Exception {
        byte[] garbage = {(byte) 0xFF, (byte) 0xFE, 0x00, 0x13, (byte) 0x80, '\n'};
        RequestPump pump = pump(garbage, ascii(PING));
        assertEquals(ErrorCode.BAD_REQUEST, invalidAfterOnePump(pump).code());
        nextPingIsDelivered(pump);
    }

    @Test
    void controlCharactersThatAreUtf8AreBadRequest() throws Exception {
        RequestPump pump = pump(new byte[] {0x00, 0x01, 0x02, '\n'}, ascii(PING));
        assertEquals(ErrorCode.BAD_REQUEST, invalidAfterOnePump(pump).code());
        nextPingIsDelivered(pump);
    }

    @Test
    void emptyLineIsBadRequestAndTheNextLineStillDecodes() throws Exception {
        RequestPump pump = pump(ascii("\n" + PING));
        assertEquals(ErrorCode.BAD_REQUEST, invalidAfterOnePump(pump).code());
        nextPingIsDelivered(pump);
    }

    @Test
    void truncatedLineAtEndOfStreamIsBadRequestThenEndOfStream() throws Exception {
        RequestPump pump = pump(ascii(PING + "{\"type\":\"ping\",\"id\""));
        nextPingIsDelivered(pump);
        assertTrue(pumpOne(pump));
        ArgumentCaptor<ProtocolException> captor = ArgumentCaptor.forClass(ProtocolException.class);
        verify(sink).onInvalid(captor.capture());
        assertEquals(ErrorCode.BAD_REQUEST, captor.getValue().code());
        assertFalse(pumpOne(pump));
    }

    @Test
    void invalidRequestCarriesItsIdSoTheErrorCanBeCorrelated() throws Exception {
        RequestPump pump = pump(ascii("{\"type\":\"hold.release\",\"id\":\"r9\"}\n" + PING));
        ProtocolException e = invalidAfterOnePump(pump);
        assertEquals(ErrorCode.INVALID_FIELD, e.code());
        assertEquals("r9", e.requestId());
        nextPingIsDelivered(pump);
    }

    @Test
    void outcomesArriveInLineOrder() throws Exception {
        RequestPump pump = pump(ascii("nope\n" + PING));
        assertTrue(pumpOne(pump));
        assertTrue(pumpOne(pump));
        var order = inOrder(sink);
        order.verify(sink).onInvalid(any());
        order.verify(sink).onRequest(new Request.Ping("p1"));
    }
}
