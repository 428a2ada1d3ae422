package app.trecho.server.net;

import app.trecho.protocol.ErrorCode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts connections and gives each its own virtual thread; over the connection limit, a client
 * gets one BUSY error line and is closed.
 */
final class Listener {
    private static final Logger log = LoggerFactory.getLogger(Listener.class);

    private static final int SEND_BUFFER_BYTES = 64 * 1024;

    private final ServerSocket serverSocket;
    private final ConnectionContext ctx;
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean stopping;
    private Thread acceptor;

    Listener(ServerSocket serverSocket, ConnectionContext ctx) {
        this.serverSocket = serverSocket;
        this.ctx = ctx;
    }

    void start() {
        acceptor = Thread.ofVirtual().name("trecho-accept").start(this::acceptLoop);
    }

    /** Stops accepting; connections already open are left to the caller. */
    void stop() {
        stopping = true;
        try {
            serverSocket.close();
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
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!stopping) {
                    log.error("accept failed, listener stops: {}", e.getMessage());
                }
                return;
            }
            long id = ids.incrementAndGet();
            if (!ctx.connections().tryReserve()) {
                Thread.ofVirtual().name("conn-" + id + "-busy").start(() -> refuse(id, socket));
                continue;
            }
            Thread.ofVirtual().name("conn-" + id).start(() -> serve(id, socket));
        }
    }

    private void serve(long id, Socket socket) {
        Connection connection;
        try {
            socket.setTcpNoDelay(true);
            // a fixed, modest kernel buffer: a slow client backs up into its bounded queue (and
            // resyncs) instead of into megabytes of auto-tuned socket memory
            socket.setSendBufferSize(SEND_BUFFER_BYTES);
            connection = new Connection(id, socket, ctx);
        } catch (IOException e) {
            ctx.connections().release();
            log.info("conn {} could not be set up: {}", id, e.getMessage());
            closeQuietly(id, socket);
            return;
        }
        ctx.connections().add(connection);
        if (stopping) {
            connection.shutdown("server shutting down");
        }
        connection.run();
    }

    private void refuse(long id, Socket socket) {
        log.info(
                "conn {} error BUSY: at the limit of {} connections",
                id,
                ctx.config().maxConnections());
        try (socket;
                OutputStream out = socket.getOutputStream()) {
            String line = ctx.codec()
                    .encode(Replies.error(null, ErrorCode.BUSY, "the server is at its connection limit; try later"));
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.shutdownOutput();
        } catch (SocketException e) {
            log.debug("conn {} went away before BUSY: {}", id, e.getMessage());
        } catch (IOException e) {
            log.debug("conn {} BUSY not delivered: {}", id, e.getMessage());
        }
    }

    private static void closeQuietly(long id, Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("conn {} close failed: {}", id, e.getMessage());
        }
    }
}
