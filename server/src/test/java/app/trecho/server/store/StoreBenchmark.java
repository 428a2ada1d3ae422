package app.trecho.server.store;

import app.trecho.server.state.Change;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Not a test (never run in CI): durable hold+purchase pairs per second at 1, 16 and 100
 * concurrent appenders for each durability, and start-up time with 100k bookings. Each pair is
 * two appends waited on one after the other, as a client's hold.create then cart.purchase: {@code
 * [HoldPlaced, IdempotencyRecorded]} then {@code [Purchased, IdempotencyRecorded]}. The command is
 * in server/STORAGE.md.
 */
public final class StoreBenchmark {
    private static final Instant T = Instant.parse("2026-11-27T10:15:00Z");
    private static final Duration WARM_UP = Duration.ofSeconds(1);
    private static final Duration MEASURE = Duration.ofSeconds(5);

    private final Object order = new Object();
    private int next;

    private StoreBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("trecho-bench");
        for (Durability durability : Durability.values()) {
            for (int appenders : new int[] {1, 16, 100}) {
                Path dir = root.resolve(durability + "-" + appenders);
                double pairs = new StoreBenchmark().pairsPerSecond(dir, durability, appenders);
                System.out.printf(
                        "%-6s %3d appenders: %8.0f hold+purchase pairs/s (%8.0f appends/s)%n",
                        durability, appenders, pairs, 2 * pairs);
            }
        }
        int bookings = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path big = root.resolve("load");
        fill(big, bookings);
        for (int run = 1; run <= 3; run++) {
            long start = System.nanoTime();
            try (var store = SqliteStore.open(big, Durability.NORMAL)) {
                long opened = System.nanoTime();
                List<Change> changes = store.load();
                long loaded = System.nanoTime();
                System.out.printf(
                        "start-up with %d bookings, run %d: open %d ms + load %d ms (%d changes), db %d MiB%n",
                        bookings,
                        run,
                        (opened - start) / 1_000_000,
                        (loaded - opened) / 1_000_000,
                        changes.size(),
                        Files.size(big.resolve(SqliteStore.DATABASE_FILE)) >> 20);
            }
        }
    }

    private double pairsPerSecond(Path dir, Durability durability, int appenders) throws Exception {
        try (var store = SqliteStore.open(dir, durability)) {
            List<Change> accounts = new ArrayList<>();
            for (int a = 0; a < appenders; a++) {
                accounts.add(account(a));
            }
            store.append(accounts).join();
            var stop = new AtomicBoolean();
            var measuring = new AtomicBoolean();
            var done = new LongAdder();
            List<Thread> threads = new ArrayList<>();
            for (int a = 0; a < appenders; a++) {
                String user = "user" + a;
                threads.add(Thread.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        int n = pair(store, user);
                        if (measuring.get() && n >= 0) {
                            done.increment();
                        }
                    }
                }));
            }
            Thread.sleep(WARM_UP);
            measuring.set(true);
            long start = System.nanoTime();
            Thread.sleep(MEASURE);
            long pairs = done.sum();
            double seconds = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
            return pairs / seconds;
        }
    }

    /** One hold then its purchase, each durable before the next, as the core and edge would do. */
    private int pair(SqliteStore store, String user) {
        int n;
        CompletableFuture<Void> held;
        synchronized (order) {
            n = next++;
            held = store.append(List.of(hold(n, user), idempotency(user, "hold-" + n)));
        }
        held.join();
        CompletableFuture<Void> bought;
        synchronized (order) {
            bought = store.append(List.of(purchase(n, user), idempotency(user, "buy-" + n)));
        }
        bought.join();
        return n;
    }

    private static void fill(Path dir, int bookings) throws IOException {
        try (var store = SqliteStore.open(dir, Durability.NORMAL)) {
            List<Change> accounts = new ArrayList<>();
            for (int a = 0; a < 1_000; a++) {
                accounts.add(account(a));
            }
            store.append(accounts).join();
            List<CompletableFuture<Void>> pending = new ArrayList<>();
            for (int n = 0; n < bookings; n++) {
                String user = "user" + n % 1_000;
                pending.add(store.append(List.of(hold(n, user), purchase(n, user), idempotency(user, "buy-" + n))));
                if (pending.size() == 10_000) {
                    pending.forEach(CompletableFuture::join);
                    pending.clear();
                }
            }
            pending.forEach(CompletableFuture::join);
        }
    }

    private static Change account(int a) {
        return new Change.AccountCreated("user" + a, "PBKDF2WithHmacSHA256", 210_000, new byte[16], new byte[32], T);
    }

    /** Two passengers on one segment; every pair gets seats of its own. */
    private static Change.HoldPlaced hold(int n, String user) {
        int row = n % 15 * 2 + 1;
        var seats = new Change.SegmentSeats("TR%05d-2026-11-27".formatted(n / 15), List.of(row + "A", row + "B"));
        return new Change.HoldPlaced("hold-" + n, user, 2, 90_000, T, T.plusSeconds(600), List.of(seats));
    }

    private static Change.Purchased purchase(int n, String user) {
        return new Change.Purchased("B" + n, user, List.of("hold-" + n), 90_000, T);
    }

    private static Change.IdempotencyRecorded idempotency(String user, String key) {
        return new Change.IdempotencyRecorded(user, key, "fp-" + key, "{\"type\":\"ok\",\"key\":\"" + key + "\"}", T);
    }
}
