package app.trecho.server;

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
import app.trecho.server.ops.StoreHealth;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.time.LocalDate;
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
    private final EdgeServer edge;
    private final CountDownLatch closed = new CountDownLatch(1);

    private TrechoServer(ServerConfig config, Durability durability, BookingCore core, EdgeServer edge) {
        this.config = config;
        this.durability = durability;
        this.core = core;
        this.edge = edge;
    }

    /** Starts a server on the system clock with the durability {@code config} asks for. */
    public static TrechoServer start(ServerConfig config) throws IOException, ConfigException {
        return start(config, InstantSource.system(), durabilityFor(config));
    }

    /**
     * Starts a server with an explicit clock and durability (tests, benchmarks).
     *
     * @throws ConfigException when the network cannot be loaded
     * @throws IOException when the address cannot be bound
     */
    public static TrechoServer start(ServerConfig config, InstantSource clock, Durability durability)
            throws IOException, ConfigException {
        StoreHealth health =
                durability == Durability.MEMORY ? StoreHealth.inMemory() : StoreHealth.unchecked(durability.mode());
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
        Network network = loadNetwork(config, clock);
        BookingCore core = new BookingCore(network, clock, config.holdTtl(), durability.changeLog());
        Accounts accounts = new Accounts(clock, new SecureRandom(), config.pbkdf2Iterations(), durability.changeLog());
        EdgeServer edge = EdgeServer.start(config, core, accounts, durability.changeLog(), clock, storeHealth);
        log.info(
                "listening on {}:{} data-dir={} durability={} hold-ttl={}s network={} admin-status={}",
                config.bind().getHostAddress(),
                edge.port(),
                config.dataDir(),
                durability.mode(),
                config.holdTtl().toSeconds(),
                config.network() == null ? "sample" : config.network(),
                config.operatorToken() == null ? "off" : "on");
        return new TrechoServer(config, durability, core, edge);
    }

    /** The durability the configuration selects; storage is not wired yet, so always in memory. */
    static Durability durabilityFor(ServerConfig config) {
        return Durability.MEMORY;
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
        edge.close();
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
