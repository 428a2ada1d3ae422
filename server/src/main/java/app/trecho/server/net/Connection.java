package app.trecho.server.net;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Event;
import app.trecho.protocol.Protocol;
import app.trecho.protocol.ProtocolException;
import app.trecho.protocol.Request;
import app.trecho.protocol.RequestPump;
import app.trecho.protocol.RequestSink;
import app.trecho.protocol.Response;
import app.trecho.protocol.SharedEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, driven by its {@link EventLoop}: its {@link RequestPump} frames and
 * decodes the bytes that arrive, and it applies the per-connection rate limit and hands each request
 * to the dispatcher; answers and events leave through its {@link Outbound}. One request at a time, in
 * order: while a request's answer is being worked on elsewhere (a mutation waiting to be durable, a
 * login) the connection takes no other, and reads ahead at most {@link #READ_AHEAD_BYTES}; while the
 * client is not reading what was written, it reads nothing more.
 *
 * <p>Reading ahead keeps the selector's interest unchanged for a client that waits for its answer:
 * turning reads off and on around every request cost two {@code epoll_ctl} calls (a delete and an
 * add), ~4% of the server's CPU under load.
 *
 * <p>Everything but the methods documented as callable from any thread runs on the loop's thread.
 * Other threads close it gracefully by asking the loop to queue a last message: the request in
 * flight is finished and answered, what is queued is written, then the connection closes.
 */
final class Connection implements EventLoop.Ready, RequestSink {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /**
     * Bytes read while no request can be taken before reading stops (plus one read, up to 64 KiB):
     * a pipelining client waits.
     */
    static final int READ_AHEAD_BYTES = 16 * 1024;

    private static final int UNREAD_INITIAL_BYTES = 1024;

    private final long id;
    private final SocketChannel channel;
    private final EventLoop loop;
    private final ConnectionContext ctx;
    private final Session session;
    private final Outbound outbound;
    private final TokenBucket bucket;
    private final RequestPump pump;
    private final long openedNanos;
    private final CountDownLatch closed = new CountDownLatch(1);

    /** Read by the timeout sweep, on the scheduler's thread. */
    private volatile long lastLineNanos;
    /** When the session started closing (0: it has not); the sweep force-closes it after the grace. */
    private volatile long closingSinceNanos;

    // the loop's own
    private SelectionKey key;
    /** Bytes read and not yet framed: read while no request could be taken. */
    private ByteBuffer unread;
    /** A request's answer is being worked on elsewhere. */
    private boolean waiting;
    /** Inside {@link #takeRequests}: an answer that comes at once must not start another turn. */
    private boolean taking;

    private boolean inputEnded;
    private boolean finished;

    Connection(long id, SocketChannel channel, String address, EventLoop loop, ConnectionContext ctx) {
        this.id = id;
        this.channel = channel;
        this.loop = loop;
        this.ctx = ctx;
        this.outbound = new Outbound(
                id,
                channel,
                ctx.codec(),
                ctx.config().outboundQueue(),
                loop,
                this::turn,
                () -> loop.execute(() -> close("outbound queue overflowed")));
        // (on the loop, the overflow closes the queue at once: no request is taken after it)
        this.session = new Session(id, address, outbound);
        this.pump = new RequestPump(Protocol.MAX_REQUEST_LINE_BYTES, ctx.codec(), this);
        this.bucket = new TokenBucket(ctx.config().rateLimit(), ctx.config().rateBurst(), ctx.nanoTime());
        this.openedNanos = ctx.nanoTime().getAsLong();
        this.lastLineNanos = openedNanos;
    }

    long id() {
        return id;
    }

    /** From any thread: starts serving the connection on its loop. */
    void open() {
        loop.execute(() -> {
            try {
                key = channel.register(loop.selector(), SelectionKey.OP_READ, this);
            } catch (ClosedChannelException | ClosedSelectorException e) {
                close("closed before it was served");
                return;
            }
            log.info("conn {} open from {}", id, session.address());
            turn(); // a shutdown may have come first
        });
    }

    @Override
    public void readable(ByteBuffer scratch) {
        if (finished || inputEnded) {
            return; // interest changes on the next select: this readiness is stale
        }
        scratch.clear();
        int n;
        try {
            n = channel.read(scratch);
        } catch (IOException e) {
            close(session.state() == Session.State.CLOSING ? "closed by server" : "read failed: " + e.getMessage());
            return;
        }
        if (n < 0) {
            inputEnded = true;
        }
        scratch.flip();
        if (unread == null) {
            takeRequests(scratch);
        }
        if (scratch.hasRemaining()) {
            keepUnread(scratch);
        }
        turn();
    }

    /**
     * Appends {@code read} to the bytes waiting to be taken (they come before it), in a buffer that
     * grows by doubling: a client trickling bytes while it waits must not cost a copy of all that
     * waits per read.
     */
    private void keepUnread(ByteBuffer read) {
        if (unread == null) {
            unread = ByteBuffer.allocate(Math.max(read.remaining(), UNREAD_INITIAL_BYTES))
                    .put(read)
                    .flip();
            return;
        }
        unread.compact(); // the waiting bytes move to the start; the buffer is open for writing after them
        if (unread.remaining() < read.remaining()) {
            ByteBuffer larger =
                    ByteBuffer.allocate(Math.max(unread.capacity() * 2, unread.position() + read.remaining()));
            unread = larger.put(unread.flip());
        }
        unread.put(read).flip();
    }

    @Override
    public void writable() {
        turn();
    }

    @Override
    public void failed(RuntimeException e) {
        log.error("conn {} failed", id, e);
        close("internal error");
    }

    /**
     * After anything happened: takes what input it can, writes what it can, closes once the
     * conversation is over, and asks the selector for what the connection waits for next.
     */
    private void turn() {
        while (!finished) {
            if (unread != null) {
                takeRequests(unread);
                if (!unread.hasRemaining()) {
                    unread = null;
                }
            }
            if (inputEnded && unread == null && takesRequests()) {
                pump.endOfStream(); // a line the client left unfinished is reported, once
            }
            if (!flushed()) {
                return;
            }
            if (outbound.backedUp() || unread == null || !takesRequests()) {
                break; // else writing made room for more of what was read: take it
            }
        }
        if (finished) {
            return;
        }
        if (session.state() == Session.State.CLOSING && closingSinceNanos == 0) {
            closingSinceNanos = Math.max(1, ctx.nanoTime().getAsLong()); // closed by a request (hello)
        }
        if (!waiting && outbound.drained()) {
            if (session.state() == Session.State.CLOSING) {
                close("closed by server");
                return;
            }
            if (inputEnded && unread == null) {
                close("client closed");
                return;
            }
        }
        int ops = (readsMore() ? SelectionKey.OP_READ : 0) | (outbound.backedUp() ? SelectionKey.OP_WRITE : 0);
        if (key != null && key.isValid() && key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /** Open, not closing, and its client reads what is written: input may be taken or read ahead. */
    private boolean servesInput() {
        return !finished && !outbound.backedUp() && !outbound.closed() && session.state() != Session.State.CLOSING;
    }

    private boolean takesRequests() {
        return servesInput() && !waiting;
    }

    private boolean readsMore() {
        return servesInput() && !inputEnded && (unread == null || unread.remaining() < READ_AHEAD_BYTES);
    }

    private void takeRequests(ByteBuffer in) {
        taking = true;
        try {
            takeEach(in);
        } finally {
            taking = false;
        }
    }

    private void takeEach(ByteBuffer in) {
        while (takesRequests()) {
            if (outbound.fillingUp() && !flushed()) {
                return; // a pipelined burst is written as it goes, so answers never fill the queue
            }
            if (!pump.pumpOne(in)) {
                return; // no whole line left: its start waits in the pump
            }
        }
    }

    /** Writes what it can now; false when the connection failed and closed. */
    private boolean flushed() {
        try {
            outbound.flush();
            return true;
        } catch (IOException e) {
            close("write failed: " + e.getMessage());
        } catch (RuntimeException e) { // an answer that cannot be encoded: its client would wait forever
            log.error("conn {} could not write", id, e);
            close("internal error");
        }
        return false;
    }

    @Override
    public void onRequest(Request request) {
        lastLineNanos = ctx.nanoTime().getAsLong();
        if (!admitted(request.id())) {
            return;
        }
        ByteBuffer[] shared = ctx.dispatcher().sharedAnswer(session, request);
        if (shared != null) {
            outbound.answerUtf8(shared);
            return;
        }
        CompletableFuture<Answer> later = ctx.dispatcher().answerLater(session, request, loop);
        if (later == null) {
            send(ctx.dispatcher().answer(session, request));
            return;
        }
        waiting = true;
        later.whenComplete((answer, error) -> answered(answer, request)); // on this loop, now or later
    }

    private void answered(Answer answer, Request request) {
        waiting = false;
        if (finished) {
            // closed meanwhile (overflow, failed write, forced close): a login that ended since may have
            // joined the account's events, so the connection leaves them again
            ctx.hub().remove(outbound, session.topics(), session.account());
            return;
        }
        if (answer != null) {
            send(answer);
        } else { // the dispatcher turns every failure into an answer; this is a last resort
            send(Answer.of(Replies.error(request.id(), ErrorCode.INTERNAL, "internal error; nothing changed")));
        }
        if (!taking) {
            turn();
        }
    }

    @Override
    public void onInvalid(ProtocolException e) {
        lastLineNanos = ctx.nanoTime().getAsLong();
        if (admitted(e.requestId())) {
            send(Answer.of(Replies.error(e.requestId(), e.code(), e.getMessage(), e.details())));
        }
    }

    private boolean admitted(String requestId) {
        long retryAfterMs = bucket.tryAcquire();
        if (retryAfterMs == 0) {
            return true;
        }
        send(Answer.of(Replies.error(
                requestId, ErrorCode.RATE_LIMITED, "too many requests", Map.of("retryAfterMs", retryAfterMs))));
        return false;
    }

    private void send(Answer answer) {
        logIfError(answer.response());
        outbound.answer(answer);
    }

    /** Refusals are counted for the minute's activity line; each is logged at DEBUG, INTERNAL at WARN. */
    private void logIfError(Response response) {
        if (response instanceof Response.Error(String requestId, var error)) {
            ctx.activity().refused(error.code());
            if (error.code() == ErrorCode.INTERNAL) {
                log.warn("conn {} error {} id={}: {}", id, error.code(), requestId, error.message());
            } else {
                log.debug("conn {} error {} id={}: {}", id, error.code(), requestId, error.message());
            }
        }
    }

    /**
     * From the scheduler's sweep (any thread): closes a connection past its handshake or idle
     * timeout, and one that did not finish closing within the shutdown grace.
     */
    void checkTimeouts(long nowNanos) {
        Session.State state = session.state();
        long closingSince = closingSinceNanos;
        if (state == Session.State.AWAITING_HELLO
                && nowNanos - openedNanos >= ctx.config().handshakeTimeout().toNanos()) {
            loop.execute(() ->
                    timeout("no hello within " + ctx.config().handshakeTimeout().toMillis() + " ms"));
        } else if ((state == Session.State.ANONYMOUS || state == Session.State.AUTHENTICATED)
                && nowNanos - lastLineNanos >= ctx.config().idleTimeout().toNanos()) {
            loop.execute(() ->
                    timeout("no request within " + ctx.config().idleTimeout().toMillis() + " ms"));
        } else if (closingSince != 0
                && nowNanos - closingSince >= ctx.config().shutdownGrace().toNanos()) {
            loop.execute(() -> close(
                    "did not finish within " + ctx.config().shutdownGrace().toMillis() + " ms"));
        }
    }

    private void timeout(String why) {
        if (finished || !closingWith(null)) {
            return;
        }
        Response timedOut = Replies.error(null, ErrorCode.TIMEOUT, why);
        send(Answer.of(timedOut));
        if (outbound.backedUp()) {
            // the client does not read: the error could never be delivered
            log.info("conn {} closed: a response could not be written within the idle timeout", id);
            close("timed out");
            return;
        }
        turn();
    }

    /** From any thread. Graceful shutdown: event.shutdown, finish the request in flight, close. */
    void shutdown(String reason) {
        loop.execute(() -> {
            if (!finished && closingWith(new SharedEvent(ctx.codec(), seq -> new Event.Shutdown(seq, reason)))) {
                turn();
            }
        });
    }

    /** Marks the session closing with {@code lastEvent} queued (null: none), once; false when it already was. */
    private boolean closingWith(SharedEvent lastEvent) {
        if (!session.closing()) {
            return false;
        }
        closingSinceNanos = Math.max(1, ctx.nanoTime().getAsLong());
        if (lastEvent != null) {
            outbound.sendUrgent(lastEvent);
        }
        return true;
    }

    /** From any thread: tells the client to fetch again what it shows (state was reloaded under it). */
    void resync(String reason) {
        Session.State state = session.state();
        if (state == Session.State.ANONYMOUS || state == Session.State.AUTHENTICATED) {
            outbound.sendUrgent(new SharedEvent(ctx.codec(), seq -> new Event.Resync(seq, reason)));
        }
    }

    /** From any thread: forced close (shutdown grace exceeded). */
    void abort() {
        session.closing();
        loop.execute(() -> close("closed by server"));
    }

    boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void close(String reason) {
        if (finished) {
            return;
        }
        finished = true;
        session.closing();
        outbound.close();
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("conn {} close failed: {}", id, e.getMessage());
        }
        ctx.hub().remove(outbound, session.topics(), session.account());
        ctx.connections().remove(this);
        closed.countDown();
        log.info("conn {} closed ({})", id, reason);
    }
}
