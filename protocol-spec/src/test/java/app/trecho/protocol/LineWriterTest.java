package app.trecho.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineWriterTest {

    @Test
    void writesUtf8LinesTerminatedByNewlineOnFlush() throws Exception {
        var sink = new ByteArrayOutputStream();
        var writer = new LineWriter(sink);
        writer.write("{\"city\":\"São Paulo\"}");
        writer.write("{}");
        writer.flush();
        assertArrayEquals("{\"city\":\"São Paulo\"}\n{}\n".getBytes(StandardCharsets.UTF_8), sink.toByteArray());
    }

    @Test
    void nothingReachesTheStreamBeforeFlushForSmallLines() throws Exception {
        OutputStream out = mock(OutputStream.class);
        var writer = new LineWriter(out);
        writer.write("{}");
        verify(out, never()).write(any(byte[].class), anyInt(), anyInt());
        writer.flush();
        var order = inOrder(out);
        order.verify(out).write(any(byte[].class), anyInt(), anyInt());
        order.verify(out).flush();
    }

    @Test
    void lineLargerThanTheBufferIsWrittenWhole() throws Exception {
        var sink = new ByteArrayOutputStream();
        var writer = new LineWriter(sink);
        String big = "b".repeat(100_000);
        writer.write("{}");
        writer.write(big);
        writer.flush();
        assertArrayEquals(("{}\n" + big + "\n").getBytes(StandardCharsets.UTF_8), sink.toByteArray());
    }

    @Test
    void lineContainingNewlineIsRefusedBecauseItWouldSplitTheFrame() {
        var writer = new LineWriter(mock(OutputStream.class));
        assertThrows(IllegalArgumentException.class, () -> writer.write("{}\n{}"));
    }
}
