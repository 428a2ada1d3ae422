package app.trecho.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.server.state.StoredRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AccountResultsTest {
    private static final long[] REQUEST = IdempotencyCache.digest("request");

    @Test
    void findsEveryKeyAndKeepsAgeOrderAcrossGrowthRemovalsAndReplacement() {
        var table = new AccountResults();
        List<Long> added = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            added.add(add(table, "key-" + i, i));
        }
        assertEquals(1_000, table.size());
        for (int i = 0; i < 1_000; i++) {
            assertEquals(added.get(i), table.find(IdempotencyCache.digest("key-" + i)));
        }
        assertEquals(AccountResults.NONE, table.find(IdempotencyCache.digest("key-1000")));

        table.remove(added.get(0)); // the oldest
        table.remove(added.get(500)); // one in the middle
        table.remove(added.get(999)); // the newest
        table.remove(added.get(500)); // gone already: nothing happens
        assertEquals(997, table.size());
        assertEquals(AccountResults.NONE, table.find(IdempotencyCache.digest("key-500")));
        assertFalse(table.has(added.get(500)));

        long again = add(table, "key-7", 2_000); // the same key again replaces the old entry, as the newest
        assertEquals(997, table.size());
        assertEquals(again, table.find(IdempotencyCache.digest("key-7")));
        assertFalse(table.has(added.get(7)), "the replaced result is gone");

        List<Long> expected = new ArrayList<>();
        for (long i = 1; i < 999; i++) {
            if (i != 500 && i != 7) {
                expected.add(i);
            }
        }
        expected.add(2_000L);
        assertEquals(expected, ages(table), "oldest first, without the removed and the replaced");
    }

    @Test
    void aRunInFlightThenItsEndAreWhatTheSlotHolds() {
        var table = new AccountResults();
        var running = new AccountResults.Run() {};
        long seq = table.add(IdempotencyCache.digest("k"), REQUEST, 5, running, null, StoredRow.NONE);
        assertSame(running, table.running(seq));
        assertNull(table.response(seq));
        assertTrue(table.sameRequest(seq, REQUEST));
        assertFalse(table.sameRequest(seq, IdempotencyCache.digest("other request")));

        table.ended(seq, 9, null, 42);
        assertNull(table.running(seq));
        assertNull(table.response(seq), "stored: not kept");
        assertEquals(42, table.row(seq));
        assertEquals(9, table.atMillis(seq));

        long kept = table.add(IdempotencyCache.digest("m"), REQUEST, 10, null, "the answer", StoredRow.NONE);
        assertEquals("the answer", table.response(kept));
    }

    @Test
    void randomAddsReplacementsAndRemovalsAgreeWithASimpleModel() {
        var table = new AccountResults();
        Map<String, Long> model = new LinkedHashMap<>(); // key -> its time (unique), oldest first
        SplittableRandom random = new SplittableRandom(7);
        for (int step = 0; step < 200_000; step++) {
            String key = "key-" + random.nextInt(3_000);
            int op = random.nextInt(10);
            if (op < 5) {
                add(table, key, step);
                model.remove(key);
                model.put(key, (long) step);
            } else if (op < 8) {
                if (model.remove(key) != null) {
                    table.remove(table.find(IdempotencyCache.digest(key)));
                }
            } else if (!model.isEmpty()) { // evict the oldest, as the cache does
                var oldest = model.entrySet().iterator().next();
                assertEquals(oldest.getValue().longValue(), table.atMillis(table.oldest()));
                table.remove(table.oldest());
                model.remove(oldest.getKey());
            }
            String probe = "key-" + random.nextInt(3_000);
            long found = table.find(IdempotencyCache.digest(probe));
            assertEquals(model.get(probe), found == AccountResults.NONE ? null : table.atMillis(found));
            assertEquals(model.size(), table.size());
        }
        assertEquals(List.copyOf(model.values()), ages(table), "age order survives it all");
    }

    @Test
    void claimsAbandonedBehindAnOlderResultDoNotGrowTheRing() {
        var table = new AccountResults();
        add(table, "old", 1); // stays at the head: it is neither expired nor over the bound
        for (int i = 0; i < 100_000; i++) {
            long seq = add(table, "attempt-" + i, 2);
            table.remove(seq); // a claim abandoned (the store refused), as a retrying client makes many
        }
        assertEquals(1, table.size());
        assertTrue(table.slots() <= 16, "holes are compacted away, not grown into: " + table.slots());
        assertEquals(1, table.atMillis(table.find(IdempotencyCache.digest("old"))));
    }

    private static long add(AccountResults table, String key, long atMillis) {
        return table.add(IdempotencyCache.digest(key), REQUEST, atMillis, null, null, 1);
    }

    private static List<Long> ages(AccountResults table) {
        List<Long> ages = new ArrayList<>();
        for (long seq = table.oldest(); seq != AccountResults.NONE; seq = table.newer(seq)) {
            ages.add(table.atMillis(seq));
        }
        return ages;
    }
}
