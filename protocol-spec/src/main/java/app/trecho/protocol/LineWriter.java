package app.trecho.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes messages as {@code \n}-terminated UTF-8 lines. Buffers until {@link #flush()} or until its
 * buffer fills, so a burst of messages costs one write. Not thread-safe.
 */
public final class LineWriter {
    private static final int BUFFER_BYTES = 8192;

    private final OutputStream out;
    private final byte[] buf = new byte[BUFFER_BYTES];
    private int count;

    public LineWriter(OutputStream out) {
        this.out = out;
    }

    /**
     * Queues one line (an encoded message, without newline) followed by {@code \n}.
     *
     * @throws IllegalArgumentException when {@code line} contains a newline: it would split the frame
     */
    public void write(String line) throws IOException {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a line must not contain a newline");
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (bytes.length + 1 > buf.length - count) {
            drain();
        }
        if (bytes.length + 1 > buf.length) {
            out.write(bytes);
            out.write('\n');
            return;
        }
        System.arraycopy(bytes, 0, buf, count, bytes.length);
        count += bytes.length;
        buf[count++] = '\n';
    }

    /** Writes everything queued and flushes the stream. */
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        if (count > 0) {
            int n = count;
            count = 0;
            out.write(buf, 0, n);
        }
    }
}
