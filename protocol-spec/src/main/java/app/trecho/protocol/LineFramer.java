package app.trecho.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Cuts bytes, as they arrive, into {@code \n}-terminated UTF-8 lines of at most {@code maxBytes}
 * bytes (excluding the {@code \n}; a {@code \r} before it counts and is stripped). It is pushed
 * whatever bytes there are, so both a blocking reader ({@link LineReader}) and a non-blocking one (a
 * selector loop) frame lines the same way.
 *
 * <p>Bad framing never ends the stream: a line over the limit is skipped up to its {@code \n} without
 * being buffered and reported as {@link ErrorCode#LINE_TOO_LONG}; a line that is not UTF-8 is consumed
 * and reported as {@link ErrorCode#BAD_REQUEST}. Not thread-safe.
 */
public final class LineFramer {
    private static final int INITIAL_LINE_BYTES = 512;
    /** A line buffer grown past this is dropped after use so idle connections stay small. */
    private static final int RETAINED_LINE_BYTES = 16 * 1024;

    private final int maxBytes;
    private byte[] line = new byte[INITIAL_LINE_BYTES];
    private int lineLength;
    /** Inside a line over the limit: its bytes are dropped until its {@code \n}. */
    private boolean tooLong;

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    public LineFramer(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /**
     * The next whole line in {@code in} (consumed through its {@code \n}), or null once {@code in} is
     * used up without one: its bytes are kept for the next call.
     *
     * @throws ProtocolException LINE_TOO_LONG or BAD_REQUEST for a bad line, consumed; framing goes on
     */
    public String next(ByteBuffer in) throws ProtocolException {
        while (in.hasRemaining()) {
            int start = in.position();
            int newline = indexOfNewline(in);
            int end = newline < 0 ? in.limit() : newline;
            int chunk = end - start;
            if (!tooLong) {
                if (lineLength + chunk > maxBytes) {
                    tooLong = true;
                    lineLength = 0;
                } else {
                    append(in, start, chunk);
                }
            }
            if (newline < 0) {
                in.position(in.limit());
                return null;
            }
            in.position(newline + 1);
            if (tooLong) {
                tooLong = false;
                throw tooLong();
            }
            return decodeLine();
        }
        return null;
    }

    /** True while part of a line is waiting for the rest. */
    public boolean inLine() {
        return lineLength > 0 || tooLong;
    }

    /**
     * The stream ended: a line cut short is reported once (LINE_TOO_LONG when it was over the limit
     * already, else BAD_REQUEST) and forgotten; nothing happens when no line was started.
     */
    public void endOfStream() throws ProtocolException {
        boolean wasTooLong = tooLong;
        boolean cut = inLine();
        lineLength = 0;
        tooLong = false;
        if (wasTooLong) {
            throw tooLong();
        }
        if (cut) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "truncated: end of stream inside a line");
        }
    }

    private ProtocolException tooLong() {
        return new ProtocolException(
                ErrorCode.LINE_TOO_LONG,
                "line longer than " + maxBytes + " bytes",
                null,
                Map.of("maxLineBytes", maxBytes));
    }

    private static int indexOfNewline(ByteBuffer in) {
        int limit = in.limit();
        for (int i = in.position(); i < limit; i++) {
            if (in.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(ByteBuffer in, int start, int chunk) {
        int needed = lineLength + chunk;
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.min(Math.max(needed, line.length * 2), maxBytes));
        }
        in.get(start, line, lineLength, chunk);
        lineLength = needed;
    }

    private String decodeLine() throws ProtocolException {
        int length = lineLength;
        lineLength = 0;
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
