package app.trecho.server.net;

import app.trecho.protocol.ErrorCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts connections and hands each to one of the event loops, in turn; over the connection
 * limit, a client gets one BUSY error line and is closed.
 */
final class Listener {
    private static final Logger log = LoggerFactory.getLogger(Listener.class);

    private static final int SEND_BUFFER_BYTES = 64 * 1024;

    private final ServerSocketChannel serverChannel;
    private final List<EventLoop> loops;
    private final ConnectionContext ctx;
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean stopping;
    private Thread acceptor;

    Listener(ServerSocketChannel serverChannel, List<EventLoop> loops, ConnectionContext ctx) {
        this.serverChannel = serverChannel;
        this.loops = loops;
        this.ctx = ctx;
    }

    void start() {
        acceptor = Thread.ofVirtual().name("trecho-accept").start(this::acceptLoop);
    }

    /** Stops accepting; connections already open are left to the caller. */
    void stop() {
        stopping = true;
        try {
            serverChannel.close();
        } catch (IOException e) {
            log.debug("closing the listening socket failed: {}", e.getMessage());
        }
    }

    void awaitStopped() throws InterruptedException {
        if (acceptor != null) {
            acceptor.join();
        }
    }

    private void acceptLoop() {
        while (!stopping) {
            SocketChannel channel;
            try {
                channel = serverChannel.accept();
            } catch (IOException e) {
                if (!stopping) {
                    log.error("accept failed, listener stops: {}", e.getMessage());
                }
                return;
            }
            long id = ids.incrementAndGet();
            if (!ctx.connections().tryReserve()) {
                Thread.ofVirtual().name("conn-" + id + "-busy").start(() -> refuse(id, channel));
                continue;
            }
            serve(id, channel, loops.get((int) (id % loops.size())));
        }
    }

    private void serve(long id, SocketChannel channel, EventLoop loop) {
        Connection connection;
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            // a fixed, modest kernel buffer: a slow client backs up into its bounded queue (and
            // resyncs) instead of into megabytes of auto-tuned socket memory
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER_BYTES);
            String address = ((InetSocketAddress) channel.getRemoteAddress())
                    .getAddress()
                    .getHostAddress();
            connection = new Connection(id, channel, address, loop, ctx);
        } catch (IOException | RuntimeException e) { // one connection's failure must not stop the listener
            ctx.connections().release();
            log.info("conn {} could not be set up: {}", id, e.toString());
            closeQuietly(id, channel);
            return;
        }
        ctx.connections().add(connection);
        connection.open();
        if (stopping) {
            connection.shutdown("server shutting down");
        }
    }

    private void refuse(long id, SocketChannel channel) {
        ctx.activity().refused(ErrorCode.BUSY);
        log.info(
                "conn {} error BUSY: at the limit of {} connections",
                id,
                ctx.config().maxConnections());
        try (channel) {
            String line = ctx.codec()
                    .encode(Replies.error(null, ErrorCode.BUSY, "the server is at its connection limit; try later"));
            ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes); // still blocking: the line fits the socket buffer at once
            }
            channel.shutdownOutput();
        } catch (IOException e) {
            log.debug("conn {} BUSY not delivered: {}", id, e.getMessage());
        }
    }

    private static void closeQuietly(long id, SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("conn {} close failed: {}", id, e.getMessage());
        }
    }
}
