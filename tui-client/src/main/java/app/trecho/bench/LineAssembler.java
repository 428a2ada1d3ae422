package app.trecho.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Splits one connection's bytes into {@code \n}-terminated lines as they arrive; a line that spans
 * reads is kept until its end comes. Lines within one read are handed out in place, uncopied.
 */
final class LineAssembler {
    /** Eight bytes at a time, lowest address in the lowest byte, so a match's index is its trailing zeros / 8. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    /** Receives one line, without its newline: {@code length} bytes of {@code buf} from {@code from}. */
    @FunctionalInterface
    interface LineHandler {
        void line(byte[] buf, int from, int length);
    }

    private byte[] partial = new byte[0];
    private int partialLength;

    /** Takes {@code length} bytes of {@code buf} from {@code from} and hands out every line they complete. */
    void feed(byte[] buf, int from, int length, LineHandler handler) {
        int start = from;
        int end = from + length;
        for (int i = indexOfNewline(buf, from, end); i >= 0; i = indexOfNewline(buf, i + 1, end)) {
            if (partialLength > 0) {
                keep(buf, start, i - start);
                int complete = partialLength;
                partialLength = 0;
                handler.line(partial, 0, complete);
            } else {
                handler.line(buf, start, i - start);
            }
            start = i + 1;
        }
        if (start < end) {
            keep(buf, start, end - start);
        }
    }

    /**
     * The first {@code \n} in {@code buf} from {@code from} to before {@code end}, or -1. A day's board
     * is ~11 KB: scanning it a byte at a time was a fifth of the bench's CPU in {@code browse}, so
     * this tests eight bytes per step: a byte of {@code word ^ NEWLINES} is zero where a newline is,
     * and {@code (x - ONES) & ~x & HIGH_BITS} sets the high bit of the lowest zero byte exactly
     * (a borrow can mark bytes above it, never below).
     */
    static int indexOfNewline(byte[] buf, int from, int end) {
        int i = from;
        for (; i <= end - Long.BYTES; i += Long.BYTES) {
            long x = (long) LONGS.get(buf, i) ^ NEWLINES;
            long zeroes = (x - ONES) & ~x & HIGH_BITS;
            if (zeroes != 0) {
                return i + (Long.numberOfTrailingZeros(zeroes) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Bytes of a line whose end has not come yet. */
    int pending() {
        return partialLength;
    }

    private void keep(byte[] buf, int from, int length) {
        if (partialLength + length > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(2 * partial.length, partialLength + length));
        }
        System.arraycopy(buf, from, partial, partialLength, length);
        partialLength += length;
    }
}
