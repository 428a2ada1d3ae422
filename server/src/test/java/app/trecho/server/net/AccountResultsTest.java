package app.trecho.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountResultsTest {
    @Test
    void findsEveryKeyAndKeepsAgeOrderAcrossGrowthRemovalsAndReplacement() {
        var table = new AccountResults();
        List<RememberedResult> added = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            var r = result("key-" + i, i);
            table.add(r);
            added.add(r);
        }
        assertEquals(1_000, table.size());
        for (int i = 0; i < 1_000; i++) {
            assertSame(added.get(i), table.get(IdempotencyCache.digest("key-" + i)));
        }
        assertNull(table.get(IdempotencyCache.digest("key-1000")));

        table.remove(added.get(0)); // the oldest
        table.remove(added.get(500)); // one in the middle
        table.remove(added.get(999)); // the newest
        table.remove(added.get(500)); // gone already: nothing happens
        assertEquals(997, table.size());
        assertNull(table.get(IdempotencyCache.digest("key-500")));

        var again = result("key-7", 2_000); // the same key again replaces the old entry, as the newest
        table.add(again);
        assertEquals(997, table.size());
        assertSame(again, table.get(IdempotencyCache.digest("key-7")));

        List<Long> ages = new ArrayList<>();
        for (RememberedResult r = table.oldest(); r != null; r = AccountResults.newer(r)) {
            ages.add(r.atMillis);
        }
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i < 999; i++) {
            if (i != 500 && i != 7) {
                expected.add(i);
            }
        }
        expected.add(2_000L);
        assertEquals(expected, ages, "oldest first, without the removed and the replaced");
    }

    private static RememberedResult result(String key, long atMillis) {
        return new RememberedResult(IdempotencyCache.digest(key), IdempotencyCache.digest("request"), atMillis);
    }
}
