package app.trecho.server.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IdempotencyRowsTest {
    @Test
    void rowsBeyondAnAccountsNewestDieAndAreSweptOldestFirstBeyondTheReserve() {
        var rows = new IdempotencyRows(2);
        // ana: 1, 3, 5, 7, 8 — bia: 2, 4, 6. ana's 1, 3, 5 and bia's 2 are beyond the newest two.
        long[][] added = {{1, 0}, {2, 1}, {3, 0}, {4, 1}, {5, 0}, {6, 1}, {7, 0}, {8, 0}};
        for (long[] row : added) {
            rows.added(row[1] == 0 ? "ana" : "bia", row[0]);
        }
        assertEquals(9, rows.nextRowid());
        assertArrayEquals(new long[] {1, 2}, rows.sweep(2), "oldest first, across accounts");
        assertArrayEquals(new long[0], rows.sweep(2), "the reserve waits");
        assertArrayEquals(new long[] {3, 5}, rows.sweep(0));
    }

    @Test
    void anAccountWithinItsNewestHasNothingToSweep() {
        var rows = new IdempotencyRows(3);
        rows.added("ana", 10);
        rows.added("ana", 11);
        rows.added("ana", 12);
        assertArrayEquals(new long[0], rows.sweep(0));
        assertEquals(13, rows.nextRowid());
    }

    @Test
    void anAccountKeepsExactlyItsNewestRowsAcrossManyMoreThanFitAtFirst() {
        var rows = new IdempotencyRows(20);
        for (long rowid = 1; rowid <= 100; rowid++) {
            rows.added(rowid % 3 == 0 ? "bia" : "ana", rowid); // two accounts' rows wrap their rings
        }
        // ana has 67 rows and keeps its newest 20, bia 33 and keeps 20: their oldest 47 and 13 die
        long[] ana = java.util.stream.LongStream.rangeClosed(1, 100)
                .filter(r -> r % 3 != 0)
                .limit(47)
                .toArray();
        long[] bia = java.util.stream.LongStream.rangeClosed(1, 100)
                .filter(r -> r % 3 == 0)
                .limit(13)
                .toArray();
        long[] expected = java.util.stream.LongStream.concat(java.util.Arrays.stream(ana), java.util.Arrays.stream(bia))
                .sorted()
                .toArray();
        assertArrayEquals(expected, rows.sweep(0), "oldest first");
        assertArrayEquals(new long[0], rows.sweep(0));
    }
}
