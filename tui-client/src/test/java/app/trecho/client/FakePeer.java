package app.trecho.client;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import app.trecho.protocol.Codec;
import app.trecho.protocol.Message;
import app.trecho.protocol.ProtocolException;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A scripted server for the client's tests: accepts connections on port 0 and speaks raw lines. */
final class FakePeer implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final Codec CODEC = new Codec();

    private final ServerSocket server;
    private final BlockingQueue<Link> accepted = new LinkedBlockingQueue<>();

    FakePeer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    accepted.add(new Link(server.accept()));
                }
            } catch (IOException e) {
                // the server socket was closed: the test is over
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    ClientConfig config() {
        return ClientConfig.of("127.0.0.1", port()).withRequestTimeout(WAIT).withReconnect(ReconnectPolicy.disabled());
    }

    Link accept() throws InterruptedException {
        Link link = accepted.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(link, "the client did not connect");
        return link;
    }

    /** Accepts the next connection and answers its hello. */
    Link acceptAndGreet() throws InterruptedException {
        Link link = accept();
        Request.Hello hello = link.expect(Request.Hello.class);
        link.send(new Response.HelloOk(hello.id(), 1, 0, "fake", 65_536, 600));
        return link;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Link link : accepted) {
            link.close();
        }
    }

    /** One accepted connection. */
    static final class Link implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private volatile boolean ended;

        Link(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            Thread.ofVirtual().start(() -> {
                try {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // closed by either side
                }
                ended = true;
            });
        }

        String readLine() throws InterruptedException {
            String line = lines.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(line, "the client sent nothing");
            return line;
        }

        Request read() throws InterruptedException {
            try {
                return CODEC.decodeRequest(readLine());
            } catch (ProtocolException e) {
                throw new AssertionError("the client sent an invalid request: " + e.getMessage(), e);
            }
        }

        <T extends Request> T expect(Class<T> type) throws InterruptedException {
            Request request = read();
            if (!type.isInstance(request)) {
                throw new AssertionError("expected " + type.getSimpleName() + " but got " + request);
            }
            return type.cast(request);
        }

        /** Reads the next {@code n} requests. */
        List<Request> readN(int n) throws InterruptedException {
            List<Request> list = new java.util.ArrayList<>();
            while (list.size() < n) {
                list.add(read());
            }
            return list;
        }

        void send(Message message) {
            sendRaw(CODEC.encode(message) + "\n");
        }

        void sendRaw(String text) {
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        boolean ended() {
            return ended;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
