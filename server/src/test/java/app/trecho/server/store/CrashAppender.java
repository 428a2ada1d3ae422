package app.trecho.server.store;

import static app.trecho.server.store.Fixtures.account;

import app.trecho.server.state.Change;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The child process of {@link CrashTest}: appends changes as fast as it can from several threads
 * through one ordering point (as the core does) and prints {@code ack N} for each one whose future
 * completed, until it is killed. Change N is, by N mod 3: a hold, a hold bought at once, or the
 * cancellation of the booking made by change N-1.
 */
public final class CrashAppender {
    static final String ACCOUNT = "crash";
    private static final int THREADS = 4;

    private static final Object ORDER = new Object();
    private static int next;

    private CrashAppender() {}

    public static void main(String[] args) {
        var store = SqliteStore.open(Path.of(args[0]), Durability.valueOf(args[1]));
        // The writer starts the WAL over every ~2,000 frames instead of 24,000, so that the kill
        // can land amid its own checkpoints (WalRestart) as well as the background ones.
        store.restartWalAt(2_000);
        var out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        store.append(List.of(account(ACCOUNT))).join();
        out.println("ready");
        for (int t = 0; t < THREADS; t++) {
            Thread.ofPlatform().start(() -> {
                while (true) {
                    int n;
                    CompletableFuture<Void> durable;
                    synchronized (ORDER) {
                        n = next++;
                        durable = store.append(changes(n));
                    }
                    durable.join();
                    out.println("ack " + n);
                }
            });
        }
    }

    static List<Change> changes(int n) {
        return switch (n % 3) {
            case 0 -> List.of(hold(n));
            case 1 ->
                List.of(hold(n), new Change.Purchased(reference(n), ACCOUNT, List.of(holdId(n)), 100, Fixtures.T0));
            default -> List.of(new Change.BookingCancelled(reference(n - 1), ACCOUNT, Fixtures.T0));
        };
    }

    static String holdId(int n) {
        return "h" + n;
    }

    static String reference(int n) {
        return "R" + n;
    }

    private static Change.HoldPlaced hold(int n) {
        // Every change gets its own seat: 180 per segment.
        var seats = new Change.SegmentSeats(
                "TR%04d-2026-11-27".formatted(n / 180), List.of((n % 180 / 10 + 1) + "" + (char) ('A' + n % 10)));
        return new Change.HoldPlaced(
                holdId(n), ACCOUNT, 1, 100, Fixtures.T0, Fixtures.T0.plus(Fixtures.TTL), List.of(seats));
    }
}
