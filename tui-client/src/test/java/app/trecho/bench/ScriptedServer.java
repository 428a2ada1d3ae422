package app.trecho.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A server on real loopback sockets whose answers the test scripts: each request line gets what
 * {@code script} returns for it (nothing for null), and the test can write to any peer, so split
 * lines, refusals, stray ids and lost connections can be shown. Pings are answered by the script
 * too, and also noted.
 */
final class ScriptedServer implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);
    static final String HELLO_OK =
            "{\"type\":\"hello.ok\",\"id\":\"%s\",\"version\":1,\"minor\":3,\"server\":\"fake\",\"maxLineBytes\":65536,"
                    + "\"holdTtlSeconds\":600,\"heartbeatMs\":%d}\n";

    private final ServerSocket socket = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
    private final List<Peer> peers = new CopyOnWriteArrayList<>();
    private final Semaphore handshakes = new Semaphore(0);
    private final int handshakeLines;
    private final Function<String, String> script;

    /** @param handshakeLines how many answered lines make a peer's handshake (awaited by {@link #awaitPeers}) */
    ScriptedServer(int handshakeLines, Function<String, String> script) throws IOException {
        this.handshakeLines = handshakeLines;
        this.script = script;
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return socket.getLocalPort();
    }

    private void accept() {
        try {
            while (true) {
                Peer peer = new Peer(socket.accept());
                peers.add(peer);
                Thread.ofVirtual().start(peer::serve);
            }
        } catch (IOException e) {
            // closed by the test
        }
    }

    /** Waits until {@code count} peers have had their handshake answered. */
    List<Peer> awaitPeers(int count) throws InterruptedException {
        if (!handshakes.tryAcquire(count, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("only " + handshakes.availablePermits() + " handshakes within " + TIMEOUT);
        }
        handshakes.release(count);
        return List.copyOf(peers);
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Peer peer : peers) {
            peer.close();
        }
    }

    final class Peer {
        private final Socket connection;
        private final CountDownLatch pinged = new CountDownLatch(1);
        private int answered;

        Peer(Socket connection) {
            this.connection = connection;
        }

        private void serve() {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.contains("\"ping\"")) {
                        pinged.countDown();
                    }
                    String answer = script.apply(line);
                    if (answer != null) {
                        send(answer);
                    }
                    if (++answered == handshakeLines) {
                        handshakes.release();
                    }
                }
            } catch (IOException e) {
                // the connection was closed
            }
        }

        synchronized void send(String text) throws IOException {
            OutputStream out = connection.getOutputStream();
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        boolean awaitPing(Duration timeout) throws InterruptedException {
            return pinged.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        void close() throws IOException {
            connection.close();
        }
    }
}
