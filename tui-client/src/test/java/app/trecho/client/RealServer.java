package app.trecho.client;

import app.trecho.server.TrechoServer;
import app.trecho.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The real server in-process on a free loopback port, with cheap password hashing. */
final class RealServer implements AutoCloseable {
    private static final AtomicInteger USERS = new AtomicInteger();

    final TrechoServer server;

    RealServer(Path dataDir) throws Exception {
        ServerConfig config = ServerConfig.parse(
                List.of(
                        "--port", "0",
                        "--bind", "127.0.0.1",
                        "--data-dir", dataDir.toString(),
                        "--pbkdf2-iterations", "1000"),
                Map.of());
        server = TrechoServer.start(config);
    }

    ClientConfig config() {
        return ClientConfig.of("127.0.0.1", server.port())
                .withRequestTimeout(FakePeer.WAIT)
                .withReconnect(ReconnectPolicy.disabled())
                .withClientName("client-test");
    }

    /** Through {@code proxy}, reconnecting quickly and forever. */
    static ClientConfig configVia(FaultProxy proxy) {
        return ClientConfig.of("127.0.0.1", proxy.port())
                .withRequestTimeout(FakePeer.WAIT)
                .withConnectTimeout(Duration.ofSeconds(1))
                .withReconnect(new ReconnectPolicy(true, Duration.ofMillis(10), Duration.ofMillis(100), 0));
    }

    static String newUsername() {
        return "user" + ProcessHandle.current().pid() + "x" + USERS.incrementAndGet();
    }

    @Override
    public void close() {
        server.close();
    }
}
