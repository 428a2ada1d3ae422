package app.trecho.server.booking;

/**
 * A network file that cannot be used. The message names the file, then where (a line and column,
 * or a field path like {@code flights[3].from}) and the problem, ready to print at start-up.
 */
public final class NetworkFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NetworkFileException(String message) {
        super(message);
    }

    public NetworkFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
