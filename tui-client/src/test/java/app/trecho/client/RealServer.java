package app.trecho.client;

import app.trecho.server.TrechoServer;
import app.trecho.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The real server in-process on a free loopback port, with cheap password hashing. */
final class RealServer implements AutoCloseable {
    private static final AtomicInteger USERS = new AtomicInteger();

    final TrechoServer server;

    /** @param flags more server flags, e.g. {@code --idle-timeout 600ms} */
    RealServer(Path dataDir, String... flags) throws Exception {
        this(dataDir, 0, flags);
    }

    /** On {@code port} (0: any free one), e.g. to restart on the port clients know. */
    RealServer(Path dataDir, int port, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--data-dir",
                dataDir.toString(),
                "--pbkdf2-iterations",
                "1000"));
        args.addAll(List.of(flags));
        server = TrechoServer.start(ServerConfig.parse(args, Map.of()));
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
