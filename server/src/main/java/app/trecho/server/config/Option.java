package app.trecho.server.config;

/**
 * Every setting of the server: its flag, its environment variable, its default and what it means.
 * {@code --help} prints this table, so it is the one place a setting is documented.
 */
public enum Option {
    PORT("--port", "TRECHO_PORT", "7070", "TCP port to listen on (0 picks a free port)"),
    BIND("--bind", "TRECHO_BIND", "0.0.0.0", "address to listen on"),
    DATA_DIR(
            "--data-dir",
            "TRECHO_DATA_DIR",
            "./data",
            "directory of the durable store (SQLite); :memory: keeps everything in memory (lost on exit)"),
    HOLD_TTL("--hold-ttl", "TRECHO_HOLD_TTL", "10m", "how long a hold lasts (90s, 10m, 1h or ISO-8601 like PT10M)"),
    NETWORK("--network", "TRECHO_NETWORK", "", "flight network JSON file (empty: the built-in sample network)"),
    MAX_CONNECTIONS("--max-connections", "TRECHO_MAX_CONNECTIONS", "10000", "open connections at most"),
    HANDSHAKE_TIMEOUT("--handshake-timeout", "TRECHO_HANDSHAKE_TIMEOUT", "10s", "time to send hello"),
    IDLE_TIMEOUT(
            "--idle-timeout",
            "TRECHO_IDLE_TIMEOUT",
            "15s",
            "time without a line before a connection is closed (hello.ok announces a third of it as the heartbeat)"),
    RATE_LIMIT("--rate-limit", "TRECHO_RATE_LIMIT", "1000", "requests per second per connection"),
    RATE_BURST("--rate-burst", "TRECHO_RATE_BURST", "2000", "requests a connection may send in one burst"),
    LOGIN_FAILURES_PER_ACCOUNT(
            "--login-failures-per-account",
            "TRECHO_LOGIN_FAILURES_PER_ACCOUNT",
            "5",
            "failed logins per account per login window"),
    LOGIN_FAILURES_PER_ADDRESS(
            "--login-failures-per-address",
            "TRECHO_LOGIN_FAILURES_PER_ADDRESS",
            "20",
            "failed logins per client address per login window"),
    LOGIN_WINDOW("--login-window", "TRECHO_LOGIN_WINDOW", "1m", "window over which failed logins are counted"),
    OUTBOUND_QUEUE("--outbound-queue", "TRECHO_OUTBOUND_QUEUE", "1024", "messages queued per connection before resync"),
    PBKDF2_ITERATIONS(
            "--pbkdf2-iterations",
            "TRECHO_PBKDF2_ITERATIONS",
            "100000",
            "PBKDF2 iterations for new password hashes (lower only for tests and benchmarks)"),
    SHUTDOWN_GRACE("--shutdown-grace", "TRECHO_SHUTDOWN_GRACE", "10s", "time to finish in-flight requests on shutdown"),
    OPERATOR_TOKEN(
            "--operator-token",
            "TRECHO_OPERATOR_TOKEN",
            "",
            "secret (16-256 characters) that authorises admin.status and the status command (empty: refused)"),
    FSYNC(
            "--fsync",
            "TRECHO_FSYNC",
            "normal",
            "normal: commits survive kill -9 of the server; always: also power loss (an fsync per commit)");

    private final String flag;
    private final String env;
    private final String defaultValue;
    private final String description;

    Option(String flag, String env, String defaultValue, String description) {
        this.flag = flag;
        this.env = env;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String flag() {
        return flag;
    }

    public String env() {
        return env;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    static Option byFlag(String flag) {
        for (Option o : values()) {
            if (o.flag.equals(flag)) {
                return o;
            }
        }
        return null;
    }
}
