package app.trecho.server.state;

import app.trecho.protocol.ErrorCode;
import java.util.List;
import java.util.Map;

/**
 * The result of asking the core for something: a value with the changes it made and the seat
 * deltas to announce, or a rejection with a stable code. Normal refusals ("seat taken") are
 * values, not exceptions.
 */
public sealed interface Outcome<T> {

    record Ok<T>(T value, List<Change> changes, List<SeatDelta> deltas) implements Outcome<T> {
        public static <T> Ok<T> of(T value) {
            return new Ok<>(value, List.of(), List.of());
        }
    }

    /** @param details optional structured context for the client (e.g. fresh availability), or null */
    record Rejected<T>(ErrorCode code, String message, Map<String, Object> details) implements Outcome<T> {}
}
