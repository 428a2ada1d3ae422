package app.trecho.client;

/** Why a client request failed; its futures complete exceptionally with one of the subclasses. */
public abstract sealed class ClientException extends RuntimeException
        permits ServerErrorException, ConnectionException {
    private static final long serialVersionUID = 1L;

    protected ClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
