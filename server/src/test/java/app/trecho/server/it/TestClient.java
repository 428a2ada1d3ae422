package app.trecho.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import app.trecho.protocol.Codec;
import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Event;
import app.trecho.protocol.LineReader;
import app.trecho.protocol.Message;
import app.trecho.protocol.Protocol;
import app.trecho.protocol.ProtocolException;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A raw-socket protocol client for tests: writes lines, and a virtual thread decodes every server
 * line into a queue of responses or of events. Waits always have deadlines.
 */
public final class TestClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(20);

    private static final Codec CODEC = new Codec();
    private static final Message CLOSED = new Response.PingOk("__closed__", null);

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<Message> responses = new LinkedBlockingQueue<>();
    private final BlockingQueue<Message> events = new LinkedBlockingQueue<>();
    private final AtomicLong ids = new AtomicLong();
    private final LineReader reader;
    private volatile boolean eof;
    private volatile ProtocolException undecodable;
    private volatile String username;

    private TestClient(Socket socket, boolean reading) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.reader = new LineReader(socket.getInputStream(), Protocol.MAX_SERVER_LINE_BYTES);
        if (reading) {
            startReading();
        }
    }

    public static TestClient connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setTcpNoDelay(true);
        return new TestClient(socket, true);
    }

    /**
     * A client that does not read until {@link #startReading}: with a tiny receive buffer, the
     * server's writes to it back up at once (slow-consumer tests).
     */
    public static TestClient connectNotReading(int port) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(2048);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return new TestClient(socket, false);
    }

    /** Reads one message on the caller's thread; only before {@link #startReading}. */
    public Message readDirectly() throws IOException, ProtocolException {
        String line = reader.readLine();
        if (line == null) {
            throw new IOException("closed");
        }
        return CODEC.decodeServerMessage(line);
    }

    public void startReading() {
        Thread.ofVirtual().name("test-client-reader").start(this::readLoop);
    }

    /** Connects and completes the handshake. */
    public static TestClient handshaken(int port) throws IOException {
        TestClient c = connect(port);
        assertInstanceOf(Response.HelloOk.class, c.call(new Request.Hello(c.nextId(), List.of(1), "test")));
        return c;
    }

    /** Connects, handshakes and registers {@code user} (password {@code password-of-<user>}). */
    public static TestClient registered(int port, String user) throws IOException {
        TestClient c = handshaken(port);
        c.register(user);
        return c;
    }

    public String nextId() {
        return "r" + ids.incrementAndGet();
    }

    public String username() {
        return username;
    }

    public String register(String user) {
        Response r = call(new Request.AccountRegister(nextId(), user, "password-of-" + user));
        Response.AccountRegisterOk ok = assertInstanceOf(Response.AccountRegisterOk.class, r, () -> r.toString());
        username = user;
        return ok.token();
    }

    public void send(Request request) {
        sendLine(CODEC.encode(request));
    }

    public void sendLine(String line) {
        sendBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public void sendBytes(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException("send failed: " + e.getMessage(), e);
        }
    }

    /** Half-closes the connection: the server sees the end of its input, this client still reads. */
    public void closeOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            throw new IllegalStateException("shutdownOutput failed: " + e.getMessage(), e);
        }
    }

    /** Sends the request and returns the response that echoes its id. */
    public Response call(Request request) {
        send(request);
        Response r = nextResponse();
        assertEquals(request.id(), r.id(), () -> "response to another request: " + r);
        return r;
    }

    /** Sends and expects an error with {@code code}. */
    public Response.Error callExpectingError(Request request, ErrorCode code) {
        Response r = call(request);
        Response.Error e = assertInstanceOf(Response.Error.class, r, () -> "expected " + code + " but got " + r);
        assertEquals(code, e.error().code(), () -> e.toString());
        return e;
    }

    public Response nextResponse() {
        Message m = take(responses, WAIT);
        if (m == null) {
            fail("no response within " + WAIT);
        }
        if (m == CLOSED) {
            fail("connection closed while waiting for a response"
                    + (undecodable == null
                            ? ""
                            : "; the server sent an undecodable line: " + undecodable.code() + " "
                                    + undecodable.getMessage() + " " + undecodable.details()));
        }
        return (Response) m;
    }

    /** The next event, or null when none arrives within {@code timeout} (or the connection closed). */
    public Event nextEvent(Duration timeout) {
        Message m = take(events, timeout);
        return m instanceof Event e ? e : null;
    }

    /** Waits for the first event matching {@code test}, discarding others; fails after {@link #WAIT}. */
    public <E extends Event> E awaitEvent(Class<E> type, Predicate<E> test) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Message m = left > 0 ? take(events, Duration.ofNanos(left)) : null;
            if (m == null || m == CLOSED) {
                fail("no matching " + type.getSimpleName() + " within " + WAIT + (m == CLOSED ? " (closed)" : ""));
            }
            if (type.isInstance(m) && test.test(type.cast(m))) {
                return type.cast(m);
            }
        }
    }

    /** True when the server closed the connection within {@code timeout}. */
    public boolean awaitClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!eof) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            take(events, Duration.ofNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50))));
        }
        return true;
    }

    /** A line from the server that did not decode, or null: a protocol violation by the server. */
    public ProtocolException undecodable() {
        return undecodable;
    }

    public boolean isClosed() {
        return eof;
    }

    /** Stops reading the socket: the server's writes to this client back up (slow-consumer tests). */
    public Socket socket() {
        return socket;
    }

    private void readLoop() {
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                Message m = CODEC.decodeServerMessage(line);
                (m instanceof Event ? events : responses).add(m);
            }
        } catch (ProtocolException e) {
            undecodable = e; // the server broke the protocol: surfaced by undecodable()
        } catch (IOException e) {
            // the connection ended (reset or closed by the test): waits see it as closed
        } finally {
            eof = true;
            responses.add(CLOSED);
            events.add(CLOSED);
        }
    }

    private static Message take(BlockingQueue<Message> queue, Duration timeout) {
        try {
            Message m = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (m == CLOSED) {
                queue.add(CLOSED); // keep the marker for later waits
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new IllegalStateException("closing the test socket failed", e);
        }
    }
}
