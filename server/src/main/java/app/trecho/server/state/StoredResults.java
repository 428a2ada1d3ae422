package app.trecho.server.state;

import java.util.Optional;

/**
 * Reads remembered idempotency results back from the store. The edge keeps only a digest and the
 * row of each stored result in memory, and reads the response when a retry asks for it again (rare),
 * instead of keeping ~100,000 responses on the heap for the garbage collector to copy.
 */
@FunctionalInterface
public interface StoredResults {

    /** Nothing is stored (the in-memory server): results stay in memory. */
    StoredResults NONE = (row, account, key) -> Optional.empty();

    /**
     * The response stored at {@code row} for {@code account}'s {@code key}; empty when the store no
     * longer holds it (pruned by age or count).
     *
     * @throws StorageException when the store cannot be read
     */
    Optional<String> response(long row, String account, String key);
}
