package app.trecho.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Which stored idempotency rows each account still needs (its newest {@code keep}, by rowid) and
 * which are dead (older than that), so the writer can delete the dead ones without an index on
 * (account, …), which would cost a page write per account in every commit.
 *
 * <p>Dead rows are deleted oldest first, and only once more than {@code reserve} of them wait. Rows
 * sit in the table in rowid (time) order, interleaved across accounts, and die roughly in that
 * order too; deleting an account's dead rows as soon as they die dirtied one page per row, as each
 * sat among other accounts' rows that were still alive. Waiting until a page's neighbours have died
 * as well lets one page write carry all of them (see STORAGE.md, "Pages written per change").
 *
 * <p>Writer thread only; rebuilt from the table whenever the writer's statements are (after every
 * failed transaction), so it never drifts from what is stored.
 */
final class IdempotencyRows {
    private final int keep;
    private final Map<String, Rowids> alive = new HashMap<>();
    private final PriorityQueue<Long> dead = new PriorityQueue<>();
    private long lastRowid;

    IdempotencyRows(int keep) {
        this.keep = keep;
    }

    /** Reads every stored row's account and rowid. */
    static IdempotencyRows read(Connection c, int keep) throws SQLException {
        IdempotencyRows rows = new IdempotencyRows(keep);
        try (Statement statement = c.createStatement();
                ResultSet stored = statement.executeQuery("SELECT account, rowid FROM idempotency ORDER BY rowid")) {
            while (stored.next()) {
                rows.added(stored.getString(1), stored.getLong(2));
            }
        }
        return rows;
    }

    /** The rowid for the next row: always above every stored one, so rowid order is insertion order. */
    long nextRowid() {
        return lastRowid + 1;
    }

    /** A row stored for {@code account}; its oldest row beyond the newest {@code keep} dies. */
    void added(String account, long rowid) {
        Rowids rowids = alive.computeIfAbsent(account, a -> new Rowids());
        rowids.addLast(rowid);
        if (rowids.size() > keep) {
            dead.add(rowids.removeFirst());
        }
        lastRowid = Math.max(lastRowid, rowid);
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
            oldest[i] = dead.remove();
        }
        return oldest;
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
}
