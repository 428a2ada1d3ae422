package app.trecho.client;

import app.trecho.protocol.MessageType;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A request awaiting its response. The encoded line is kept, so a resend after a reconnect repeats
 * the same id and idempotency key. It completes once: whoever removes it from {@link
 * PendingRequests} completes it.
 *
 * @param <R> the success response type
 * @param <T> what the caller's future yields
 */
final class PendingRequest<R extends Response, T> {
    final long seq;
    final Request request;
    final String line;
    /** Internal requests (handshake, resume) belong to one connection and are never resent. */
    final boolean internal;

    private final Class<R> okType;
    private final Function<? super R, ? extends T> result;
    private final CompletableFuture<T> future = new CompletableFuture<>();
    private final AtomicReference<Connection> sentOn = new AtomicReference<>();
    private volatile ScheduledFuture<?> timeout;

    PendingRequest(
            long seq,
            Request request,
            String line,
            Class<R> okType,
            Function<? super R, ? extends T> result,
            boolean internal) {
        this.seq = seq;
        this.request = request;
        this.line = line;
        this.okType = okType;
        this.result = result;
        this.internal = internal;
    }

    String id() {
        return request.id();
    }

    MessageType type() {
        return request.type();
    }

    CompletableFuture<T> future() {
        return future;
    }

    /** Claims the right to send on {@code connection}: false when already sent on it. */
    boolean claim(Connection connection) {
        Connection previous = sentOn.get();
        return previous != connection && sentOn.compareAndSet(previous, connection);
    }

    boolean accepts(Response response) {
        return response instanceof Response.Error || okType.isInstance(response);
    }

    void timeout(ScheduledFuture<?> task) {
        this.timeout = task;
    }

    void complete(Response response) {
        cancelTimeout();
        switch (response) {
            case Response.Error error ->
                future.completeExceptionally(new ServerErrorException(
                        error.error().code(),
                        error.error().message(),
                        error.error().details()));
            default -> {
                T value;
                try {
                    value = result.apply(okType.cast(response));
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                    return;
                }
                future.complete(value);
            }
        }
    }

    void fail(ClientException exception) {
        cancelTimeout();
        future.completeExceptionally(exception);
    }

    private void cancelTimeout() {
        ScheduledFuture<?> task = timeout;
        if (task != null) {
            task.cancel(false);
        }
    }
}
