package app.trecho.server.config;

import app.trecho.server.store.Durability;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The server's settings, parsed and validated once at start-up from flags and environment
 * variables (flags win). See {@link Option} for every setting and its default.
 *
 * @param network the flight network file, or null for the built-in sample network
 * @param operatorToken the secret that authorises {@code admin.status}, or null when there is none
 * @param fsync how far a commit goes before it is acknowledged ({@code --fsync})
 */
public record ServerConfig(
        int port,
        InetAddress bind,
        Path dataDir,
        Duration holdTtl,
        Path network,
        int maxConnections,
        Duration handshakeTimeout,
        Duration idleTimeout,
        int rateLimit,
        int rateBurst,
        int loginFailuresPerAccount,
        int loginFailuresPerAddress,
        Duration loginWindow,
        int outboundQueue,
        int pbkdf2Iterations,
        Duration shutdownGrace,
        String operatorToken,
        Durability fsync) {

    /** The longest client line the server accepts (protocol v1), excluding its newline. */
    public static final int MAX_LINE_BYTES = 65_536;

    /** The {@code --data-dir} value that keeps state in memory only (tests, demos). */
    public static final String IN_MEMORY = ":memory:";

    public ServerConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(holdTtl, "holdTtl");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(loginWindow, "loginWindow");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(fsync, "fsync");
    }

    /** Idempotency results are kept at least this long (PROTOCOL.md section 7), and at least the hold TTL. */
    public static final Duration MIN_IDEMPOTENCY_RETENTION = Duration.ofHours(24);

    /** How long idempotency results are kept, in memory and in the store: 24 h, or the hold TTL if longer. */
    public Duration idempotencyRetention() {
        return holdTtl.compareTo(MIN_IDEMPOTENCY_RETENTION) > 0 ? holdTtl : MIN_IDEMPOTENCY_RETENTION;
    }

    /** True when {@code --data-dir :memory:} asks for a server that stores nothing. */
    public boolean inMemory() {
        return dataDir.toString().equals(IN_MEMORY);
    }

    /**
     * How often a client must send a line, announced in {@code hello.ok.heartbeatMs}: a third of
     * the idle timeout, so a connection is closed after three missed heartbeats (PROTOCOL.md 8.1).
     */
    public Duration heartbeat() {
        Duration third = idleTimeout.dividedBy(3);
        return third.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : third;
    }

    /** Every setting, with the operator token left out so it never reaches a log. */
    @Override
    public String toString() {
        return "ServerConfig[port=" + port + ", bind=" + bind.getHostAddress() + ", dataDir=" + dataDir
                + ", holdTtl=" + holdTtl + ", network=" + network + ", maxConnections=" + maxConnections
                + ", handshakeTimeout=" + handshakeTimeout + ", idleTimeout=" + idleTimeout + ", rateLimit="
                + rateLimit + ", rateBurst=" + rateBurst + ", loginFailuresPerAccount=" + loginFailuresPerAccount
                + ", loginFailuresPerAddress=" + loginFailuresPerAddress + ", loginWindow=" + loginWindow
                + ", outboundQueue=" + outboundQueue + ", pbkdf2Iterations=" + pbkdf2Iterations
                + ", shutdownGrace=" + shutdownGrace + ", operatorToken=" + (operatorToken == null ? "none" : "(set)")
                + ", fsync=" + fsync + "]";
    }

    /** Every setting at its default. */
    public static ServerConfig defaults() {
        try {
            return parse(List.of(), Map.of());
        } catch (ConfigException e) {
            throw new IllegalStateException("a default value is invalid: " + e.getMessage(), e);
        }
    }

    /** True when the arguments ask for the usage text instead of a server. */
    public static boolean wantsHelp(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    /** The usage text: every flag with its environment variable and default. */
    public static String help() {
        StringBuilder out = new StringBuilder("Usage: java -jar trecho-server.jar [flags]\n\n");
        out.append("Each flag can also be set by its environment variable; a flag wins over its variable.\n\n");
        for (Option o : Option.values()) {
            out.append(String.format(
                    "  %-36s %-36s default %s%n      %s%n",
                    o.flag() + " VALUE",
                    o.env(),
                    o.defaultValue().isEmpty() ? "(none)" : o.defaultValue(),
                    o.description()));
        }
        out.append(String.format("  %-36s %s%n", "--help", "print this text and exit"));
        return out.toString();
    }

    /**
     * Reads the settings from {@code args} (e.g. {@code --port 7070} or {@code --port=7070}) over
     * {@code env}; a bad or unknown value fails with a message naming the flag or variable.
     */
    public static ServerConfig parse(List<String> args, Map<String, String> env) throws ConfigException {
        Map<Option, Source> values = new EnumMap<>(Option.class);
        for (Option o : Option.values()) {
            String fromEnv = env.get(o.env());
            values.put(o, fromEnv == null ? new Source(o.defaultValue(), o.flag()) : new Source(fromEnv, o.env()));
        }
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            Option option = Option.byFlag(name);
            if (option == null) {
                throw new ConfigException("unknown argument " + arg + " (see --help)");
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new ConfigException(name + " needs a value");
                }
                value = args.get(++i);
            }
            values.put(option, new Source(value, name));
        }
        return build(values);
    }

    private static ServerConfig build(Map<Option, Source> v) throws ConfigException {
        return new ServerConfig(
                v.get(Option.PORT).intIn(0, 65_535),
                v.get(Option.BIND).address(),
                v.get(Option.DATA_DIR).path(),
                v.get(Option.HOLD_TTL).positiveDuration(),
                v.get(Option.NETWORK).value().isBlank()
                        ? null
                        : v.get(Option.NETWORK).path(),
                v.get(Option.MAX_CONNECTIONS).intIn(1, 1_000_000),
                v.get(Option.HANDSHAKE_TIMEOUT).positiveDuration(),
                v.get(Option.IDLE_TIMEOUT).positiveDuration(),
                v.get(Option.RATE_LIMIT).intIn(1, 1_000_000),
                v.get(Option.RATE_BURST).intIn(1, 10_000_000),
                v.get(Option.LOGIN_FAILURES_PER_ACCOUNT).intIn(1, 1_000_000),
                v.get(Option.LOGIN_FAILURES_PER_ADDRESS).intIn(1, 1_000_000),
                v.get(Option.LOGIN_WINDOW).positiveDuration(),
                v.get(Option.OUTBOUND_QUEUE).intIn(2, 1_000_000),
                v.get(Option.PBKDF2_ITERATIONS).intIn(1, 100_000_000),
                v.get(Option.SHUTDOWN_GRACE).positiveDuration(),
                v.get(Option.OPERATOR_TOKEN).optionalSecret(16, 256),
                v.get(Option.FSYNC).fsync());
    }

    /** A raw value and the flag or variable it came from, for error messages. */
    private record Source(String value, String name) {

        int intIn(int min, int max) throws ConfigException {
            int n;
            try {
                n = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw fail("'" + value + "' is not a whole number");
            }
            if (n < min || n > max) {
                throw fail(n + " is out of range " + min + ".." + max);
            }
            return n;
        }

        Duration positiveDuration() throws ConfigException {
            Duration d = Durations.parse(value);
            if (d == null) {
                throw fail("'" + value + "' is not a duration (use e.g. 500ms, 90s, 10m, 1h or PT10M)");
            }
            if (d.isNegative() || d.isZero()) {
                throw fail("must be longer than zero");
            }
            return d;
        }

        /** Null when empty; otherwise {@code min}..{@code max} characters without control characters. */
        String optionalSecret(int min, int max) throws ConfigException {
            if (value.isEmpty()) {
                return null;
            }
            if (value.length() < min || value.length() > max) {
                throw fail("must be " + min + ".." + max + " characters long (it has " + value.length() + ")");
            }
            if (value.chars().anyMatch(Character::isISOControl)) {
                throw fail("must not contain control characters");
            }
            return value;
        }

        Durability fsync() throws ConfigException {
            try {
                return Durability.fromFlag(value.trim());
            } catch (IllegalArgumentException e) {
                throw fail("'" + value + "' is not normal or always");
            }
        }

        InetAddress address() throws ConfigException {
            if (value.isBlank()) {
                throw fail("must not be empty");
            }
            try {
                return InetAddress.getByName(value.trim());
            } catch (UnknownHostException e) {
                throw fail("'" + value + "' is not a known address");
            }
        }

        Path path() throws ConfigException {
            if (value.isBlank()) {
                throw fail("must not be empty");
            }
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw fail("'" + value + "' is not a valid path: " + e.getReason());
            }
        }

        ConfigException fail(String problem) {
            return new ConfigException(name + ": " + problem);
        }
    }
}
