package app.trecho.client;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting on client futures in tests, always with a deadline. */
final class Futures {
    private Futures() {}

    static <T> T await(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get(FakePeer.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the request failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the request did not complete in time", e);
        }
    }

    static <E extends Throwable> E failure(CompletableFuture<?> future, Class<E> type) throws InterruptedException {
        try {
            Object value = future.get(FakePeer.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return fail("expected a failure but got " + value);
        } catch (ExecutionException e) {
            return assertInstanceOf(type, e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the request did not complete in time", e);
        }
    }
}
