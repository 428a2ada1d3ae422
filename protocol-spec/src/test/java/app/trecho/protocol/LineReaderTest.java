package app.trecho.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static ErrorCode codeOf(LineReader reader) {
        return assertThrows(ProtocolException.class, reader::readLine).code();
    }

    @Test
    void splitsLinesAcrossChunksAndStripsCarriageReturn() throws Exception {
        var reader = new LineReader(ScriptedInput.of("{\"a\":1}\n{\"b\"", ":2}\r\n", "\n", "last\n"), 100);
        assertEquals("{\"a\":1}", reader.readLine());
        assertEquals("{\"b\":2}", reader.readLine());
        assertEquals("", reader.readLine());
        assertEquals("last", reader.readLine());
        assertNull(reader.readLine());
        assertNull(reader.readLine());
    }

    @Test
    void decodesMultiByteUtf8SplitAcrossReads() throws Exception {
        byte[] word = "São Paulo\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int split = 2; // inside the two-byte ã
        var reader = new LineReader(
                ScriptedInput.ofBytes(
                        Arrays.copyOfRange(word, 0, split + 1), Arrays.copyOfRange(word, split + 1, word.length)),
                100);
        assertEquals("São Paulo", reader.readLine());
    }

    @Test
    void lineOfExactlyTheLimitIsAccepted() throws Exception {
        var reader = new LineReader(ScriptedInput.of("x".repeat(10) + "\n"), 10);
        assertEquals("x".repeat(10), reader.readLine());
    }

    @Test
    void lineOverTheLimitIsSkippedAndTheNextLineStillReads() throws Exception {
        var reader = new LineReader(ScriptedInput.of("x".repeat(11) + "\nok\n"), 10);
        ProtocolException e = assertThrows(ProtocolException.class, reader::readLine);
        assertEquals(ErrorCode.LINE_TOO_LONG, e.code());
        assertNull(e.requestId());
        assertEquals("ok", reader.readLine());
    }

    @Test
    void tenMebibyteLineIsSkippedInChunks() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'y');
        byte[][] chunks = new byte[161][];
        Arrays.fill(chunks, 0, 160, chunk);
        chunks[160] = "\n{}\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var reader = new LineReader(ScriptedInput.ofBytes(chunks), Protocol.MAX_REQUEST_LINE_BYTES);
        assertEquals(ErrorCode.LINE_TOO_LONG, codeOf(reader));
        assertEquals("{}", reader.readLine());
        assertNull(reader.readLine());
    }

    @Test
    void invalidUtf8IsBadRequestAndConsumed() throws Exception {
        byte[] bad = {'{', (byte) 0xC3, (byte) 0x28, '}', '\n', 'o', 'k', '\n'};
        var reader = new LineReader(ScriptedInput.ofBytes(bad), 100);
        assertEquals(ErrorCode.BAD_REQUEST, codeOf(reader));
        assertEquals("ok", reader.readLine());
    }

    @Test
    void encodedSurrogateIsNotUtf8() throws Exception {
        byte[] cesu = {(byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'};
        var reader = new LineReader(ScriptedInput.ofBytes(cesu), 100);
        assertEquals(ErrorCode.BAD_REQUEST, codeOf(reader));
        assertNull(reader.readLine());
    }

    @Test
    void bytesAtEndOfStreamWithoutNewlineAreTruncatedThenEndOfStream() throws Exception {
        var reader = new LineReader(ScriptedInput.of("ok\n{\"type\":\"pi"), 100);
        assertEquals("ok", reader.readLine());
        ProtocolException e = assertThrows(ProtocolException.class, reader::readLine);
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertEquals("truncated: end of stream inside a line", e.getMessage());
        assertNull(reader.readLine());
    }

    @Test
    void overLongLineCutByEndOfStreamIsTooLongThenEndOfStream() throws Exception {
        var reader = new LineReader(ScriptedInput.of("z".repeat(50)), 10);
        assertEquals(ErrorCode.LINE_TOO_LONG, codeOf(reader));
        assertNull(reader.readLine());
    }

    @Test
    void readsTheStreamInBlocksNotBytes() throws Exception {
        InputStream in = ScriptedInput.of("a\nb\n");
        var reader = new LineReader(in, 100);
        assertEquals("a", reader.readLine());
        assertEquals("b", reader.readLine());
        verify(in, never()).read();
        verify(in, never()).read(org.mockito.ArgumentMatchers.any(byte[].class));
    }

    @Test
    void streamFailurePropagatesAsIoException() throws Exception {
        InputStream in = org.mockito.Mockito.mock(InputStream.class);
        org.mockito.Mockito.when(in.read(org.mockito.ArgumentMatchers.any(byte[].class), anyInt(), anyInt()))
                .thenThrow(new IOException("reset"));
        var reader = new LineReader(in, 100);
        assertEquals("reset", assertThrows(IOException.class, reader::readLine).getMessage());
    }

    @Test
    void binaryGarbageThatIsUtf8ReachesTheDecoderAsText() throws Exception {
        byte[] bytes = {0x01, 0x02, 0x7f, '\n'};
        var reader = new LineReader(ScriptedInput.ofBytes(bytes), 100);
        assertArrayEquals(new char[] {1, 2, 0x7f}, reader.readLine().toCharArray());
    }
}
