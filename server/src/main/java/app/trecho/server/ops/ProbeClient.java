package app.trecho.server.ops;

import app.trecho.protocol.Codec;
import app.trecho.protocol.Event;
import app.trecho.protocol.LineReader;
import app.trecho.protocol.LineWriter;
import app.trecho.protocol.Message;
import app.trecho.protocol.Protocol;
import app.trecho.protocol.ProtocolException;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * A one-shot protocol client for the operator commands: connect, {@code hello}, a request or two,
 * all within one deadline. Every failure becomes a {@link ProbeException} with a one-line reason.
 */
final class ProbeClient implements AutoCloseable {
    private static final Codec CODEC = new Codec();

    private final ProbeTarget target;
    private final Socket socket;
    private final LineReader reader;
    private final LineWriter writer;
    private final long deadlineNanos;
    private final Duration timeout;
    private int nextId = 1;
    private Response.HelloOk hello;

    private ProbeClient(ProbeTarget target, Socket socket, long deadlineNanos, Duration timeout) throws IOException {
        this.target = target;
        this.socket = socket;
        this.reader = new LineReader(socket.getInputStream(), Protocol.MAX_SERVER_LINE_BYTES);
        this.writer = new LineWriter(socket.getOutputStream());
        this.deadlineNanos = deadlineNanos;
        this.timeout = timeout;
    }

    /** Connects and completes the handshake, all within {@code timeout} (which also bounds later calls). */
    static ProbeClient open(ProbeTarget target, Duration timeout, String clientName) throws ProbeException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Socket socket = new Socket();
        ProbeClient client;
        try {
            socket.connect(new InetSocketAddress(target.host(), target.port()), (int) Math.max(1, timeout.toMillis()));
            socket.setTcpNoDelay(true);
            client = new ProbeClient(target, socket, deadline, timeout);
        } catch (UnknownHostException e) {
            throw failed(socket, "cannot connect to " + target + ": unknown host");
        } catch (SocketTimeoutException e) {
            throw failed(socket, "cannot connect to " + target + ": no answer within " + seconds(timeout));
        } catch (ConnectException e) {
            throw failed(socket, "cannot connect to " + target + ": " + e.getMessage());
        } catch (IOException e) {
            throw failed(socket, "cannot connect to " + target + ": " + e);
        }
        try {
            client.hello = client.call(
                    new Request.Hello(client.id(), List.of(Protocol.MAJOR), clientName), Response.HelloOk.class);
            return client;
        } catch (ProbeException e) {
            throw failed(socket, e.getMessage());
        }
    }

    /** The server's answer to the handshake. */
    Response.HelloOk hello() {
        return hello;
    }

    ProbeTarget target() {
        return target;
    }

    /** A fresh request id. */
    String id() {
        return "ops-" + nextId++;
    }

    /** Sends {@code request} and returns its answer, which must be of {@code expected} (else a failure). */
    <R extends Response> R call(Request request, Class<R> expected) throws ProbeException {
        Response response = send(request);
        if (response instanceof Response.Error(String id, var error)) {
            throw new ProbeException(target + " answered " + error.code() + ": " + error.message());
        }
        if (!expected.isInstance(response)) {
            throw new ProbeException(target + " answered " + response.type().wire() + " to "
                    + request.type().wire());
        }
        return expected.cast(response);
    }

    private Response send(Request request) throws ProbeException {
        try {
            writer.write(CODEC.encode(request));
            writer.flush();
            while (true) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException("deadline passed");
                }
                socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
                String line = reader.readLine();
                if (line == null) {
                    throw new ProbeException(target + " closed the connection");
                }
                Message message = CODEC.decodeServerMessage(line);
                switch (message) {
                    case Response r
                    when r.id() == null || r.id().equals(request.id()) -> {
                        return r;
                    }
                    case Response r -> {} // an answer to something else: not ours
                    case Event e -> {} // events are not what a probe waits for
                    case Request r ->
                        throw new ProbeException(
                                target + " sent a request: " + r.type().wire());
                }
            }
        } catch (SocketTimeoutException e) {
            throw new ProbeException(
                    target + " did not answer " + request.type().wire() + " within " + seconds(timeout));
        } catch (ProtocolException e) {
            throw new ProbeException(target + " sent an unreadable line: " + e.code() + " " + e.getMessage());
        } catch (IOException e) {
            throw new ProbeException(target + ": " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The failure, after closing the socket (a failure to close is part of the reason, never hidden). */
    private static ProbeException failed(Socket socket, String reason) {
        try {
            socket.close();
            return new ProbeException(reason);
        } catch (IOException e) {
            return new ProbeException(reason + " (closing the socket failed too: " + e.getMessage() + ")");
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
