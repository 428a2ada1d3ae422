package app.trecho.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Splits a blocking byte stream into {@code \n}-terminated UTF-8 lines of at most {@code maxBytes}
 * bytes (excluding the {@code \n}; a {@code \r} before it counts and is stripped), framed by a {@link
 * LineFramer}.
 *
 * <p>Bad framing never ends the stream: a line over the limit is skipped up to its {@code \n} without
 * being buffered and reported as {@link ErrorCode#LINE_TOO_LONG}; a line that is not UTF-8 is consumed
 * and reported as {@link ErrorCode#BAD_REQUEST}; bytes left at end of stream without a {@code \n} are
 * reported once as {@link ErrorCode#BAD_REQUEST} and the next call returns null. Not thread-safe.
 */
public final class LineReader {
    private static final int READ_BUFFER_BYTES = 8192;

    private final InputStream in;
    private final LineFramer framer;
    private final byte[] buf = new byte[READ_BUFFER_BYTES];
    private final ByteBuffer unread = ByteBuffer.wrap(buf).limit(0);
    private boolean endOfStream;

    public LineReader(InputStream in, int maxBytes) {
        this.in = in;
        this.framer = new LineFramer(maxBytes);
    }

    /**
     * The next line without its {@code \n} (and without a trailing {@code \r}), or null at a clean end
     * of stream.
     *
     * @throws ProtocolException LINE_TOO_LONG or BAD_REQUEST for a bad line; the stream stays usable
     * @throws IOException when the underlying stream fails
     */
    public String readLine() throws IOException, ProtocolException {
        while (true) {
            String line = framer.next(unread);
            if (line != null) {
                return line;
            }
            if (!fill()) {
                framer.endOfStream(); // reports a line cut short, once
                return null;
            }
        }
    }

    private boolean fill() throws IOException {
        if (endOfStream) {
            return false;
        }
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            endOfStream = true;
            return false;
        }
        unread.position(0).limit(n);
        return true;
    }
}
