package app.trecho.server;

import app.trecho.protocol.model.StoreStatus;
import app.trecho.server.account.Accounts;
import app.trecho.server.booking.BookingCore;
import app.trecho.server.booking.Network;
import app.trecho.server.booking.NetworkFile;
import app.trecho.server.booking.NetworkFileException;
import app.trecho.server.booking.SampleNetwork;
import app.trecho.server.config.ConfigException;
import app.trecho.server.config.Option;
import app.trecho.server.config.ServerConfig;
import app.trecho.server.net.EdgeServer;
import app.trecho.server.net.StateReload;
import app.trecho.server.ops.StoreHealth;
import app.trecho.server.state.Change;
import app.trecho.server.state.StoredResults;
import app.trecho.server.store.SqliteStore;
import app.trecho.server.store.StoreException;
import app.trecho.server.store.StoredNetwork;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embeddable booking server: the flight network, the booking core, accounts, durability and
 * the network edge, wired from one {@link ServerConfig}. Used by {@link Main}, by tests (port 0)
 * and by the TUI's demo mode.
 *
 * <pre>{@code
 * try (TrechoServer server = TrechoServer.start(ServerConfig.defaults())) {
 *     int port = server.port();
 * }
 * }</pre>
 */
public final class TrechoServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrechoServer.class);

    private final ServerConfig config;
    private final Durability durability;
    private final BookingCore core;
    private final Accounts accounts;
    private final EdgeServer edge;
    private final CountDownLatch closed = new CountDownLatch(1);

    private TrechoServer(
            ServerConfig config, Durability durability, BookingCore core, Accounts accounts, EdgeServer edge) {
        this.config = config;
        this.durability = durability;
        this.core = core;
        this.accounts = accounts;
        this.edge = edge;
    }

    /**
     * Starts a server on the system clock with the durability {@code config} asks for: the SQLite
     * store in {@code --data-dir}, or memory for {@code --data-dir :memory:}.
     *
     * @throws StoreException when the data directory or the database cannot be used (the message
     *     names the path)
     */
    public static TrechoServer start(ServerConfig config) throws IOException, ConfigException {
        return start(config, InstantSource.system(), durabilityFor(config));
    }

    /**
     * Starts a server with an explicit clock and durability (tests, benchmarks). A server given a
     * store owns it: it closes the store when it stops, or when start-up fails.
     *
     * @throws ConfigException when the network cannot be loaded
     * @throws IOException when the address cannot be bound
     * @throws StoreException when the stored state cannot be loaded onto the network
     */
    public static TrechoServer start(ServerConfig config, InstantSource clock, Durability durability)
            throws IOException, ConfigException {
        StoreHealth health = durability.durable() ? storeHealth(durability) : StoreHealth.inMemory();
        return start(config, clock, durability, health);
    }

    /**
     * Starts a server whose store reports its health to the operator's status through {@code
     * storeHealth}.
     *
     * @throws ConfigException when the network cannot be loaded
     * @throws IOException when the address cannot be bound
     */
    public static TrechoServer start(
            ServerConfig config, InstantSource clock, Durability durability, StoreHealth storeHealth)
            throws IOException, ConfigException {
        try {
            return startOn(config, clock, durability, storeHealth);
        } catch (IOException | ConfigException | RuntimeException e) {
            if (durability.durable()) {
                durability.store().close();
            }
            throw e;
        }
    }

    private static TrechoServer startOn(
            ServerConfig config, InstantSource clock, Durability durability, StoreHealth storeHealth)
            throws IOException, ConfigException {
        long started = System.nanoTime();
        SqliteStore store = durability.store();
        List<Change> stored = store == null ? List.of() : store.loadState();
        Optional<StoredNetwork> storedNetwork = store == null ? Optional.empty() : store.network();
        Network network = config.network() == null && storedNetwork.isPresent()
                ? storedNetwork.get().network()
                : loadNetwork(config, clock);
        BookingCore core = new BookingCore(network, clock, config.holdTtl(), durability.changeLog());
        Accounts accounts = new Accounts(clock, new SecureRandom(), config.pbkdf2Iterations(), durability.changeLog());
        StateReload reload = StateReload.NONE;
        if (store != null) {
            StoredState state = new StoredState(store, core, accounts);
            StoredState.Split split =
                    StoredState.split(stored, network, store.file().toString());
            if (storedNetwork.isEmpty() || !sameNetwork(storedNetwork.get().network(), network)) {
                String source = config.network() == null
                        ? "sample"
                        : config.network().toAbsolutePath().toString();
                store.saveNetwork(new StoredNetwork(network, source, clock.instant()));
            }
            try {
                state.apply(split);
            } catch (IllegalStateException e) {
                throw new StoreException("database " + store.file() + " does not replay: " + e.getMessage(), e);
            }
            reload = state;
            log.info(
                    "loaded {} stored changes from {} in {} ms (network: {})",
                    stored.size(),
                    store.file(),
                    (System.nanoTime() - started) / 1_000_000,
                    storedNetwork.isPresent() && config.network() == null
                            ? "stored, from " + storedNetwork.get().source()
                            : config.network() == null ? "sample" : config.network());
        }
        EdgeServer edge = EdgeServer.start(
                config,
                core,
                accounts,
                durability.changeLog(),
                clock,
                storeHealth,
                reload,
                store == null ? StoredResults.NONE : store);
        log.info(
                "listening on {}:{} data-dir={} durability={} hold-ttl={}s network={} admin-status={}",
                config.bind().getHostAddress(),
                edge.port(),
                store == null ? "none (in memory)" : store.file().getParent(),
                durability.mode(),
                config.holdTtl().toSeconds(),
                config.network() == null ? (storedNetwork.isPresent() ? "stored" : "sample") : config.network(),
                config.operatorToken() == null ? "off" : "on");
        return new TrechoServer(config, durability, core, accounts, edge);
    }

    /**
     * The durability the configuration selects: memory for {@code --data-dir :memory:}, otherwise
     * the SQLite store in the data directory, opened (and migrated) here.
     *
     * @throws StoreException when the data directory or the database cannot be used
     */
    static Durability durabilityFor(ServerConfig config) {
        if (config.inMemory()) {
            return Durability.MEMORY;
        }
        return Durability.sqlite(
                SqliteStore.open(config.dataDir(), config.fsync(), config.idempotencyRetention()), config.fsync());
    }

    private static StoreHealth storeHealth(Durability durability) {
        SqliteStore store = durability.store();
        return () -> store.needsReload()
                ? new StoreStatus(durability.mode(), false, store.file() + ": a write failed; reloading from the store")
                : new StoreStatus(durability.mode(), true, store.file().toString());
    }

    private static boolean sameNetwork(Network a, Network b) {
        return a.cities().equals(b.cities()) && a.segments().equals(b.segments());
    }

    private static Network loadNetwork(ServerConfig config, InstantSource clock) throws ConfigException {
        LocalDate today = LocalDate.ofInstant(clock.instant(), Network.ZONE);
        if (config.network() == null) {
            return SampleNetwork.create(today);
        }
        try {
            return NetworkFile.load(config.network(), today);
        } catch (NetworkFileException e) {
            throw new ConfigException(Option.NETWORK.flag() + ": " + e.getMessage());
        }
    }

    /** The TCP port the server listens on (the real one when configured with port 0). */
    public int port() {
        return edge.port();
    }

    public ServerConfig config() {
        return config;
    }

    public Durability durability() {
        return durability;
    }

    /** The booking core, for in-process inspection (tests, audits). */
    public BookingCore core() {
        return core;
    }

    /** The accounts, for in-process inspection (tests). */
    public Accounts accounts() {
        return accounts;
    }

    /** Connections currently open. */
    public int connectionCount() {
        return edge.connectionCount();
    }

    /**
     * Graceful shutdown: stops accepting, sends event.shutdown to every connection, lets requests in
     * flight finish and closes; bounded by the configured shutdown grace. Idempotent.
     */
    @Override
    public void close() {
        edge.close(); // requests in flight finish first: their changes are committed before the store closes
        if (durability.durable()) {
            durability.store().close();
        }
        if (closed.getCount() > 0) {
            log.info("stopped");
            closed.countDown();
        }
    }

    /** Blocks until {@link #close} has finished. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }
}
