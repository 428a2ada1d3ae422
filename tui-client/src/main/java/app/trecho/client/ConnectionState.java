package app.trecho.client;

/** Where a client's connection stands. */
public enum ConnectionState {
    CONNECTING,
    CONNECTED,
    RECONNECTING,
    CLOSED
}
