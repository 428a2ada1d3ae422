package app.trecho.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The load generator's command line, validated once.
 *
 * @param rate total requests per second across all clients (open loop), or 0 for closed loop
 * @param serverPid the server's process id on this machine, to sample its memory and threads; 0 for none
 */
record BenchOptions(
        Scenario.Kind scenario,
        int clients,
        Duration duration,
        Duration warmup,
        String host,
        int port,
        Path json,
        long seed,
        double rate,
        int rounds,
        long serverPid) {

    static final String USAGE = """
            usage: java -jar trecho.jar bench --scenario book|browse|race|mixed|connections|ping
                     --clients N --duration 30s [--warmup 5s] --server host:port
                     [--json FILE] [--seed N] [--rate REQS_PER_SEC] [--rounds N] [--server-pid PID]

              --scenario     book: hold -> purchase -> cancel cycles on random itineraries
                             browse: board, search and seat map reads
                             race: all clients hold the same seat at once, many rounds
                             mixed: a blend of browse (70%) and book (30%)
                             connections: N idle subscribed connections; a seat change's fan-out time
                             ping: empty round trips, the transport's own cost (a floor for the others)
              --clients      simulated customers, one connection each (default 100)
              --duration     measured time, e.g. 30s, 2m (default 30s)
              --warmup       unmeasured time before it (default 5s; 0s for none)
              --server       host:port of a running server (default localhost:7070)
              --json         also write the summary as JSON to FILE
              --seed         random seed (default 1)
              --rate         open loop at this many requests/s in total (default 0: closed loop)
              --rounds       race rounds (default 200) or connections fan-out samples (default 50)
              --server-pid   the server's process id, when it runs on this machine (Linux): its
                             memory and threads are sampled every second while measuring
            """;

    static BenchOptions parse(String[] args) {
        Scenario.Kind scenario = null;
        int clients = 100;
        Duration duration = Duration.ofSeconds(30);
        Duration warmup = Duration.ofSeconds(5);
        String server = "localhost:7070";
        Path json = null;
        long seed = 1;
        double rate = 0;
        Integer rounds = null;
        long serverPid = 0;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new UsageException(null);
            }
            if (i + 1 >= args.length) {
                throw new UsageException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--scenario" -> scenario = Scenario.Kind.parse(value);
                case "--clients" -> clients = positiveInt(flag, value);
                case "--duration" -> duration = duration(flag, value);
                case "--warmup" -> warmup = duration(flag, value);
                case "--server" -> server = value;
                case "--json" -> json = Path.of(value);
                case "--seed" -> seed = parseLong(flag, value);
                case "--rate" -> rate = nonNegativeDouble(flag, value);
                case "--rounds" -> rounds = positiveInt(flag, value);
                case "--server-pid" -> serverPid = positiveLong(flag, value);
                default -> throw new UsageException("unknown option " + flag);
            }
        }
        if (scenario == null) {
            throw new UsageException("--scenario is required");
        }
        int colon = server.lastIndexOf(':');
        if (colon <= 0 || colon == server.length() - 1) {
            throw new UsageException("--server must be host:port, got '" + server + "'");
        }
        String host = server.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = positiveInt("--server port", server.substring(colon + 1));
        int defaultRounds = scenario == Scenario.Kind.CONNECTIONS ? 50 : 200;
        return new BenchOptions(
                scenario,
                clients,
                duration,
                warmup,
                host,
                port,
                json,
                seed,
                rate,
                rounds == null ? defaultRounds : rounds,
                serverPid);
    }

    static Duration duration(String flag, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new UsageException(flag + " must be a duration like 30s, 2m or 500ms, got '" + value + "'");
        }
    }

    private static int positiveInt(String flag, String value) {
        long n = positiveLong(flag, value);
        if (n > Integer.MAX_VALUE) {
            throw new UsageException(flag + " must be at most " + Integer.MAX_VALUE + ", got '" + value + "'");
        }
        return (int) n;
    }

    private static long positiveLong(String flag, String value) {
        try {
            long n = Long.parseLong(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the usage error
        }
        throw new UsageException(flag + " must be a positive whole number, got '" + value + "'");
    }

    private static long parseLong(String flag, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be a whole number, got '" + value + "'");
        }
    }

    private static double nonNegativeDouble(String flag, String value) {
        try {
            double d = Double.parseDouble(value);
            if (d >= 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // fall through to the usage error
        }
        throw new UsageException(flag + " must be a number >= 0, got '" + value + "'");
    }

    /** A bad command line: the message says what, and the usage follows. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message, null, false, false);
        }
    }
}
