package app.trecho.server.it;

import app.trecho.server.Durability;
import app.trecho.server.TrechoServer;
import app.trecho.server.booking.AuditSnapshot;
import app.trecho.server.config.ServerConfig;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts a real in-process server on a free loopback port with test-friendly settings. */
public final class ServerFixture {
    private ServerFixture() {}

    /**
     * Loopback, port 0, cheap password hashing, in memory; {@code flags} override (e.g. {@code
     * --hold-ttl 1s}).
     */
    public static TrechoServer start(String... flags) throws Exception {
        List<String> args =
                new ArrayList<>(List.of("--port", "0", "--bind", "127.0.0.1", "--pbkdf2-iterations", "1000"));
        args.addAll(List.of(flags));
        return TrechoServer.start(ServerConfig.parse(args, Map.of()), InstantSource.system(), Durability.MEMORY);
    }

    /** Every way the server's booking state disagrees with itself (empty when sound). */
    public static List<String> violations(TrechoServer server) {
        AuditSnapshot snapshot = server.core().auditSnapshot();
        return snapshot.violations(server.core().network());
    }
}
