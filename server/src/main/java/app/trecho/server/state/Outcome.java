package app.trecho.server.state;

import app.trecho.protocol.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The result of asking the core for something: a value with the changes it made and the seat
 * deltas to announce, or a rejection with a stable code. Normal refusals ("seat taken") are
 * values, not exceptions.
 */
public sealed interface Outcome<T> {

    /**
     * @param durable completes when {@code changes} are stored (at once when there are none); the
     *     edge answers only after it
     */
    record Ok<T>(T value, List<Change> changes, List<SeatDelta> deltas, CompletableFuture<Void> durable)
            implements Outcome<T> {
        public static <T> Ok<T> of(T value) {
            return new Ok<>(value, List.of(), List.of(), CompletableFuture.completedFuture(null));
        }
    }

    /** @param details optional structured context for the client (e.g. fresh availability), or null */
    record Rejected<T>(ErrorCode code, String message, Map<String, Object> details) implements Outcome<T> {}

    static <T> Outcome<T> rejected(ErrorCode code, String message) {
        return new Rejected<>(code, message, null);
    }

    static <T> Outcome<T> rejected(ErrorCode code, String message, Map<String, Object> details) {
        return new Rejected<>(code, message, details);
    }

    /** The same rejection, typed for another value (a rejection carries no value). */
    static <T> Outcome<T> retype(Rejected<?> rejected) {
        return new Rejected<>(rejected.code(), rejected.message(), rejected.details());
    }
}
