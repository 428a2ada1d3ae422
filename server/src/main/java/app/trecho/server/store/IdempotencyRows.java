package app.trecho.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Which stored idempotency rows belong to which account, oldest first, so an account can be trimmed
 * to its newest results by rowid. An index on (account, …) would do the same but costs a page write
 * per account in every commit, the largest single cost of storing a result. Writer thread only;
 * rebuilt from the table whenever the writer's statements are (after every failed transaction), so
 * it never drifts from what is stored.
 */
final class IdempotencyRows {
    private final Map<String, ArrayDeque<Long>> byAccount = new HashMap<>();
    private long lastRowid;

    /** Reads every stored row's account and rowid. */
    static IdempotencyRows read(Connection c) throws SQLException {
        IdempotencyRows rows = new IdempotencyRows();
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

    void added(String account, long rowid) {
        byAccount.computeIfAbsent(account, a -> new ArrayDeque<>()).addLast(rowid);
        lastRowid = Math.max(lastRowid, rowid);
    }

    /**
     * Once {@code account} has {@code keep + slack} rows, forgets and returns the rowids of its oldest
     * rows beyond the newest {@code keep} (to delete in the same transaction); else an empty array.
     * Rows already deleted by age come out first and deleting them again changes nothing.
     */
    long[] trim(String account, int keep, int slack) {
        ArrayDeque<Long> rowids = byAccount.get(account);
        if (rowids == null || rowids.size() < keep + slack) {
            return new long[0];
        }
        long[] oldest = new long[rowids.size() - keep];
        for (int i = 0; i < oldest.length; i++) {
            oldest[i] = rowids.removeFirst();
        }
        return oldest;
    }
}
