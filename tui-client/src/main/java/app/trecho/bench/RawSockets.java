package app.trecho.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** What the bench's selector loops ({@link LoopDriver}, {@link SubscriberLoop}) share: sockets and bytes. */
final class RawSockets {
    private RawSockets() {}

    /**
     * Connects, writes {@code greeting} whole while the channel still blocks, and returns the
     * channel non-blocking, ready to register with a selector.
     */
    static SocketChannel connect(InetSocketAddress address, byte[] greeting) throws IOException {
        SocketChannel channel = SocketChannel.open(address);
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.write(ByteBuffer.wrap(greeting));
            channel.configureBlocking(false);
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a connection we are done with: nothing left to do about it
        }
    }

    /** Where {@code pattern} starts within {@code length} bytes of {@code buf} from {@code from}, or -1. */
    static int indexOf(byte[] buf, int from, int length, byte[] pattern) {
        int last = from + length - pattern.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (buf[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
