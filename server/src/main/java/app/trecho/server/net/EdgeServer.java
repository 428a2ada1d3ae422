package app.trecho.server.net;

import app.trecho.protocol.Codec;
import app.trecho.server.account.Accounts;
import app.trecho.server.booking.BookingCore;
import app.trecho.server.config.ServerConfig;
import app.trecho.server.ops.Activity;
import app.trecho.server.ops.OperatorStatus;
import app.trecho.server.ops.OperatorToken;
import app.trecho.server.ops.StoreHealth;
import app.trecho.server.state.ChangeLog;
import app.trecho.server.state.StoredResults;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network edge over a booking core and accounts: the listener, the connections, live events,
 * limits and the one scheduler thread (hold expiry, timeouts). {@link #close} shuts down gracefully.
 */
public final class EdgeServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EdgeServer.class);
    private static final int IDEMPOTENCY_KEYS_PER_ACCOUNT = 1_000;
    /**
     * One event loop per core: each does its connections' reading, decoding, answering and writing.
     * (On 2 cores, one loop and two measured the same in book and browse.)
     */
    private static final int EVENT_LOOPS = Runtime.getRuntime().availableProcessors();
    /** How often what customers did is logged as one line ({@link Activity}). */
    private static final Duration ACTIVITY_PERIOD = Duration.ofMinutes(1);

    private final ServerConfig config;
    private final ServerSocketChannel serverChannel;
    private final List<EventLoop> loops;
    private final Connections connections;
    private final Listener listener;
    private final ScheduledExecutorService scheduler;
    private final ExpiryScheduler expiry;
    private final Activity activity;
    private boolean closed;

    private EdgeServer(
            ServerConfig config,
            ServerSocketChannel serverChannel,
            List<EventLoop> loops,
            Connections connections,
            Listener listener,
            ScheduledExecutorService scheduler,
            ExpiryScheduler expiry,
            Activity activity) {
        this.config = config;
        this.serverChannel = serverChannel;
        this.loops = loops;
        this.connections = connections;
        this.listener = listener;
        this.scheduler = scheduler;
        this.expiry = expiry;
        this.activity = activity;
    }

    /** Binds {@code config.bind():config.port()} and starts accepting connections; the store is memory. */
    public static EdgeServer start(
            ServerConfig config, BookingCore core, Accounts accounts, ChangeLog changeLog, InstantSource clock)
            throws IOException {
        return start(config, core, accounts, changeLog, clock, StoreHealth.inMemory());
    }

    /**
     * Binds {@code config.bind():config.port()} and starts accepting connections; {@code store}
     * answers for the store's health in {@code admin.status}.
     */
    public static EdgeServer start(
            ServerConfig config,
            BookingCore core,
            Accounts accounts,
            ChangeLog changeLog,
            InstantSource clock,
            StoreHealth store)
            throws IOException {
        return start(config, core, accounts, changeLog, clock, store, StateReload.NONE, StoredResults.NONE);
    }

    /**
     * Binds and starts accepting connections over a durable store: {@code reload} rebuilds memory
     * after a failed write and hands over the stored idempotency results at start-up, {@code
     * storedResults} reads a remembered result's response back for a retry.
     */
    public static EdgeServer start(
            ServerConfig config,
            BookingCore core,
            Accounts accounts,
            ChangeLog changeLog,
            InstantSource clock,
            StoreHealth store,
            StateReload reload,
            StoredResults storedResults)
            throws IOException {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("trecho-scheduler").daemon().factory());
        Codec codec = new Codec();
        EventHub hub = new EventHub(codec);
        Activity activity = new Activity();
        ExpiryScheduler expiry = new ExpiryScheduler(scheduler, core, hub, clock, activity);
        IdempotencyCache idempotency =
                new IdempotencyCache(IDEMPOTENCY_KEYS_PER_ACCOUNT, config.idempotencyRetention(), clock, storedResults);
        LoginLimiter logins = new LoginLimiter(
                config.loginFailuresPerAccount(),
                config.loginFailuresPerAddress(),
                config.loginWindow(),
                System::nanoTime);
        Connections connections = new Connections(config.maxConnections());
        Recovery recovery = new Recovery(reload, idempotency, connections, expiry::rearm, scheduler, System::nanoTime);
        expiry.recovery(recovery);
        try {
            // Before binding: a big store takes seconds, and clients must not queue on a port nobody serves.
            long began = System.nanoTime();
            long restored = recovery.restoreResults();
            if (restored > 0) {
                log.info(
                        "remembered {} stored idempotency results in {} ms",
                        restored,
                        (System.nanoTime() - began) / 1_000_000);
            }
        } catch (RuntimeException | Error e) { // out of memory, or the store unreadable
            scheduler.shutdownNow();
            throw e;
        }
        ServerSocketChannel serverChannel = ServerSocketChannel.open();
        try {
            serverChannel.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            serverChannel.bind(new InetSocketAddress(config.bind(), config.port()), 1024);
        } catch (IOException e) {
            serverChannel.close();
            scheduler.shutdownNow();
            throw e;
        }
        OperatorStatus operator = new OperatorStatus(
                OperatorToken.of(config.operatorToken()), counts(connections, core, accounts), store, System::nanoTime);
        Dispatcher dispatcher = new Dispatcher(
                codec,
                core,
                new AccountHandler(accounts, hub, logins, recovery),
                new MutationHandler(core, hub, idempotency, changeLog, expiry::rearm, clock, codec, recovery, activity),
                hub,
                clock,
                config.holdTtl(),
                config.heartbeat(),
                operator);
        ConnectionContext ctx =
                new ConnectionContext(config, codec, dispatcher, hub, connections, System::nanoTime, activity);
        List<EventLoop> loops = new ArrayList<>();
        for (int i = 0; i < EVENT_LOOPS; i++) {
            EventLoop loop = new EventLoop("trecho-io-" + i);
            loop.start();
            loops.add(loop);
        }
        Listener listener = new Listener(serverChannel, List.copyOf(loops), ctx);

        long sweepMs = sweepPeriod(config).toMillis();
        scheduler.scheduleWithFixedDelay(() -> sweep(connections, logins), sweepMs, sweepMs, TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(operator::tick, 1, 1, TimeUnit.SECONDS);
        scheduler.scheduleAtFixedRate(
                () -> logActivity(activity, "in the last minute"),
                ACTIVITY_PERIOD.toSeconds(),
                ACTIVITY_PERIOD.toSeconds(),
                TimeUnit.SECONDS);
        expiry.rearm(); // holds restored from a store may already be waiting
        listener.start();
        return new EdgeServer(
                config, serverChannel, List.copyOf(loops), connections, listener, scheduler, expiry, activity);
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return serverChannel.socket().getLocalPort();
    }

    /** Connections currently open. */
    public int connectionCount() {
        return connections.count();
    }

    /**
     * Graceful shutdown: stop accepting, send event.shutdown to every connection, let requests in
     * flight finish, close. Connections still open after the shutdown grace are closed by force.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        listener.stop();
        connections.shutdownAll("server shutting down");
        try {
            listener.awaitStopped();
            if (!connections.awaitEmpty(config.shutdownGrace())) {
                log.warn(
                        "{} connections still open after {}: closing them",
                        connections.count(),
                        config.shutdownGrace());
                connections.abortAll();
                connections.awaitEmpty(Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connections.abortAll();
        } finally {
            scheduler.shutdownNow();
            loops.forEach(EventLoop::stop);
            awaitLoops();
            logActivity(activity, "since the last activity line");
        }
    }

    private static void logActivity(Activity activity, String when) {
        String line = activity.drain();
        if (line != null) {
            log.info("activity {}: {}", when, line);
        }
    }

    private void awaitLoops() {
        try {
            for (EventLoop loop : loops) {
                loop.awaitStopped();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Re-arms hold expiry (after the core's holds were changed from outside, e.g. a store replay). */
    public void holdsChanged() {
        expiry.rearm();
    }

    private static OperatorStatus.Counts counts(Connections connections, BookingCore core, Accounts accounts) {
        return new OperatorStatus.Counts() {
            @Override
            public int connections() {
                return connections.count();
            }

            @Override
            public int accounts() {
                return accounts.count();
            }

            @Override
            public int liveHolds() {
                return core.liveHoldCount();
            }

            @Override
            public int bookings() {
                return core.bookingCount();
            }
        };
    }

    private static void sweep(Connections connections, LoginLimiter logins) {
        try {
            connections.sweepTimeouts(System.nanoTime());
            logins.purge();
        } catch (RuntimeException e) {
            log.error("timeout sweep failed", e);
        }
    }

    /** Often enough to enforce the shortest timeout with a quarter of it in slack, at most once a second. */
    private static Duration sweepPeriod(ServerConfig config) {
        Duration shortest = config.handshakeTimeout().compareTo(config.idleTimeout()) < 0
                ? config.handshakeTimeout()
                : config.idleTimeout();
        Duration quarter = shortest.dividedBy(4);
        if (quarter.compareTo(Duration.ofMillis(10)) < 0) {
            return Duration.ofMillis(10);
        }
        return quarter.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : quarter;
    }
}
