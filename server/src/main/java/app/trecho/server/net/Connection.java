package app.trecho.server.net;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Event;
import app.trecho.protocol.LineReader;
import app.trecho.protocol.LineWriter;
import app.trecho.protocol.Protocol;
import app.trecho.protocol.ProtocolException;
import app.trecho.protocol.Request;
import app.trecho.protocol.RequestPump;
import app.trecho.protocol.RequestSink;
import app.trecho.protocol.Response;
import app.trecho.protocol.SharedEvent;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: its read loop (on its own virtual thread) decodes each line, applies the
 * per-connection rate limit and hands the request to the dispatcher; answers and events leave
 * through its {@link Outbound}. Other threads close it gracefully by queueing a last message and
 * shutting its input, so the read loop finishes the request in flight and ends.
 */
final class Connection implements RequestSink, Outbound.Closer {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    private final long id;
    private final Socket socket;
    private final ConnectionContext ctx;
    private final Session session;
    private final Outbound outbound;
    private final TokenBucket bucket;
    private final long openedNanos;
    private final CountDownLatch closed = new CountDownLatch(1);
    /** Orders a closing message before the read loop's finish (see {@link #closeWith}). */
    private final Object closingLock = new Object();

    private volatile long lastLineNanos;

    Connection(long id, Socket socket, ConnectionContext ctx) throws IOException {
        this.id = id;
        this.socket = socket;
        this.ctx = ctx;
        this.outbound = new Outbound(
                id,
                new LineWriter(socket.getOutputStream()),
                ctx.codec(),
                ctx.config().outboundQueue(),
                ctx.config().idleTimeout(),
                this);
        this.session = new Session(id, socket.getInetAddress().getHostAddress(), outbound);
        this.bucket = new TokenBucket(ctx.config().rateLimit(), ctx.config().rateBurst(), ctx.nanoTime());
        this.openedNanos = ctx.nanoTime().getAsLong();
        this.lastLineNanos = openedNanos;
    }

    long id() {
        return id;
    }

    /** The read loop; returns when the connection is closed. */
    void run() {
        log.info("conn {} open from {}", id, session.address());
        outbound.start();
        String reason = "client closed";
        try {
            RequestPump pump = new RequestPump(
                    new LineReader(socket.getInputStream(), Protocol.MAX_REQUEST_LINE_BYTES), ctx.codec(), this);
            while (session.state() != Session.State.CLOSING && pump.pumpOne()) {
                // each line is handled by onRequest/onInvalid
            }
            if (session.state() == Session.State.CLOSING) {
                reason = "closed by server";
            }
        } catch (IOException e) {
            reason = session.state() == Session.State.CLOSING ? "closed by server" : "read failed: " + e.getMessage();
        } finally {
            close(reason);
        }
    }

    @Override
    public void onRequest(Request request) {
        lastLineNanos = ctx.nanoTime().getAsLong();
        if (admitted(request.id())) {
            String shared = ctx.dispatcher().sharedAnswer(session, request);
            if (shared != null) {
                outbound.answerLine(shared);
            } else {
                send(ctx.dispatcher().answer(session, request));
            }
        }
    }

    @Override
    public void onInvalid(ProtocolException e) {
        lastLineNanos = ctx.nanoTime().getAsLong();
        if (admitted(e.requestId())) {
            send(Replies.error(e.requestId(), e.code(), e.getMessage(), e.details()));
        }
    }

    private boolean admitted(String requestId) {
        long retryAfterMs = bucket.tryAcquire();
        if (retryAfterMs == 0) {
            return true;
        }
        send(Replies.error(
                requestId, ErrorCode.RATE_LIMITED, "too many requests", Map.of("retryAfterMs", retryAfterMs)));
        return false;
    }

    /** From the read loop: the answer may be written on this thread (see {@link Outbound#answer}). */
    private void send(Response response) {
        send(Answer.of(response));
    }

    private void send(Answer answer) {
        logIfError(answer.response());
        outbound.answer(answer);
    }

    private void logIfError(Response response) {
        if (response instanceof Response.Error(String requestId, var error)) {
            if (error.code() == ErrorCode.INTERNAL) {
                log.warn("conn {} error {} id={}: {}", id, error.code(), requestId, error.message());
            } else {
                log.info("conn {} error {} id={}: {}", id, error.code(), requestId, error.message());
            }
        }
    }

    /** Called by the scheduler's sweep: closes a connection past its handshake or idle timeout. */
    void checkTimeouts(long nowNanos) {
        Session.State state = session.state();
        if (state == Session.State.AWAITING_HELLO
                && nowNanos - openedNanos >= ctx.config().handshakeTimeout().toNanos()) {
            timeout("no hello within " + ctx.config().handshakeTimeout().toMillis() + " ms");
        } else if ((state == Session.State.ANONYMOUS || state == Session.State.AUTHENTICATED)
                && nowNanos - lastLineNanos >= ctx.config().idleTimeout().toNanos()) {
            timeout("no request within " + ctx.config().idleTimeout().toMillis() + " ms");
        }
    }

    private void timeout(String why) {
        Response timedOut = Replies.error(null, ErrorCode.TIMEOUT, why);
        if (closeWith(() -> outbound.reply(timedOut))) { // queued: this is the sweep's thread, not the reader's
            logIfError(timedOut);
            stopReading();
            if (outbound.writingInline()) {
                // the reader itself is stuck writing to a client that does not read: only closing frees it
                log.info("conn {} closed: a response could not be written within the idle timeout", id);
                closeSocket();
            }
        }
    }

    /** Graceful shutdown: event.shutdown, finish the request in flight, close. */
    void shutdown(String reason) {
        if (closeWith(
                () -> outbound.sendUrgent(new SharedEvent(ctx.codec(), seq -> new Event.Shutdown(seq, reason))))) {
            stopReading();
        }
    }

    /**
     * Marks the session closing and queues its last message, once. The read loop stops at its next
     * turn once the session is closing and then finishes the outbound queue, which refuses later
     * messages; without the lock a reader just back from a request could finish the queue between
     * the two, and the last message would be lost (seen under CPU load: a shutdown without its event).
     */
    private boolean closeWith(Runnable lastMessage) {
        synchronized (closingLock) {
            if (!session.closing()) {
                return false;
            }
            lastMessage.run();
            return true;
        }
    }

    /** Tells the client to fetch again what it shows (state was reloaded under it). */
    void resync(String reason) {
        Session.State state = session.state();
        if (state == Session.State.ANONYMOUS || state == Session.State.AUTHENTICATED) {
            outbound.sendUrgent(new SharedEvent(ctx.codec(), seq -> new Event.Resync(seq, reason)));
        }
    }

    /** Forced close (shutdown grace exceeded). */
    void abort() {
        session.closing();
        closeSocket();
    }

    boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void writerDone(boolean clean) {
        if (clean) {
            stopReading();
        } else {
            closeSocket();
        }
    }

    @Override
    public void overflowed() {
        session.closing();
        closeSocket();
    }

    /** Ends the read loop at its next read (EOF) without discarding what is queued for writing. */
    private void stopReading() {
        try {
            if (!socket.isClosed() && !socket.isInputShutdown()) {
                socket.shutdownInput();
            }
        } catch (IOException e) {
            log.debug("conn {} shutdownInput failed: {}", id, e.getMessage());
            closeSocket();
        }
    }

    private void close(String reason) {
        synchronized (closingLock) {
            outbound.finish(); // after a closing message being queued, never between (see closeWith)
        }
        try {
            if (!outbound.awaitDone(ctx.config().shutdownGrace())) {
                log.info("conn {} writer did not drain in time", id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeSocket();
        ctx.hub().remove(outbound, session.topics(), session.account());
        ctx.connections().remove(this);
        closed.countDown();
        log.info("conn {} closed ({})", id, reason);
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("conn {} close failed: {}", id, e.getMessage());
        }
    }
}
