package app.trecho.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fault-injecting TCP proxy on loopback for the reconnect tests: forwards bytes both ways, and on
 * demand black-holes the path (no data, no RST: sockets stay open, bytes vanish), cuts every
 * connection, or cuts as soon as the server next sends something (the request arrived, its
 * response is lost).
 */
final class FaultProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean blackHole;
    private final AtomicBoolean cutOnServerData = new AtomicBoolean();

    FaultProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** While on, nothing passes either way and new connections are accepted but never forwarded. */
    void blackHole(boolean on) {
        blackHole = on;
    }

    /** The next bytes from the server are not forwarded: every connection is cut instead. */
    void cutOnNextServerData() {
        cutOnServerData.set(true);
    }

    /** Closes every connection through the proxy. */
    void cutAll() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    @Override
    public void close() {
        closeQuietly(listener);
        cutAll();
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket client = listener.accept();
                sockets.add(client);
                if (blackHole) {
                    Thread.ofVirtual().start(() -> pump(client, null, false));
                    continue;
                }
                Socket server;
                try {
                    server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                } catch (IOException e) {
                    closeQuietly(client);
                    continue;
                }
                sockets.add(server);
                Thread.ofVirtual().start(() -> pump(client, server, false));
                Thread.ofVirtual().start(() -> pump(server, client, true));
            }
        } catch (IOException e) {
            // the proxy was closed
        }
    }

    private void pump(Socket from, Socket to, boolean fromServer) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to == null ? null : to.getOutputStream();
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (fromServer && cutOnServerData.compareAndSet(true, false)) {
                    cutAll();
                    return;
                }
                if (out != null && !blackHole) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // one side closed: close the other below
        }
        closeQuietly(from);
        if (to != null && !blackHole) {
            closeQuietly(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing a proxy socket that is already gone
        }
    }
}
