package app.trecho.server.net;

import app.trecho.server.state.StoredRow;
import java.util.concurrent.CompletableFuture;

/**
 * One idempotency key's request and result, as the {@link IdempotencyCache} keeps it: one small
 * object with only what a retry needs. The key and the request are 128-bit digests instead of their
 * text, the time is a number, the future exists only while the first run is in flight, and the
 * response is kept only when the store cannot give it back. The links make it its own table entry
 * ({@link AccountResults}): no map node per key.
 */
final class RememberedResult {
    final long keyHigh;
    final long keyLow;
    private final long requestHigh;
    private final long requestLow;
    /** Set while the first run is in flight; waiting duplicates join it. Null once it ended. */
    private volatile CompletableFuture<String> running = new CompletableFuture<>();
    /**
     * The encoded response (without id) once the run completed, when it is kept in memory; null
     * before, when abandoned, and when the store holds it at {@link #row}.
     */
    private volatile String response;
    /** Where the store holds the response, or {@link StoredRow#NONE}. */
    private volatile long row = StoredRow.NONE;

    /** Claimed or completed; guarded by the account's table. */
    long atMillis;

    // Guarded by the account's table: its bucket chain and its age order.
    RememberedResult nextInBucket;
    RememberedResult older;
    RememberedResult newer;

    RememberedResult(long[] key, long[] request, long atMillis) {
        this.keyHigh = key[0];
        this.keyLow = key[1];
        this.requestHigh = request[0];
        this.requestLow = request[1];
        this.atMillis = atMillis;
    }

    boolean sameRequest(long[] request) {
        return requestHigh == request[0] && requestLow == request[1];
    }

    boolean inFlight() {
        CompletableFuture<String> r = running;
        return r != null && !r.isDone();
    }

    /** True when {@link #await} would wait for the first run, or when only the store has the response. */
    boolean answerWaits() {
        return inFlight() || (running == null && response == null && row != StoredRow.NONE);
    }

    /**
     * The response, waiting for the first run if it is still in flight; null when it was abandoned,
     * and when only the store has it ({@link #row}).
     */
    String await() {
        CompletableFuture<String> r = running;
        return r != null ? r.join() : response;
    }

    /** Where the store holds the response, or {@link StoredRow#NONE}. */
    long row() {
        return row;
    }

    /**
     * Ends the first run; only the first call counts (a run that completed stays completed).
     * Duplicates already waiting get {@code result} from the future either way.
     */
    void end(String result, long storedRow, boolean keepText) {
        CompletableFuture<String> r = running;
        if (r == null) {
            return;
        }
        row = storedRow;
        response = keepText ? result : null;
        r.complete(result);
        running = null;
    }
}
