package app.trecho.client;

/** The transport failed: unreachable server, connection lost, handshake refused, or a timeout. */
public final class ConnectionException extends ClientException {
    private static final long serialVersionUID = 1L;

    public ConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
