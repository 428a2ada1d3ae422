package app.trecho.client;

import app.trecho.protocol.Codec;
import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Event;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection lifecycle behind a {@link TrechoClient}: handshake, correlation, events, heartbeat,
 * and (when enabled) reconnect with resume and resend of unanswered requests. Requests stay in
 * {@link PendingRequests} until answered or timed out, so a request outlives the connection it was
 * first sent on and the caller sees exactly one result.
 */
final class ClientCore implements Connection.Handler {
    private static final Logger log = LoggerFactory.getLogger(ClientCore.class);
    private static final Codec CODEC = new Codec();
    private static final AtomicLong CLIENT_IDS = new AtomicLong();
    static final List<Integer> VERSIONS = List.of(1);

    private final ClientConfig config;
    private final String name;
    private final PendingRequests pending;
    private final Listeners listeners;
    private final Inbound inbound;
    private final AtomicLong requestSeq = new AtomicLong();
    private final AtomicLong connectionSeq = new AtomicLong();

    private final Object lock = new Object();
    // Guarded by lock:
    private Connection connection;
    private ConnectionState state = ConnectionState.CONNECTING;
    private boolean closed;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> reconnect;

    private volatile String token;
    private volatile String username;
    private volatile List<String> topics = List.of();

    ClientCore(ClientConfig config, List<ClientListener> initialListeners) {
        this.config = config;
        this.name = "client-" + CLIENT_IDS.incrementAndGet();
        this.pending = new PendingRequests(name);
        this.listeners = new Listeners(name);
        this.inbound = new Inbound(pending, listeners);
        initialListeners.forEach(listeners::add);
    }

    // ---- public surface used by TcpTrechoClient ----

    /** Connects and handshakes on the calling thread. */
    void connect() {
        listeners.state(ConnectionState.CONNECTING, "connecting to " + config.address());
        establish();
    }

    <R extends Response, T> CompletableFuture<T> call(
            Function<String, Request> build, Class<R> okType, Function<? super R, ? extends T> result) {
        long seq = requestSeq.incrementAndGet();
        Request request = build.apply(idFor(seq));
        PendingRequest<R, T> p = new PendingRequest<>(seq, request, CODEC.encode(request), okType, result, false);
        pending.add(p, config.requestTimeout(), r -> timeoutMessage(r, config.requestTimeout()));
        Connection target;
        synchronized (lock) {
            target = state == ConnectionState.CONNECTED ? connection : null;
            if (closed) {
                pending.failIfPending(p, new ConnectionException("client is closed", null));
                return p.future();
            }
        }
        if (target != null) {
            transmit(target, p);
        }
        return p.future();
    }

    private static String idFor(long seq) {
        return Long.toString(seq);
    }

    void addListener(ClientListener listener) {
        listeners.add(listener);
    }

    void removeListener(ClientListener listener) {
        listeners.remove(listener);
    }

    ConnectionState state() {
        synchronized (lock) {
            return state;
        }
    }

    String username() {
        return username;
    }

    String server() {
        return config.address();
    }

    int pendingCount() {
        return pending.size();
    }

    void loggedIn(String user, String sessionToken) {
        username = user;
        token = sessionToken;
    }

    void loggedOut() {
        username = null;
        token = null;
    }

    void subscribed(List<String> now) {
        topics = List.copyOf(now);
    }

    void close() {
        close("closed");
    }

    /** Closes for good; listeners hear CLOSED with {@code reason}. */
    void close(String reason) {
        Connection toClose;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            state = ConnectionState.CLOSED;
            toClose = connection;
            connection = null;
            cancelTimers();
        }
        if (toClose != null) {
            toClose.close("closed by the client", null);
        }
        pending.failAll(p -> true, new ConnectionException("client closed", null));
        log.debug("{}: closed: {}", name, reason);
        listeners.state(ConnectionState.CLOSED, reason);
    }

    // ---- connecting ----

    /** Opens a connection, says hello, resumes the session and re-subscribes; then resends what is pending. */
    private void establish() {
        String connectionName = name + "." + connectionSeq.incrementAndGet();
        Connection c;
        try {
            c = Connection.open(connectionName, config, this);
        } catch (IOException e) {
            throw new ConnectionException("cannot reach " + config.address() + ": " + describe(e), e);
        }
        synchronized (lock) {
            if (closed) {
                c.close("client closed while connecting", null);
                throw new ConnectionException("client closed while connecting", null);
            }
            connection = c;
        }
        c.start();
        Duration heartbeatInterval;
        try {
            heartbeatInterval = handshake(c);
        } catch (ConnectionException e) {
            c.close("handshake failed", e);
            throw e;
        }
        synchronized (lock) {
            if (closed || connection != c) {
                throw new ConnectionException("connection to " + config.address() + " lost during the handshake", null);
            }
            c.markEstablished();
            state = ConnectionState.CONNECTED;
            startHeartbeat(heartbeatInterval);
        }
        log.info(
                "{}: connected to {} as {}",
                connectionName,
                config.address(),
                username == null ? "anonymous" : username);
        listeners.state(ConnectionState.CONNECTED, "connected to " + config.address());
        for (PendingRequest<?, ?> p : pending.resendable()) {
            transmit(c, p);
        }
    }

    /** Hello, resume and re-subscribe on {@code c}; returns the heartbeat interval to keep on it. */
    private Duration handshake(Connection c) {
        Response.HelloOk hello;
        try {
            hello = await(
                    internal(c, id -> new Request.Hello(id, VERSIONS, config.clientName()), Response.HelloOk.class));
        } catch (ServerErrorException e) {
            String why = e.code() == ErrorCode.UNSUPPORTED_VERSION
                    ? "server " + config.address() + " does not speak protocol version 1"
                    : "server " + config.address() + " refused the handshake";
            throw new ConnectionException(why + ": " + e.code() + " " + e.getMessage(), e);
        }
        log.debug(
                "{}: hello.ok from {} (v{}.{}, heartbeat {} ms)",
                c.name(),
                hello.server(),
                hello.version(),
                hello.minor(),
                hello.heartbeatMs());
        String sessionToken = token;
        if (sessionToken != null) {
            try {
                Response.SessionResumeOk ok = await(
                        internal(c, id -> new Request.SessionResume(id, sessionToken), Response.SessionResumeOk.class));
                username = ok.username();
            } catch (ServerErrorException e) {
                if (e.code() != ErrorCode.SESSION_INVALID) {
                    throw new ConnectionException("session resume failed: " + e.code() + " " + e.getMessage(), e);
                }
                log.info("{}: session of {} is no longer valid; continuing anonymous", c.name(), username);
                loggedOut();
            }
        }
        List<String> wanted = topics;
        if (!wanted.isEmpty()) {
            try {
                topics = await(internal(c, id -> new Request.Subscribe(id, wanted), Response.SubscribeOk.class))
                        .topics();
            } catch (ServerErrorException e) {
                throw new ConnectionException("re-subscribing failed: " + e.code() + " " + e.getMessage(), e);
            }
        }
        return heartbeatInterval(config.heartbeatInterval(), hello.heartbeatMs());
    }

    /**
     * The server's announced heartbeat when it is shorter than ours: it closes a connection silent
     * for three of them (PROTOCOL.md 8.1). A 1.0/1.1 server announces none; ours then applies.
     */
    static Duration heartbeatInterval(Duration configured, Integer announcedMs) {
        if (announcedMs == null) {
            return configured;
        }
        Duration announced = Duration.ofMillis(announcedMs);
        return announced.compareTo(configured) < 0 ? announced : configured;
    }

    /** Sends a handshake-time request on {@code c} only; it is failed, not resent, if {@code c} is lost. */
    private <R extends Response> CompletableFuture<R> internal(
            Connection c, Function<String, Request> build, Class<R> okType) {
        long seq = requestSeq.incrementAndGet();
        Request request = build.apply(idFor(seq));
        PendingRequest<R, R> p = new PendingRequest<>(seq, request, CODEC.encode(request), okType, r -> r, true);
        // A handshake stuck on a dead path is abandoned as quickly as a TCP connect would be.
        pending.add(p, config.connectTimeout(), r -> timeoutMessage(r, config.connectTimeout()));
        transmit(c, p);
        return p.future();
    }

    private static <R> R await(CompletableFuture<R> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ClientException ce) {
                throw ce;
            }
            throw e;
        }
    }

    private void transmit(Connection c, PendingRequest<?, ?> p) {
        if (!p.claim(c)) {
            return;
        }
        try {
            c.send(p.line);
        } catch (IOException e) {
            c.close("write failed: " + describe(e), e);
        }
    }

    private String timeoutMessage(PendingRequest<?, ?> p, Duration timeout) {
        ConnectionState now = state();
        String where = now == ConnectionState.RECONNECTING ? " (reconnecting to " + config.address() + ")" : "";
        return p.type().wire() + " timed out after " + human(timeout) + where;
    }

    @Override
    public void onLine(Connection c, String line) {
        inbound.onLine(c, line);
    }

    // ---- losing the connection ----

    @Override
    public void onClosed(Connection c, String reason, Throwable cause) {
        boolean reconnecting;
        synchronized (lock) {
            if (connection != c) {
                return;
            }
            connection = null;
            cancelTimers();
            if (closed) {
                return;
            }
            if (!c.established()) {
                // The handshake in progress sees its requests fail and reports or retries.
                pending.failAll(p -> p.internal, new ConnectionException("connection lost: " + reason, cause));
                return;
            }
            reconnecting = config.reconnect().enabled();
            if (reconnecting) {
                state = ConnectionState.RECONNECTING;
            } else {
                closed = true;
                state = ConnectionState.CLOSED;
            }
        }
        log.info("{}: {}", c.name(), reason);
        ConnectionException lost =
                new ConnectionException("connection to " + config.address() + " lost: " + reason, cause);
        pending.failAll(p -> p.internal || !reconnecting, lost);
        if (reconnecting) {
            scheduleReconnect(1);
        } else {
            listeners.state(ConnectionState.CLOSED, reason);
        }
    }

    private void scheduleReconnect(int attempt) {
        if (!config.reconnect().allows(attempt)) {
            giveUp("gave up reconnecting to " + config.address() + " after " + (attempt - 1) + " attempts");
            return;
        }
        Duration delay = config.reconnect().delayBefore(attempt, ThreadLocalRandom.current());
        synchronized (lock) {
            if (closed) {
                return;
            }
            reconnect = ClientScheduler.get()
                    .schedule(
                            () -> ClientScheduler.offload(() -> reconnectAttempt(attempt)),
                            delay.toNanos(),
                            TimeUnit.NANOSECONDS);
        }
        listeners.state(ConnectionState.RECONNECTING, "reconnecting (attempt " + attempt + ")");
    }

    private void reconnectAttempt(int attempt) {
        synchronized (lock) {
            if (closed) {
                return;
            }
        }
        try {
            establish();
            listeners.event(new Event.Resync(0, "reconnected: events may have been missed"));
        } catch (ConnectionException e) {
            if (e.getCause() instanceof ServerErrorException s && s.code() == ErrorCode.UNSUPPORTED_VERSION) {
                giveUp(e.getMessage());
                return;
            }
            log.info("{}: reconnect attempt {} failed: {}", name, attempt, e.getMessage());
            scheduleReconnect(attempt + 1);
        }
    }

    private void giveUp(String reason) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            state = ConnectionState.CLOSED;
            cancelTimers();
        }
        log.info("{}: {}", name, reason);
        pending.failAll(p -> true, new ConnectionException(reason, null));
        listeners.state(ConnectionState.CLOSED, reason);
    }

    private void startHeartbeat(Duration interval) {
        heartbeat = Heartbeat.start(interval, config.heartbeatTimeout(), () -> {
            synchronized (lock) {
                return connection;
            }
        });
    }

    private void cancelTimers() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
        }
        if (reconnect != null) {
            reconnect.cancel(false);
            reconnect = null;
        }
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    static String describe(IOException e) {
        if (e instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
