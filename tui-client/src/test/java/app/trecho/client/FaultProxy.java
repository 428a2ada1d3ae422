package app.trecho.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fault-injecting TCP proxy on loopback for the reconnect tests: forwards bytes both ways, and on
 * demand black-holes the path (no data, no RST, no FIN: sockets stay open, bytes vanish), cuts every
 * connection, cuts as soon as the server next sends something (the request arrived, its response is
 * lost), or cuts single connections at random moments (seeded) while forwarding.
 */
final class FaultProxy implements AutoCloseable {
    private final ServerSocket listener;
    private volatile int targetPort;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();
    private volatile boolean blackHole;
    private final AtomicBoolean cutOnServerData = new AtomicBoolean();
    private final AtomicInteger randomCuts = new AtomicInteger();
    private final AtomicInteger clientChunks = new AtomicInteger();
    private volatile SplittableRandom chaos;
    private volatile double cutChance;

    /** One client connection and the proxy's connection to the server for it (null while black-holed). */
    private record Pair(Socket client, Socket server) {
        void cut() {
            closeQuietly(client);
            if (server != null) {
                closeQuietly(server);
            }
        }
    }

    FaultProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** New connections go to {@code port} from now on (a restarted server on another port). */
    void retarget(int port) {
        targetPort = port;
    }

    /**
     * While on, nothing passes either way, nothing is closed toward either side (a pulled cable), and
     * new connections are accepted but never forwarded.
     */
    void blackHole(boolean on) {
        blackHole = on;
    }

    /** The next bytes from the server are not forwarded: every connection is cut instead. */
    void cutOnNextServerData() {
        cutOnServerData.set(true);
    }

    /**
     * From now on, each chunk of bytes forwarded either way cuts its connection (both sides) instead,
     * with probability {@code chance}, drawn from a generator seeded with {@code seed}; 0 stops it.
     */
    void cutRandomly(long seed, double chance) {
        chaos = new SplittableRandom(seed);
        cutChance = chance;
    }

    /** How many connections the random cuts closed so far. */
    int randomCuts() {
        return randomCuts.get();
    }

    /** How many reads from clients were forwarded to the server so far. */
    int clientChunks() {
        return clientChunks.get();
    }

    /** Closes every connection through the proxy. */
    void cutAll() {
        for (Pair pair : pairs) {
            pair.cut();
        }
        pairs.clear();
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
                if (blackHole) {
                    Pair pair = new Pair(client, null);
                    pairs.add(pair);
                    Thread.ofVirtual().start(() -> pump(pair, client, null, false));
                    continue;
                }
                Socket server;
                try {
                    server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                } catch (IOException e) {
                    closeQuietly(client);
                    continue;
                }
                Pair pair = new Pair(client, server);
                pairs.add(pair);
                Thread.ofVirtual().start(() -> pump(pair, client, server, false));
                Thread.ofVirtual().start(() -> pump(pair, server, client, true));
            }
        } catch (IOException e) {
            // the proxy was closed
        }
    }

    private void pump(Pair pair, Socket from, Socket to, boolean fromServer) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to == null ? null : to.getOutputStream();
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (fromServer && cutOnServerData.compareAndSet(true, false)) {
                    cutAll();
                    return;
                }
                if (blackHole) {
                    continue;
                }
                if (chaosCuts()) {
                    randomCuts.incrementAndGet();
                    pairs.remove(pair);
                    pair.cut();
                    return;
                }
                if (out != null) {
                    out.write(buffer, 0, n);
                    out.flush();
                    if (!fromServer) {
                        clientChunks.incrementAndGet();
                    }
                }
            }
        } catch (IOException e) {
            // one side closed: close the other below
        }
        closeQuietly(from);
        if (to != null && !blackHole) {
            closeQuietly(to);
        }
        pairs.remove(pair);
    }

    private boolean chaosCuts() {
        SplittableRandom random = chaos;
        if (random == null || cutChance <= 0) {
            return false;
        }
        synchronized (random) {
            return random.nextDouble() < cutChance;
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
