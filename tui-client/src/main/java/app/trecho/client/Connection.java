package app.trecho.client;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.LineReader;
import app.trecho.protocol.LineWriter;
import app.trecho.protocol.ProtocolException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection: a virtual reader thread hands every line to the {@link Handler}; writes are
 * serialized by a lock and flushed per line. Whoever notices the end first (reader, writer,
 * heartbeat, owner) closes it, and the handler hears about it exactly once.
 */
final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    interface Handler {
        void onLine(Connection connection, String line);

        void onClosed(Connection connection, String reason, Throwable cause);
    }

    private final String name;
    private final Socket socket;
    private final LineReader reader;
    private final LineWriter writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Handler handler;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Answers decoded before on this connection; its reader thread's alone. */
    private final AnswerMemo answers = new AnswerMemo(Inbound.CODEC);

    private volatile long lastReceivedNanos;
    private volatile long lastSentNanos;
    /** When an unanswered heartbeat ping was sent, or 0. */
    private volatile long heartbeatSentNanos;
    /** Set once the handshake (and resume) succeeded and the owner uses this connection for requests. */
    private volatile boolean established;
    /** The last event seq seen; touched only by the reader thread. */
    private long lastSeq;
    /** The last error the server sent without an id (e.g. TIMEOUT, BUSY), to explain a close. */
    private volatile String lastServerError;

    private Connection(String name, Socket socket, int maxLineBytes, Handler handler) throws IOException {
        this.name = name;
        this.socket = socket;
        this.reader = new LineReader(socket.getInputStream(), maxLineBytes);
        this.writer = new LineWriter(new BufferedOutputStream(socket.getOutputStream(), 8192));
        this.handler = handler;
        long now = System.nanoTime();
        this.lastReceivedNanos = now;
        this.lastSentNanos = now;
    }

    AnswerMemo answers() {
        return answers;
    }

    /** Opens the TCP connection (not yet reading: call {@link #start()}). */
    static Connection open(String name, ClientConfig config, Handler handler) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(config.host(), config.port()), (int)
                    Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()));
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            return new Connection(name, socket, config.maxLineBytes(), handler);
        } catch (IOException | RuntimeException e) {
            closeSocket(socket, name);
            if (e instanceof SocketTimeoutException) {
                throw new SocketTimeoutException(
                        "connect timed out after " + config.connectTimeout().toMillis() + " ms");
            }
            throw e;
        }
    }

    void start() {
        Thread.ofVirtual().name("trecho-" + name + "-reader").start(this::readLoop);
    }

    String name() {
        return name;
    }

    /** Writes one line and flushes it. */
    void send(String line) throws IOException {
        writeLock.lock();
        try {
            writer.write(line);
            writer.flush();
            lastSentNanos = System.nanoTime();
        } finally {
            writeLock.unlock();
        }
    }

    /** Closes the socket; the handler hears {@code reason} unless the connection was already closed. */
    void close(String reason, Throwable cause) {
        if (closed.compareAndSet(false, true)) {
            closeSocket(socket, name);
            handler.onClosed(this, reason, cause);
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    long lastReceivedNanos() {
        return lastReceivedNanos;
    }

    long lastSentNanos() {
        return lastSentNanos;
    }

    long heartbeatSentNanos() {
        return heartbeatSentNanos;
    }

    void heartbeatSent(long nanos) {
        heartbeatSentNanos = nanos;
    }

    boolean established() {
        return established;
    }

    void markEstablished() {
        established = true;
    }

    /** Records an event's seq; returns the seq expected before it (a gap when smaller than {@code seq}). */
    long advanceSeq(long seq) {
        long expected = lastSeq + 1;
        lastSeq = Math.max(lastSeq, seq);
        return expected;
    }

    void serverError(String description) {
        lastServerError = description;
    }

    private void readLoop() {
        String reason = "server closed the connection";
        Throwable cause = null;
        try {
            while (!closed.get()) {
                String line;
                try {
                    line = reader.readLine();
                } catch (ProtocolException e) {
                    if (e.code() == ErrorCode.LINE_TOO_LONG) {
                        log.warn("{}: skipped a server line longer than the limit", name);
                        continue;
                    }
                    reason = "server sent an invalid line: " + e.getMessage();
                    break;
                }
                if (line == null) {
                    break;
                }
                lastReceivedNanos = System.nanoTime();
                heartbeatSentNanos = 0;
                handler.onLine(this, line);
            }
        } catch (IOException e) {
            reason = "connection lost: " + e.getMessage();
            cause = e;
        } catch (RuntimeException e) {
            log.error("{}: reader failed", name, e);
            reason = "client fault: " + e;
            cause = e;
        }
        String serverError = lastServerError;
        close(serverError == null ? reason : reason + " (" + serverError + ")", cause);
    }

    private static void closeSocket(Socket socket, String name) {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("{}: closing the socket failed: {}", name, e.toString());
        }
    }
}
