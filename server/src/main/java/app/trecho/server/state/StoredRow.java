package app.trecho.server.state;

/**
 * Where the store put a remembered idempotency result: the store's writer sets the row as it inserts
 * the result, and the edge reads it once the result is durable, so that it can read the response
 * back for a later retry instead of keeping it in memory (see {@link StoredResults}).
 *
 * <p>Not part of the result's value: all rows are equal, so a result read back from the store equals
 * the one that was appended.
 */
public final class StoredRow {
    /** Not stored (yet, or at all: the in-memory server). */
    public static final long NONE = -1;

    private volatile long row;

    private StoredRow(long row) {
        this.row = row;
    }

    /** A row the store has not assigned yet. */
    public static StoredRow unassigned() {
        return new StoredRow(NONE);
    }

    /** A result read from the store at {@code row}. */
    public static StoredRow of(long row) {
        return new StoredRow(row);
    }

    /** The store's row, or {@link #NONE}. */
    public long get() {
        return row;
    }

    /** For the store's writer, inside the transaction that inserts the result. */
    public void set(long row) {
        this.row = row;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredRow;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return "StoredRow";
    }
}
