package app.trecho.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link TrechoClient} connects and behaves. Start from {@link #of(String, int)} and adjust
 * with the {@code with*} methods.
 *
 * @param connectTimeout how long to wait for the TCP connection, and for each handshake step (hello,
 *     resume, re-subscribe)
 * @param requestTimeout how long a request may take, reconnects included, before its future fails
 * @param heartbeatInterval a ping is sent after this long without traffic (the server's announced
 *     {@code hello.ok.heartbeatMs} when that is shorter)
 * @param heartbeatTimeout the connection counts as dead when a heartbeat ping is unanswered this long
 * @param clientName sent in {@code hello} (for the server's logs)
 * @param maxLineBytes the longest server line accepted
 * @param reconnect what to do when an established connection is lost
 */
public record ClientConfig(
        String host,
        int port,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration heartbeatInterval,
        Duration heartbeatTimeout,
        String clientName,
        int maxLineBytes,
        ReconnectPolicy reconnect) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Matches the server's default announced heartbeat (PROTOCOL.md 8.1); a shorter announced one wins. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);

    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

    public ClientConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(heartbeatInterval, "heartbeatInterval");
        requirePositive(heartbeatTimeout, "heartbeatTimeout");
        if (maxLineBytes < 1024) {
            throw new IllegalArgumentException("maxLineBytes too small: " + maxLineBytes);
        }
        Objects.requireNonNull(reconnect, "reconnect");
    }

    /**
     * Defaults: 5 s connect, 10 s requests, ping after 5 s idle (or the server's shorter heartbeat),
     * server dead when a ping is unanswered for 10 s, 4 MiB lines, automatic reconnect.
     */
    public static ClientConfig of(String host, int port) {
        return new ClientConfig(
                host,
                port,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_HEARTBEAT_INTERVAL,
                DEFAULT_HEARTBEAT_TIMEOUT,
                "trecho-client",
                DEFAULT_MAX_LINE_BYTES,
                ReconnectPolicy.defaults());
    }

    /** Parses {@code host:port} (a bare host means port 7070). */
    public static ClientConfig of(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon < 0) {
            return of(hostAndPort, 7070);
        }
        String port = hostAndPort.substring(colon + 1);
        try {
            return of(hostAndPort.substring(0, colon), Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port: " + port, e);
        }
    }

    public ClientConfig withConnectTimeout(Duration value) {
        return new ClientConfig(
                host,
                port,
                value,
                requestTimeout,
                heartbeatInterval,
                heartbeatTimeout,
                clientName,
                maxLineBytes,
                reconnect);
    }

    public ClientConfig withRequestTimeout(Duration value) {
        return new ClientConfig(
                host,
                port,
                connectTimeout,
                value,
                heartbeatInterval,
                heartbeatTimeout,
                clientName,
                maxLineBytes,
                reconnect);
    }

    public ClientConfig withHeartbeat(Duration interval, Duration timeout) {
        return new ClientConfig(
                host, port, connectTimeout, requestTimeout, interval, timeout, clientName, maxLineBytes, reconnect);
    }

    public ClientConfig withClientName(String value) {
        return new ClientConfig(
                host,
                port,
                connectTimeout,
                requestTimeout,
                heartbeatInterval,
                heartbeatTimeout,
                value,
                maxLineBytes,
                reconnect);
    }

    public ClientConfig withMaxLineBytes(int value) {
        return new ClientConfig(
                host,
                port,
                connectTimeout,
                requestTimeout,
                heartbeatInterval,
                heartbeatTimeout,
                clientName,
                value,
                reconnect);
    }

    public ClientConfig withReconnect(ReconnectPolicy value) {
        return new ClientConfig(
                host,
                port,
                connectTimeout,
                requestTimeout,
                heartbeatInterval,
                heartbeatTimeout,
                clientName,
                maxLineBytes,
                value);
    }

    /** {@code host:port}. */
    public String address() {
        return host + ":" + port;
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
