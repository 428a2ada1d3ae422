package app.trecho.server.store;

import static app.trecho.server.store.Fixtures.account;
import static app.trecho.server.store.Fixtures.hold;
import static app.trecho.server.store.Fixtures.seats;
import static app.trecho.server.store.SqliteStoreRoundTripTest.seat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.server.state.Change;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background checkpointer copies the WAL back while the writer commits, and stops with the store. */
class WalCheckpointerTest {
    @TempDir
    Path dir;

    @Test
    void committedFramesAreCopiedBackLongBeforeTheWritersOwnCheckpoint() throws Exception {
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            store.append(List.of(account("ana"))).join();
            for (int i = 0; i < 200; i++) {
                store.append(List.of(hold("h" + i, "ana", i, seats(segment(i), seat(i % 100)))))
                        .join();
            }
            // 200 small commits are far below the writer's 8,000-page threshold: only the
            // checkpointer copies frames back, and it goes on until it has copied them all.
            awaitTrue(
                    () -> {
                        WalCheckpointer.Round round = store.checkpointer().lastRound();
                        return round != null && round.walFrames() > 0 && round.copiedFrames() == round.walFrames();
                    },
                    () -> "the WAL was not copied back; last round "
                            + store.checkpointer().lastRound());
            assertTrue(store.checkpointer().rounds() > 0);
        }
    }

    @Test
    void appendersRacingTheCheckpointerLoseNothing() throws Exception {
        int threads = 8;
        int atLeast = 100;
        var appended = new AtomicInteger();
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            store.append(List.of(account("ana"))).join();
            long roundsBefore = store.checkpointer().rounds();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            List<Thread> appenders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                appenders.add(Thread.ofPlatform().start(() -> {
                    // Each goes on until the checkpointer has run a few rounds meanwhile.
                    for (int k = 0;
                            k < atLeast
                                    || (store.checkpointer().rounds() < roundsBefore + 3
                                            && System.nanoTime() < deadline);
                            k++) {
                        int i = thread * 100_000 + k;
                        store.append(List.of(hold("h" + i, "ana", k, seats(segment(i), seat(k % 100)))))
                                .join();
                        appended.incrementAndGet();
                    }
                }));
            }
            for (Thread appender : appenders) {
                assertTrue(appender.join(Duration.ofSeconds(90)), "appender finished");
            }
            assertTrue(store.checkpointer().rounds() >= roundsBefore + 3, "checkpoints ran while the appenders did");
        }
        // Reopening runs quick_check on the file the checkpointer wrote into.
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            long holds = store.load().stream()
                    .filter(c -> c instanceof Change.HoldPlaced)
                    .count();
            assertEquals(appended.get(), holds);
        }
    }

    @Test
    void underSteadyWritesTheWriterStartsTheWalOverOnceBackgroundRoundsHaveCopiedMostOfIt() throws Exception {
        // ~4 frames each, at least 2 (the hold's page and its seat's): 120,000 frames at the very least
        int appends = 60_000;
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            WalRestart restart = store.restartWalAt(200);
            // Without SQLite's own checkpoint (32,000 pages) the WAL starts over only by these
            // restarts; otherwise it would grow to hold every frame.
            store.onWriterThread(db -> {
                try (var sql = db.connection().createStatement()) {
                    sql.execute("PRAGMA wal_autocheckpoint = 0");
                }
                return null;
            });
            store.append(List.of(account("ana"))).join();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // Back to back, as under load: a background round never finds the writer idle, so the
            // WAL would only start over at SQLite's own checkpoint (32,000 pages) without restarts.
            for (int i = 0; i < appends || restart.restarts() < 5; i++) {
                assertTrue(System.nanoTime() < deadline, "only " + restart.restarts() + " restarts");
                store.append(List.of(hold("h" + i, "ana", i, seats(segment(i), seat(i % 100)))))
                        .join();
            }
            // How far past the threshold the WAL gets (its file keeps its longest length) depends on
            // how many frames come in while the rounds fsync: ~5,000-11,000 here, 29,292 once in CI.
            long frames = Files.size(dir.resolve(SqliteStore.DATABASE_FILE + "-wal")) / (4_096 + 24);
            assertTrue(frames < 60_000, "the WAL grew to " + frames + " frames: it was not started over");
        }
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            long holds = store.load().stream()
                    .filter(c -> c instanceof Change.HoldPlaced)
                    .count();
            assertTrue(holds >= appends, "every hold is there: " + holds);
        }
    }

    @Test
    void anIdleStoreCostsNoCheckpoints() throws Exception {
        Path file = walDatabase();
        try (var checkpointer =
                new WalCheckpointer(file, Durability.NORMAL, () -> 7L, Duration.ofMillis(1), Long.MAX_VALUE)) {
            awaitTrue(() -> checkpointer.skipped() >= 20, () -> "rounds were not skipped");
            assertEquals(1, checkpointer.rounds(), "one round found the WAL empty; then nothing was committed");
        }
    }

    @Test
    void aCheckpointerThatCannotOpenTheDatabaseTriesAgainLater() throws Exception {
        Path file = dir.resolve("later").resolve(SqliteStore.DATABASE_FILE);
        try (var checkpointer =
                new WalCheckpointer(file, Durability.NORMAL, () -> 1L, Duration.ofMillis(1), Long.MAX_VALUE)) {
            // The database does not exist yet: rounds fail (and never create a stray file) ...
            Files.createDirectories(file.getParent());
            assertEquals(0, checkpointer.rounds());
            // ... until it does.
            try (var store = SqliteStore.open(file.getParent(), Durability.NORMAL)) {
                store.append(List.of(account("ana"))).join();
                awaitTrue(() -> checkpointer.rounds() > 0, () -> "the checkpointer did not try again");
            }
        }
    }

    @Test
    void closingStopsTheThreadAndRemovesTheWal() throws Exception {
        var store = SqliteStore.open(dir, Durability.ALWAYS);
        store.append(List.of(account("ana"))).join();
        WalCheckpointer checkpointer = store.checkpointer();
        assertTrue(checkpointer.running());
        store.close();

        assertFalse(checkpointer.running(), "the checkpointer thread stopped with the store");
        // The last connection to close checkpoints everything and removes the WAL.
        assertFalse(Files.exists(dir.resolve(SqliteStore.DATABASE_FILE + "-wal")), "WAL removed on close");
    }

    /** A closed store's database file: in WAL mode, with an empty WAL. */
    private Path walDatabase() {
        Path data = dir.resolve("idle");
        try (var store = SqliteStore.open(data, Durability.NORMAL)) {
            store.append(List.of(account("ana"))).join();
        }
        return data.resolve(SqliteStore.DATABASE_FILE);
    }

    private static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> failure) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, failure);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private static String segment(int i) {
        return "TR%04d-2026-11-27".formatted(1000 + i / 100);
    }
}
