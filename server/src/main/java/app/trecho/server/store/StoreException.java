package app.trecho.server.store;

/**
 * The store cannot be opened or used as asked: an unusable data directory, a corrupt or too new
 * database, a backup target that exists. The message names the path and is meant for the operator,
 * so the command line prints it without a stack trace.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
