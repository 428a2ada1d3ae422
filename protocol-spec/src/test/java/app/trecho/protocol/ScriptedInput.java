package app.trecho.protocol;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/** A mocked InputStream that hands out the given chunks, one per read, then end of stream. */
final class ScriptedInput {
    private ScriptedInput() {}

    static InputStream of(String... chunks) throws IOException {
        byte[][] bytes = new byte[chunks.length][];
        for (int i = 0; i < chunks.length; i++) {
            bytes[i] = chunks[i].getBytes(StandardCharsets.UTF_8);
        }
        return ofBytes(bytes);
    }

    static InputStream ofBytes(byte[]... chunks) throws IOException {
        Deque<byte[]> pending = new ArrayDeque<>();
        for (byte[] c : chunks) {
            pending.add(c);
        }
        InputStream in = mock(InputStream.class);
        when(in.read(any(byte[].class), anyInt(), anyInt())).thenAnswer(call -> {
            byte[] next = pending.poll();
            if (next == null) {
                return -1;
            }
            byte[] dst = call.getArgument(0);
            int off = call.getArgument(1);
            int len = call.getArgument(2);
            int n = Math.min(len, next.length);
            System.arraycopy(next, 0, dst, off, n);
            if (n < next.length) {
                byte[] rest = new byte[next.length - n];
                System.arraycopy(next, n, rest, 0, rest.length);
                pending.push(rest);
            }
            return n;
        });
        return in;
    }
}
