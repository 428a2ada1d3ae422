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
            rows.added(row[1] == 0 ? "ana" : "bia", row[0], row[0]);
        }
        assertEquals(9, rows.nextRowid());
        assertArrayEquals(new long[] {1, 2}, rows.sweep(2), "oldest first, across accounts");
        assertArrayEquals(new long[0], rows.sweep(2), "the reserve waits");
        assertArrayEquals(new long[] {3, 5}, rows.sweep(0));
    }

    @Test
    void anAccountWithinItsNewestHasNothingToSweep() {
        var rows = new IdempotencyRows(3);
        rows.added("ana", 10, 10);
        rows.added("ana", 11, 11);
        rows.added("ana", 12, 12);
        assertArrayEquals(new long[0], rows.sweep(0));
        assertEquals(13, rows.nextRowid());
    }

    @Test
    void anAccountKeepsExactlyItsNewestRowsAcrossManyMoreThanFitAtFirst() {
        var rows = new IdempotencyRows(20);
        for (long rowid = 1; rowid <= 100; rowid++) {
            rows.added(rowid % 3 == 0 ? "bia" : "ana", rowid, rowid); // two accounts' rows wrap their rings
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

    @Test
    void deadRowsComeOutSmallestFirstWhateverOrderTheyDiedIn() {
        // many accounts dying out of rowid order, against a sorted model
        var rows = new IdempotencyRows(1);
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        java.util.PriorityQueue<Long> model = new java.util.PriorityQueue<>();
        java.util.Map<String, Long> newest = new java.util.HashMap<>();
        for (long rowid = 1; rowid <= 50_000; rowid++) {
            String account = "acct-" + random.nextInt(300);
            Long before = newest.put(account, rowid);
            if (before != null) {
                model.add(before);
            }
            rows.added(account, rowid, rowid);
            if (random.nextInt(100) == 0) {
                int reserve = random.nextInt(200);
                long[] swept = rows.sweep(reserve);
                long[] expected = new long[Math.max(0, model.size() - reserve)];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = model.remove();
                }
                assertArrayEquals(expected, swept, "at rowid " + rowid);
            }
        }
    }

    @Test
    void sweptRowsGoAsRunsOfConsecutiveRowidsAndALiveRowSplitsThem() {
        assertArrayEquals(new long[0], IdempotencyRows.runs(new long[0]));
        assertArrayEquals(new long[] {7, 7}, IdempotencyRows.runs(new long[] {7}));
        assertArrayEquals(
                new long[] {1, 3, 5, 5, 9, 10},
                IdempotencyRows.runs(new long[] {1, 2, 3, 5, 9, 10}),
                "4 and 6 to 8 are alive (or another's): no range covers them");
    }

    @Test
    void expiredRowsAreAPrefixOfRowidsAndALaterRowAmongThemHoldsBackTheRest() {
        long second = 1_000_000_000L;
        var rows = new IdempotencyRows(1_000);
        rows.added("ana", 1, 10 * second);
        rows.added("ana", 2, 10 * second + 5); // the same second: one stretch with row 1
        rows.added("ana", 3, 11 * second);
        rows.added("ana", 4, 30 * second); // decided late (or the clock stepped back after it)
        rows.added("ana", 5, 12 * second);
        rows.added("ana", 6, 31 * second);

        assertEquals(0, rows.expiredThrough(10 * second), "nothing was decided before 10 s");
        assertEquals(2, rows.expiredThrough(11 * second), "rows 1 and 2, decided at 10 s");
        assertEquals(3, rows.expiredThrough(20 * second), "row 4 holds back row 5");
        assertEquals(0, rows.expiredThrough(20 * second), "forgotten once returned");
        assertEquals(5, rows.expiredThrough(30 * second + 1));
        assertEquals(6, rows.expiredThrough(Long.MAX_VALUE));
    }
}
