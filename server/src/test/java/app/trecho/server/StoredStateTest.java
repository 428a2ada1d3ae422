package app.trecho.server;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.server.account.Accounts;
import app.trecho.server.booking.BookingCore;
import app.trecho.server.booking.SampleNetwork;
import app.trecho.server.state.Change;
import app.trecho.server.store.Durability;
import app.trecho.server.store.SqliteStore;
import app.trecho.server.store.StoreException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memory rebuilt from the store after a failed write, when the rebuild itself fails. */
class StoredStateTest {
    private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aReloadThatCannotRebuildMemoryLeavesTheStoreRefusingAppends() {
        InstantSource clock = InstantSource.fixed(T0);
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            // a live hold on a segment the running network does not fly: memory cannot take it
            store.append(List.of(
                            new Change.AccountCreated(
                                    "ana", "PBKDF2WithHmacSHA256", 1000, new byte[] {1}, new byte[] {2}, T0),
                            new Change.HoldPlaced(
                                    "h1",
                                    "ana",
                                    1,
                                    100,
                                    T0,
                                    T0.plusSeconds(600),
                                    List.of(new Change.SegmentSeats("XX9999-2026-11-27", List.of("1A"))))))
                    .join();
            var unknown = store.append(List.of(new Change.BookingCancelled("NOPE", "ana", T0)));
            assertThrows(CompletionException.class, unknown::join);
            assertTrue(store.needsReload(), "a failed write asks for a reload");

            BookingCore core = new BookingCore(
                    SampleNetwork.create(LocalDate.of(2026, 11, 27)), clock, Duration.ofMinutes(10), store);
            Accounts accounts = new Accounts(clock, new SecureRandom(), 1000, store);
            var state = new StoredState(store, core, accounts);

            assertThrows(StoreException.class, state::reload);
            assertTrue(store.needsReload(), "memory was not rebuilt: the store must still refuse appends");
            var refused = store.append(List.of(new Change.SessionOpened("hash-ana", "ana", T0)));
            assertThrows(CompletionException.class, refused::join);
        }
    }
}
