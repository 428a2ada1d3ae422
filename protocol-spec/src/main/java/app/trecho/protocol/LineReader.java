package app.trecho.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Splits a byte stream into {@code \n}-terminated UTF-8 lines of at most {@code maxBytes} bytes
 * (excluding the {@code \n}; a {@code \r} before it counts and is stripped).
 *
 * <p>Bad framing never ends the stream: a line over the limit is skipped up to its {@code \n} without
 * being buffered and reported as {@link ErrorCode#LINE_TOO_LONG}; a line that is not UTF-8 is consumed
 * and reported as {@link ErrorCode#BAD_REQUEST}; bytes left at end of stream without a {@code \n} are
 * reported once as {@link ErrorCode#BAD_REQUEST} and the next call returns null. Not thread-safe.
 */
public final class LineReader {
    private static final int READ_BUFFER_BYTES = 8192;
    private static final int INITIAL_LINE_BYTES = 512;
    /** A line buffer grown past this is dropped after use so idle connections stay small. */
    private static final int RETAINED_LINE_BYTES = 16 * 1024;

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buf = new byte[READ_BUFFER_BYTES];
    private int pos;
    private int limit;
    private boolean endOfStream;

    private byte[] line = new byte[INITIAL_LINE_BYTES];
    private int lineLength;

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    public LineReader(InputStream in, int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /**
     * The next line without its {@code \n} (and without a trailing {@code \r}), or null at a clean end
     * of stream.
     *
     * @throws ProtocolException LINE_TOO_LONG or BAD_REQUEST for a bad line; the stream stays usable
     * @throws IOException when the underlying stream fails
     */
    public String readLine() throws IOException, ProtocolException {
        lineLength = 0;
        boolean tooLong = false;
        boolean sawBytes = false;
        while (true) {
            if (pos == limit && !fill()) {
                if (!sawBytes) {
                    return null;
                }
                if (tooLong) {
                    throw tooLong();
                }
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "truncated: end of stream inside a line");
            }
            int newline = indexOfNewline();
            int end = newline < 0 ? limit : newline;
            int chunk = end - pos;
            sawBytes |= chunk > 0 || newline >= 0;
            if (!tooLong) {
                if (lineLength + chunk > maxBytes) {
                    tooLong = true;
                    lineLength = 0;
                } else {
                    append(chunk);
                }
            }
            if (newline < 0) {
                pos = limit;
                continue;
            }
            pos = newline + 1;
            if (tooLong) {
                throw tooLong();
            }
            return decodeLine();
        }
    }

    private ProtocolException tooLong() {
        return new ProtocolException(
                ErrorCode.LINE_TOO_LONG,
                "line longer than " + maxBytes + " bytes",
                null,
                Map.of("maxLineBytes", maxBytes));
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
            pos = 0;
            limit = 0;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private int indexOfNewline() {
        for (int i = pos; i < limit; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int chunk) {
        int needed = lineLength + chunk;
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.min(Math.max(needed, line.length * 2), maxBytes));
        }
        System.arraycopy(buf, pos, line, lineLength, chunk);
        lineLength = needed;
    }

    private String decodeLine() throws ProtocolException {
        int length = lineLength;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            if (line[i] < 0) {
                ascii = false;
                break;
            }
        }
        try {
            if (ascii) {
                return new String(line, 0, length, StandardCharsets.US_ASCII);
            }
            try {
                return utf8.decode(ByteBuffer.wrap(line, 0, length)).toString();
            } catch (CharacterCodingException e) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "line is not valid UTF-8");
            }
        } finally {
            if (line.length > RETAINED_LINE_BYTES) {
                line = new byte[INITIAL_LINE_BYTES];
            }
        }
    }
}
