package app.trecho.server.store;

import static app.trecho.server.store.Fixtures.account;
import static app.trecho.server.store.Fixtures.at;
import static app.trecho.server.store.Fixtures.hold;
import static app.trecho.server.store.Fixtures.idempotent;
import static app.trecho.server.store.Fixtures.purchase;
import static app.trecho.server.store.Fixtures.released;
import static app.trecho.server.store.Fixtures.render;
import static app.trecho.server.store.Fixtures.seats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.server.state.Change;
import app.trecho.server.state.StorageException;
import app.trecho.server.state.StoredRow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreRoundTripTest {
    private static final String A = "TR1201-2026-11-27";
    private static final String B = "TR1305-2026-11-27";

    @TempDir
    Path dir;

    @Test
    void everyKindOfStateSurvivesAReopen() {
        var ana = account("ana");
        var bia = account("bia");
        var h1 = hold("h1", "ana", 1, seats(A, "1A", "1B"), seats(B, "4C", "4D"));
        var h2 = hold("h2", "bia", 2, seats(A, "2A"));
        var h3 = hold("h3", "bia", 3, seats(A, "2B"));
        var h4 = hold("h4", "ana", 4, seats(A, "3A"));
        var h5 = hold("h5", "ana", 5, seats(B, "5A"));
        var bought = purchase("ABCDEF", "ana", 6, "h4", "h5");
        var h6 = hold("h6", "bia", 7, seats(A, "2A"));
        var boughtAndCancelled = purchase("BCDEFG", "bia", 8, "h6");
        var cancel = new Change.BookingCancelled("BCDEFG", "bia", at(9));
        var h7 = hold("h7", "ana", 10, seats(A, "2A"));
        var anaSession = new Change.SessionOpened("hash-ana", "ana", at(0));
        var k1 = idempotent("ana", "key-ana-0001", 11);
        var k2 = idempotent("bia", "key-bia-0001", 12);

        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            appendEach(
                    store,
                    List.of(ana, anaSession),
                    List.of(bia, new Change.SessionOpened("hash-bia", "bia", at(0))),
                    List.of(new Change.SessionClosed("hash-bia", at(1))),
                    List.of(h1),
                    List.of(h2, released("h2", "bia", 3)),
                    List.of(h3, new Change.HoldReleased("h3", "bia", Change.ReleaseReason.EXPIRED, at(4))),
                    List.of(h4),
                    List.of(h5),
                    List.of(bought, k1),
                    List.of(h6, boughtAndCancelled),
                    List.of(cancel, k2),
                    List.of(h7));
        }

        try (var reopened = SqliteStore.open(dir, Durability.NORMAL)) {
            assertEquals(
                    render(List.of(
                            ana,
                            bia,
                            anaSession,
                            h4,
                            h5,
                            bought,
                            // a cancelled booking loads as its reference: never issued again
                            new Change.ReferencesRetired("BCDEFG"),
                            h1,
                            h7,
                            // results load without their text: a retry reads it from the store
                            Fixtures.withoutResponse(k1),
                            Fixtures.withoutResponse(k2))),
                    render(reopened.load()));
            assertEquals(Optional.of(k1.response()), reopened.response(k1.row().get(), "ana", "key-ana-0001"));
        }
    }

    @Test
    void aStoredResultIsReadBackByItsRowForItsOwnAccountAndKeyOnly() {
        var k1 = idempotent("ana", "key-ana-0001", 1);
        var k2 = idempotent("ana", "key-ana-0002", 2);
        var k3 = idempotent("bia", "key-bia-0001", 3);
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            assertEquals(StoredRow.NONE, k1.row().get(), "no row before the writer stores it");
            appendEach(store, List.of(account("ana"), k1), List.of(k2, k3));
            long row = k1.row().get();
            assertTrue(
                    row > 0 && k2.row().get() > row && k3.row().get() > k2.row().get(), "rows in append order");
            assertEquals(Optional.of(k1.response()), store.response(row, "ana", "key-ana-0001"));
            assertEquals(Optional.of(k3.response()), store.response(k3.row().get(), "bia", "key-bia-0001"));
            assertEquals(Optional.empty(), store.response(row, "ana", "key-ana-0002"), "another key's row");
            assertEquals(Optional.empty(), store.response(row, "bia", "key-ana-0001"), "another account's row");
            assertEquals(Optional.empty(), store.response(row + 100, "ana", "key-ana-0001"), "no such row");
        }
        try (var reopened = SqliteStore.open(dir, Durability.NORMAL)) {
            Map<String, Long> rows = new HashMap<>();
            for (Change c : reopened.load()) {
                if (c instanceof Change.IdempotencyRecorded r) {
                    rows.put(r.key(), r.row().get());
                }
            }
            assertEquals(
                    Map.of(
                            "key-ana-0001",
                            k1.row().get(),
                            "key-ana-0002",
                            k2.row().get(),
                            "key-bia-0001",
                            k3.row().get()),
                    rows,
                    "loaded results carry their rows");
            assertEquals(Optional.of(k2.response()), reopened.response(k2.row().get(), "ana", "key-ana-0002"));
        }
    }

    @Test
    void theServerReadsTheStateWithoutResultsThenTheResultsOneAtATimeAsLoadListsThem() {
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            appendEach(
                    store,
                    List.of(account("ana"), idempotent("ana", "key-ana-0001", 1)),
                    List.of(
                            account("bia"),
                            idempotent("bia", "key-bia-0001", 2),
                            idempotent("ana", "key-ana-0002", 3)));
            List<Change> all = store.load();
            List<Change> results = new ArrayList<>();
            store.loadResults(results::add);

            assertEquals(
                    render(all.stream()
                            .filter(c -> !(c instanceof Change.IdempotencyRecorded))
                            .toList()),
                    render(store.loadState()),
                    "the state alone, in load()'s order");
            assertEquals(
                    render(all.stream()
                            .filter(c -> c instanceof Change.IdempotencyRecorded)
                            .toList()),
                    render(results),
                    "every result, oldest first");
            assertEquals(3, results.size());
        }
    }

    @Test
    void readingTheResultsNeitherEndsAFailedStateNorHidesWhatTheirReaderThrew() {
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            appendEach(store, List.of(account("ana"), idempotent("ana", "key-ana-0001", 1)));
            var unknown = store.append(List.of(new Change.BookingCancelled("NOPE", "ana", at(2))));
            assertTrue(assertThrows(CompletionException.class, unknown::join).getCause() instanceof StorageException);

            store.loadResults(r -> {});
            assertTrue(store.needsReload(), "only loadState() ends the failed state: the state must be rebuilt");

            var refused = new IllegalStateException("the cache cannot take it");
            assertSame(
                    refused,
                    assertThrows(
                            IllegalStateException.class,
                            () -> store.loadResults(r -> {
                                throw refused;
                            })));
            assertThrows(
                    IllegalStateException.class,
                    () -> store.loadResults(r -> store.network()),
                    "the reader runs on the writer thread and may not use the store");

            assertEquals(1, store.loadState().size(), "the account");
            assertFalse(store.needsReload());
            appendEach(store, List.of(idempotent("ana", "key-ana-0002", 3)));
            List<Change> results = new ArrayList<>();
            store.loadResults(results::add);
            assertEquals(2, results.size(), "the store works on after a reader that threw");
        }
    }

    @Test
    void loadedChangesReplayIntoAnEmptyStoreAndLoadTheSame() {
        List<Change> loaded;
        try (var store = SqliteStore.open(dir.resolve("first"), Durability.NORMAL)) {
            // A seat that changed hands three times: only its live hold is loaded, the bookings that
            // held it before come back as their references.
            appendEach(
                    store,
                    List.of(account("ana"), account("bia")),
                    List.of(hold("h1", "ana", 1, seats(A, "7C"))),
                    List.of(purchase("CDEFGH", "ana", 2, "h1")),
                    List.of(new Change.BookingCancelled("CDEFGH", "ana", at(3))),
                    List.of(hold("h2", "bia", 4, seats(A, "7C"))),
                    List.of(purchase("DEFGHJ", "bia", 5, "h2")),
                    List.of(new Change.BookingCancelled("DEFGHJ", "bia", at(6))),
                    List.of(hold("h3", "ana", 7, seats(A, "7C"))));
            loaded = store.load();
        }
        assertEquals(
                List.of("CDEFGH", "DEFGHJ"),
                loaded.stream()
                        .filter(c -> c instanceof Change.ReferencesRetired)
                        .<String>mapMulti((c, out) -> ((Change.ReferencesRetired) c).forEach(out))
                        .toList(),
                "the cancelled bookings, as their references alone");
        List<Change> state = loaded.stream()
                .filter(c -> !(c instanceof Change.ReferencesRetired))
                .toList();
        try (var copy = SqliteStore.open(dir.resolve("second"), Durability.NORMAL)) {
            copy.append(state).join();
            assertEquals(render(state), render(copy.load()));
        }
    }

    @Test
    void aSeatInTwoLiveHoldsIsRefusedByTheStoreAsASecondLineOfDefence() {
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            store.append(List.of(account("ana"), hold("h1", "ana", 1, seats(A, "9F"))))
                    .join();
            var second = store.append(List.of(hold("h2", "ana", 2, seats(A, "9F"))));

            var thrown = assertThrows(CompletionException.class, second::join);
            assertTrue(thrown.getCause() instanceof StorageException, thrown.toString());
            assertTrue(store.needsReload());
            assertEquals(2, store.load().size(), "account and the first hold only");
        }
    }

    @Test
    void liveBookingsAreFoundByReferenceAfterAFailedTransactionAndWithinOne() {
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            store.append(List.of(account("ana"), hold("h1", "ana", 1, seats(A, "1A")), purchase("R1", "ana", 2, "h1")))
                    .join();
            var unknown = store.append(List.of(new Change.BookingCancelled("NOPE", "ana", at(3))));
            assertTrue(assertThrows(CompletionException.class, unknown::join).getCause() instanceof StorageException);
            store.load(); // as the server reloads after a failed transaction

            // the writer's map of live bookings was read again: R1 is still there to cancel
            store.append(List.of(new Change.BookingCancelled("R1", "ana", at(4))))
                    .join();
            // bought and cancelled in one transaction
            store.append(List.of(
                            hold("h2", "ana", 5, seats(A, "1A")),
                            purchase("R2", "ana", 6, "h2"),
                            new Change.BookingCancelled("R2", "ana", at(7))))
                    .join();

            List<String> cancelled = store.load().stream()
                    .filter(c -> c instanceof Change.ReferencesRetired)
                    .<String>mapMulti((c, out) -> ((Change.ReferencesRetired) c).forEach(out))
                    .toList();
            assertEquals(List.of("R1", "R2"), cancelled);
            var again = store.append(List.of(new Change.BookingCancelled("R2", "ana", at(8))));
            assertTrue(assertThrows(CompletionException.class, again::join).getCause() instanceof StorageException);
        }
    }

    @Test
    void closeCommitsEverythingAppendedBeforeIt() {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            futures.add(store.append(List.of(account("ana"))));
            for (int i = 0; i < 500; i++) {
                futures.add(store.append(List.of(hold("h" + i, "ana", i, seats(A, seat(i))))));
            }
        }
        futures.forEach(CompletableFuture::join);
        try (var reopened = SqliteStore.open(dir, Durability.NORMAL)) {
            assertEquals(501, reopened.load().size());
        }
    }

    @Test
    void appendAfterCloseFailsWithStorageException() {
        var store = SqliteStore.open(dir, Durability.NORMAL);
        store.close();
        var thrown = assertThrows(
                CompletionException.class,
                () -> store.append(List.of(account("ana"))).join());
        assertTrue(thrown.getCause() instanceof StorageException, thrown.toString());
    }

    @Test
    void anEmptyAppendCompletesOnlyAfterTheChangesBeforeIt() {
        try (var store = SqliteStore.open(dir, Durability.ALWAYS)) {
            var first = store.append(List.of(account("ana")));
            store.append(List.of()).join();
            assertTrue(first.isDone() && !first.isCompletedExceptionally());
        }
    }

    @Test
    void idempotencyResultsOlderThanADayOrBeyondAThousandPerAccountArePruned() {
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            store.append(List.of(idempotent("ana", "old-key-0001", 0))).join();
            List<Change> many = new ArrayList<>();
            for (int i = 0; i < 1_005; i++) {
                many.add(idempotent("bia", "bia-key-%04d".formatted(i), 100 + i));
            }
            store.append(many).join();
            // a day (and the store's hour of slack) later
            var dayLater = idempotent("cid", "cid-key-0001", 25 * 3600 + 1);
            store.append(List.of(dayLater)).join();

            List<String> keys = storedKeys(store);
            assertEquals(1_001, keys.size(), "1,000 for bia and cid's one; ana's is over a day old");
            assertEquals("bia-key-0005", keys.getFirst(), "bia's five oldest are evicted");
            assertEquals("cid-key-0001", keys.getLast());
        }
    }

    @Test
    void anAccountsRowsBeyondItsNewestThousandStayReadableForTheMargin() {
        // The edge counts an account's newest 1,000 keys in claim order, the store in commit order;
        // the margin keeps the rows of keys the edge may still remember when the two differ.
        List<Change.IdempotencyRecorded> ana = new ArrayList<>();
        for (int i = 0; i < 1_300; i++) {
            ana.add(idempotent("ana", "ana-key-%05d".formatted(i), i));
        }
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            store.append(new ArrayList<>(ana)).join();
            // bia's dead rows, newer than all of ana's, push ana's dead ones beyond the reserve
            appendResults(store, "bia", 0, 1_300 + ChangeWriter.DEAD_RESERVE + 100);
            int alive = ChangeWriter.IDEMPOTENCY_PER_ACCOUNT + ChangeWriter.IDEMPOTENCY_MARGIN;
            var newest1001st = ana.get(ana.size() - 1_001);
            var oldestAlive = ana.get(ana.size() - alive);
            var newestDead = ana.get(ana.size() - alive - 1);
            assertEquals(
                    Optional.of(newest1001st.response()),
                    store.response(newest1001st.row().get(), "ana", newest1001st.key()),
                    "the first beyond the 1,000 the edge remembers");
            assertEquals(
                    Optional.of(oldestAlive.response()),
                    store.response(oldestAlive.row().get(), "ana", oldestAlive.key()));
            assertEquals(
                    Optional.empty(),
                    store.response(newestDead.row().get(), "ana", newestDead.key()),
                    "beyond the margin: dead, and swept");
            assertEquals(ChangeWriter.IDEMPOTENCY_PER_ACCOUNT, storedResultsLoaded(store, "ana"));
        }
    }

    private static long storedResultsLoaded(SqliteStore store, String account) {
        return storedKeys(store).stream().filter(k -> k.startsWith(account)).count();
    }

    @Test
    void resultsAreKeptLongerWhenTheServerPromisesLonger() {
        // a hold TTL of 48 h makes the server keep idempotency results 48 h (PROTOCOL.md section 7)
        try (var store = SqliteStore.open(dir, Durability.NORMAL, Duration.ofHours(48))) {
            List<String> stored = new ArrayList<>();
            for (int hours : new int[] {0, 30, 48, 49}) {
                String key = "key-%03d-h".formatted(hours);
                store.append(List.of(idempotent("ana", key, hours * 3600 + (hours > 30 ? 1 : 0))))
                        .join();
                stored.add(key);
                if (hours == 49) {
                    stored.removeFirst(); // past 48 h and the store's hour of slack it goes
                }
                // 30 h old is within 48 h; just past 48 h it stays for the slack: the edge ages
                // results from a little later
                assertEquals(stored, storedKeys(store), "after the result at " + hours + " h");
            }
        }
    }

    @Test
    void aKeyRecordedAgainLoadsBothResultsOldestFirstSoTheNewestWins() {
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            store.append(List.of(idempotent("ana", "ana-key-0001", 1))).join();
            store.append(List.of(idempotent("ana", "ana-key-0001", 2))).join();

            List<Instant> times = store.load().stream()
                    .map(c -> ((Change.IdempotencyRecorded) c).at())
                    .toList();
            assertEquals(List.of(at(1), at(2)), times);
        }
    }

    @Test
    void deadResultsAreDeletedOldestFirstBeyondTheReserveAlsoAfterAReopen() throws Exception {
        int keep = ChangeWriter.IDEMPOTENCY_PER_ACCOUNT + ChangeWriter.IDEMPOTENCY_MARGIN; // rows alive
        int reserve = ChangeWriter.DEAD_RESERVE;
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            appendResults(store, "bia", 0, keep + reserve + 100);
            store.append(List.of(idempotent("cid", "cid-key-0001", 1))).join();
            assertEquals(keep + reserve, storedResults(store, "bia"), "the 100 oldest dead are gone");
            assertEquals("bia-key-0100", oldestStoredKey(store, "bia"));
            assertEquals(1, storedResults(store, "cid"));
        }
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) { // the writer re-reads what is stored
            appendResults(store, "bia", keep + reserve + 100, keep + reserve + 300);
            assertEquals(keep + reserve, storedResults(store, "bia"));
            assertEquals("bia-key-0300", oldestStoredKey(store, "bia"));
            List<String> keys = store.load().stream()
                    .map(c -> ((Change.IdempotencyRecorded) c).key())
                    .filter(k -> k.startsWith("bia"))
                    .toList();
            assertEquals(ChangeWriter.IDEMPOTENCY_PER_ACCOUNT, keys.size(), "the margin and the dead are not loaded");
            assertEquals("bia-key-%04d".formatted(keep + reserve + 299), keys.getLast(), "the newest are kept");
        }
    }

    @Test
    void sweepingDeadRowsInRangesSparesTheLiveRowsAmongThem() throws Exception {
        // ana's few rows stay alive among bia's, which die in long runs around them
        int keep = ChangeWriter.IDEMPOTENCY_PER_ACCOUNT + ChangeWriter.IDEMPOTENCY_MARGIN;
        int bias = keep + ChangeWriter.DEAD_RESERVE + 1_000;
        List<String> anas = new ArrayList<>();
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            for (int first = 0; first < bias; first += 100) {
                List<Change> batch = new ArrayList<>();
                for (int i = first; i < Math.min(bias, first + 100); i++) {
                    batch.add(idempotent("bia", "bia-key-%05d".formatted(i), i));
                    if (i % 97 == 0 && i < 1_000) { // within bia's oldest, which are swept
                        String key = "ana-key-%05d".formatted(i);
                        batch.add(idempotent("ana", key, i));
                        anas.add(key);
                    }
                }
                store.append(batch).join();
            }
            assertEquals(keep + ChangeWriter.DEAD_RESERVE, storedResults(store, "bia"), "the oldest 1,000 are gone");
            assertEquals("bia-key-01000", oldestStoredKey(store, "bia"));
            assertEquals(
                    anas,
                    storedKeys(store).stream().filter(k -> k.startsWith("ana")).toList());
        }
    }

    /** Results {@code from} (inclusive) to {@code to}, 100 to a transaction. */
    private static void appendResults(SqliteStore store, String account, int from, int to) {
        for (int first = from; first < to; first += 100) {
            List<Change> batch = new ArrayList<>();
            for (int i = first; i < Math.min(to, first + 100); i++) {
                batch.add(idempotent(account, account + "-key-%04d".formatted(i), i));
            }
            store.append(batch).join();
        }
    }

    private static String oldestStoredKey(SqliteStore store, String account) throws Exception {
        return store.onWriterThread(db -> {
            try (var statement = db.connection()
                    .prepareStatement("SELECT key FROM idempotency WHERE account = ? ORDER BY rowid LIMIT 1")) {
                statement.setString(1, account);
                try (var rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getString(1);
                }
            }
        });
    }

    private static int storedResults(SqliteStore store, String account) throws Exception {
        return store.onWriterThread(db -> {
            try (var statement =
                    db.connection().prepareStatement("SELECT count(*) FROM idempotency WHERE account = ?")) {
                statement.setString(1, account);
                try (var rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
    }

    @Test
    void loadReturnsTheNewestThousandResultsOfAnAccountInStoredOrderEvenIfTheClockSteppedBack() {
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            List<Change> thousand = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                thousand.add(idempotent("bia", "bia-key-%04d".formatted(i), i));
            }
            store.append(thousand).join();
            // dead but within the reserve: still on disk; and stamped before the first thousand, as
            // after the clock stepped back: newest is what was stored last, not what says so
            for (int i = 1_000; i < 1_010; i++) {
                store.append(List.of(idempotent("bia", "bia-key-%04d".formatted(i), i - 2_000)))
                        .join();
            }

            List<String> keys = storedKeys(store);
            assertEquals(1_000, keys.size());
            assertEquals("bia-key-0010", keys.getFirst());
            assertEquals("bia-key-1009", keys.getLast());
        }
    }

    static String seat(int i) {
        return (i / 10 + 1) + String.valueOf((char) ('A' + i % 10));
    }

    /** The keys of the stored idempotency results (the store holds nothing else in these tests). */
    private static List<String> storedKeys(SqliteStore store) {
        return store.load().stream()
                .map(c -> ((Change.IdempotencyRecorded) c).key())
                .toList();
    }

    @SafeVarargs
    static void appendEach(SqliteStore store, List<Change>... batches) {
        for (List<Change> batch : batches) {
            store.append(batch).join();
        }
    }
}
