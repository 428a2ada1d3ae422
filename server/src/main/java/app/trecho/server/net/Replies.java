package app.trecho.server.net;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.ErrorBody;
import app.trecho.server.state.Outcome;
import app.trecho.server.state.StorageException;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Building error responses and waiting for durability, shared by the handlers. */
final class Replies {
    private Replies() {}

    static Response.Error error(String id, ErrorCode code, String message) {
        return new Response.Error(id, new ErrorBody(code, message, null));
    }

    static Response.Error error(String id, ErrorCode code, String message, Map<String, Object> details) {
        return new Response.Error(id, new ErrorBody(code, message, details));
    }

    static Response.Error rejected(String id, Outcome.Rejected<?> rejected) {
        return new Response.Error(id, new ErrorBody(rejected.code(), rejected.message(), rejected.details()));
    }

    /**
     * Waits (holding no lock) until {@code durable} completes; returns null when the changes are
     * stored, or the error to answer with when they could not be.
     */
    static Response.Error awaitDurable(String id, CompletableFuture<?> durable) {
        try {
            durable.join();
            return null;
        } catch (CompletionException | CancellationException e) {
            return durableError(id, e);
        }
    }

    /**
     * The error to answer with when making changes durable failed with {@code failure} (null when they
     * are stored: then null).
     *
     * @throws IllegalStateException when it failed for any reason but storage
     */
    static Response.Error durableError(String id, Throwable failure) {
        if (failure == null) {
            return null;
        }
        if (cause(failure) instanceof StorageException) {
            return error(id, ErrorCode.STORAGE_UNAVAILABLE, "the change could not be stored; nothing changed");
        }
        throw new IllegalStateException("durability failed unexpectedly", cause(failure));
    }

    /** What failed, without the wrapper a future puts around it. */
    static Throwable cause(Throwable failure) {
        boolean wrapped = failure instanceof CompletionException || failure instanceof CancellationException;
        return wrapped && failure.getCause() != null ? failure.getCause() : failure;
    }
}
