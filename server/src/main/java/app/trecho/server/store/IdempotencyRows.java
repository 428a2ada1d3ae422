package app.trecho.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the writer knows about the stored idempotency rows, so it can delete the ones it no longer
 * needs without an index on the table (each index costs page writes in every commit):
 *
 * <ul>
 *   <li>Which rows each account still needs (its newest {@code keep}, by rowid) and which are dead
 *       (older than that). Dead rows are deleted oldest first, and only once more than {@code
 *       reserve} of them wait. Rows sit in the table in rowid (time) order, interleaved across
 *       accounts, and die roughly in that order too; deleting a row as soon as it died dirtied a
 *       page per row, as its neighbours, other accounts' rows, were still alive. Waiting until they
 *       have died as well lets one page write carry all of them (STORAGE.md, "Pages written per
 *       change").
 *   <li>When each stretch of rowids was decided ({@link #expiredThrough}): rowids follow time, so
 *       the rows past their retention are a prefix of the table, deleted as one range.
 * </ul>
 *
 * <p>Writer thread only; rebuilt from the table whenever the writer's statements are (after every
 * failed transaction), so it never drifts from what is stored.
 */
final class IdempotencyRows {
    /** Rows decided within the same second share an age mark. */
    private static final long MARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final int keep;
    private final Map<String, Rowids> alive = new HashMap<>();
    private final DeadRowids dead = new DeadRowids();
    private final AgeMarks marks = new AgeMarks();
    private long lastRowid;

    IdempotencyRows(int keep) {
        this.keep = keep;
    }

    /** Reads every stored row's account, rowid and time. */
    static IdempotencyRows read(Connection c, int keep) throws SQLException {
        IdempotencyRows rows = new IdempotencyRows(keep);
        try (Statement statement = c.createStatement();
                ResultSet stored =
                        statement.executeQuery("SELECT account, rowid, at_ns FROM idempotency ORDER BY rowid")) {
            while (stored.next()) {
                rows.added(stored.getString(1), stored.getLong(2), stored.getLong(3));
            }
        }
        return rows;
    }

    /** The rowid for the next row: always above every stored one, so rowid order is insertion order. */
    long nextRowid() {
        return lastRowid + 1;
    }

    /**
     * A row stored for {@code account}, decided at {@code atNanos}; the account's oldest row beyond
     * the newest {@code keep} dies. Rowids must come in increasing order.
     */
    void added(String account, long rowid, long atNanos) {
        Rowids rowids = alive.computeIfAbsent(account, a -> new Rowids());
        rowids.addLast(rowid);
        if (rowids.size() > keep) {
            dead.add(rowids.removeFirst());
        }
        lastRowid = Math.max(lastRowid, rowid);
        marks.add(rowid, atNanos);
    }

    /**
     * Forgets and returns the oldest dead rowids beyond the newest {@code reserve} dead ones (to
     * delete in the same transaction); usually empty. Rows already deleted by age may come out, and
     * deleting them again changes nothing.
     */
    long[] sweep(int reserve) {
        int excess = dead.size() - reserve;
        if (excess <= 0) {
            return new long[0];
        }
        long[] oldest = new long[excess];
        for (int i = 0; i < excess; i++) {
            oldest[i] = dead.removeSmallest();
        }
        return oldest;
    }

    /**
     * The runs of consecutive rowids in {@code ascending}, as {first, last} pairs one after another.
     * Swept rows are mostly consecutive (all accounts' rows die at about the same pace), so a range
     * delete per run replaces a statement per row; a row still alive among them splits the run.
     */
    static long[] runs(long[] ascending) {
        long[] pairs = new long[2 * ascending.length];
        int n = 0;
        for (int i = 0; i < ascending.length; i++) {
            if (n > 0 && ascending[i] == pairs[n - 1] + 1) {
                pairs[n - 1] = ascending[i];
            } else {
                pairs[n++] = ascending[i];
                pairs[n++] = ascending[i];
            }
        }
        return Arrays.copyOf(pairs, n);
    }

    /**
     * The highest rowid such that it and every row before it was decided before {@code cutoffNanos}
     * (0 when there is none), forgetting those rows' times: the caller deletes them. A row decided
     * later that sits among them (the clock stepped back) keeps the rows after it until it expires
     * too, so no row is deleted before its time.
     */
    long expiredThrough(long cutoffNanos) {
        return marks.removeBefore(cutoffNanos);
    }

    /**
     * One account's live rowids, oldest first, as plain longs: under load ~100,000 of them live a few
     * seconds each, and boxed they were one more object per result for each young collection to copy.
     */
    private static final class Rowids {
        private long[] ring = new long[8];
        private int head;
        private int size;

        int size() {
            return size;
        }

        void addLast(long rowid) {
            if (size == ring.length) {
                long[] larger = new long[ring.length * 2];
                for (int i = 0; i < size; i++) {
                    larger[i] = ring[(head + i) % ring.length];
                }
                ring = larger;
                head = 0;
            }
            ring[(head + size) % ring.length] = rowid;
            size++;
        }

        long removeFirst() {
            long first = ring[head];
            head = (head + 1) % ring.length;
            size--;
            return first;
        }
    }

    /** A binary min-heap of rowids in a {@code long[]}: tens of thousands wait, none of them boxed. */
    private static final class DeadRowids {
        private long[] heap = new long[64];
        private int size;

        int size() {
            return size;
        }

        void add(long rowid) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) / 2;
                if (heap[parent] <= rowid) {
                    break;
                }
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = rowid;
        }

        long removeSmallest() {
            long smallest = heap[0];
            long last = heap[--size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) {
                    break;
                }
                if (child + 1 < size && heap[child + 1] < heap[child]) {
                    child++;
                }
                if (last <= heap[child]) {
                    break;
                }
                heap[i] = heap[child];
                i = child;
            }
            if (size > 0) {
                heap[i] = last;
            }
            return smallest;
        }
    }

    /**
     * Stretches of rowids in order, each with the latest time a row in it was decided: a ring of
     * (last rowid, latest time) pairs, one per second in which rows were decided, so a day of results
     * takes ~86,400 pairs however many rows it holds.
     */
    private static final class AgeMarks {
        private long[] lastRowid = new long[64];
        private long[] latestNanos = new long[64];
        private int head;
        private int size;

        void add(long rowid, long atNanos) {
            if (size > 0) {
                int newest = (head + size - 1) % lastRowid.length;
                if (Math.floorDiv(latestNanos[newest], MARK_NANOS) == Math.floorDiv(atNanos, MARK_NANOS)
                        || atNanos <= latestNanos[newest]) {
                    lastRowid[newest] = rowid; // same second, or the clock stepped back: the same stretch
                    latestNanos[newest] = Math.max(latestNanos[newest], atNanos);
                    return;
                }
            }
            if (size == lastRowid.length) {
                grow();
            }
            int slot = (head + size) % lastRowid.length;
            lastRowid[slot] = rowid;
            latestNanos[slot] = atNanos;
            size++;
        }

        long removeBefore(long cutoffNanos) {
            long through = 0;
            while (size > 0 && latestNanos[head] < cutoffNanos) {
                through = lastRowid[head];
                head = (head + 1) % lastRowid.length;
                size--;
            }
            return through;
        }

        private void grow() {
            long[] rowids = new long[lastRowid.length * 2];
            long[] times = new long[latestNanos.length * 2];
            for (int i = 0; i < size; i++) {
                rowids[i] = lastRowid[(head + i) % lastRowid.length];
                times[i] = latestNanos[(head + i) % latestNanos.length];
            }
            lastRowid = rowids;
            latestNanos = times;
            head = 0;
        }
    }
}
