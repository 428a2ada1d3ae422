package app.trecho.server.state;

/** A change could not be made durable; the request that made it fails with STORAGE_UNAVAILABLE. */
public final class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
