package app.trecho.server.ops;

import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.StoreStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator subcommands of {@code trecho-server.jar}: {@code health} (a real handshake and ping,
 * for Docker's HEALTHCHECK and scripts) and {@code status} (the {@code admin.status} view). Each
 * prints one line (status: a short block) and returns the process exit code: 0 or 1 — never 2,
 * which Docker reserves — so a bad argument also reads as "unhealthy".
 */
public final class Commands {
    public static final String HEALTH = "health";
    public static final String STATUS = "status";
    /** How long a command waits for the connection and every answer, all together. */
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private static final String TOKEN_ENV = "TRECHO_OPERATOR_TOKEN";

    private Commands() {}

    /** True when {@code args} name a subcommand rather than server flags. */
    public static boolean isCommand(List<String> args) {
        return !args.isEmpty()
                && (args.getFirst().equals(HEALTH) || args.getFirst().equals(STATUS));
    }

    /** Runs the subcommand {@code args} names; returns the exit code. */
    public static int run(List<String> args, Map<String, String> env, PrintStream out) {
        String command = args.getFirst();
        List<String> rest = args.subList(1, args.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(help());
            return 0;
        }
        return command.equals(HEALTH) ? health(rest, env, out) : status(rest, env, out);
    }

    /** The usage of the subcommands, appended to the server's {@code --help}. */
    public static String help() {
        return """

                Commands (instead of flags):
                  health [--host H] [--port N]   handshake and ping a running server; prints one line,
                                                 exits 0 when healthy, 1 otherwise (timeout 3 s)
                  status [--host H] [--port N]   the server's status (connections, accounts, holds,
                                                 bookings, requests/s, uptime, store); needs
                                                 TRECHO_OPERATOR_TOKEN; exits 0, or 1 with a reason
                  The host defaults to 127.0.0.1 (or TRECHO_BIND when it is not a wildcard), the port
                  to TRECHO_PORT or 7070.
                """;
    }

    static int health(List<String> args, Map<String, String> env, PrintStream out) {
        ProbeTarget target;
        try {
            target = ProbeTarget.parse(args, env);
        } catch (ProbeException e) {
            out.println("unhealthy: " + e.getMessage());
            return 1;
        }
        try (ProbeClient client = ProbeClient.open(target, TIMEOUT, "trecho-health")) {
            long start = System.nanoTime();
            client.call(new Request.Ping(client.id()), Response.PingOk.class);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            out.println("healthy: " + target + " answered ping in " + ms + " ms");
            return 0;
        } catch (ProbeException | IOException e) {
            out.println("unhealthy: " + e.getMessage());
            return 1;
        }
    }

    static int status(List<String> args, Map<String, String> env, PrintStream out) {
        String token = env.getOrDefault(TOKEN_ENV, "");
        if (token.isEmpty()) {
            out.println("status: set " + TOKEN_ENV + " to the server's operator token");
            return 1;
        }
        try {
            ProbeTarget target = ProbeTarget.parse(args, env);
            try (ProbeClient client = ProbeClient.open(target, TIMEOUT, "trecho-status")) {
                Response.HelloOk hello = client.hello();
                if (hello.minor() < 1) {
                    out.println("status: " + target + " speaks protocol " + hello.version() + "." + hello.minor()
                            + "; admin.status needs 1.1");
                    return 1;
                }
                Response.AdminStatusOk s =
                        client.call(new Request.AdminStatus(client.id(), token), Response.AdminStatusOk.class);
                out.print(describe(target, hello, s));
                return 0;
            }
        } catch (ProbeException | IOException e) {
            out.println("status: " + e.getMessage());
            return 1;
        }
    }

    /** The status in a short human form. */
    static String describe(ProbeTarget target, Response.HelloOk hello, Response.AdminStatusOk s) {
        StoreStatus store = s.store();
        return "%s at %s, protocol %d.%d, up %s%n"
                        .formatted(hello.server(), target, hello.version(), hello.minor(), uptime(s.uptimeSeconds()))
                + "connections %d, accounts %d, live holds %d, bookings %d, %d requests/s%n"
                        .formatted(s.connections(), s.accounts(), s.liveHolds(), s.bookings(), s.requestsPerSecond())
                + "store %s: %s%s%n"
                        .formatted(
                                store.mode(),
                                store.ok() ? "ok" : "FAILING",
                                store.detail().isEmpty() ? "" : " (" + store.detail() + ")");
    }

    static String uptime(long seconds) {
        long d = seconds / 86_400;
        long h = seconds % 86_400 / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        if (d > 0) {
            return "%dd %dh %dm".formatted(d, h, m);
        }
        if (h > 0) {
            return "%dh %dm %ds".formatted(h, m, s);
        }
        return m > 0 ? "%dm %ds".formatted(m, s) : s + "s";
    }
}
