package app.trecho.bench;

import java.util.Arrays;

/**
 * Splits one connection's bytes into {@code \n}-terminated lines as they arrive; a line that spans
 * reads is kept until its end comes. Lines within one read are handed out in place, uncopied.
 */
final class LineAssembler {
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
        for (int i = from; i < end; i++) {
            if (buf[i] == '\n') {
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
        }
        if (start < end) {
            keep(buf, start, end - start);
        }
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
