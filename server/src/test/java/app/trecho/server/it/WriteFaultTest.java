package app.trecho.server.it;

import static app.trecho.server.it.DurableServer.comparable;
import static app.trecho.server.it.DurableServer.segmentOn;
import static app.trecho.server.it.DurableServer.today;
import static app.trecho.server.it.RestartTest.seat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Event;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.server.Durability;
import app.trecho.server.TrechoServer;
import app.trecho.server.booking.MutableClock;
import app.trecho.server.state.Change;
import app.trecho.server.state.ChangeLog;
import app.trecho.server.store.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write that fails mid-run: the request gets STORAGE_UNAVAILABLE, memory is rebuilt from the
 * store (memory and disk agree, subscribers are told to resync), requests keep failing while the
 * fault lasts and succeed once it clears.
 */
class WriteFaultTest {
    private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);

    /**
     * The real store, but while {@code failing} each batch carries a change the store refuses (the
     * release of a hold it never saw), so the whole transaction fails the way a full disk fails it.
     */
    private static final class FailingLog implements ChangeLog {
        private final SqliteStore store;
        private final AtomicInteger poisoned = new AtomicInteger();
        volatile boolean failing;

        FailingLog(SqliteStore store) {
            this.store = store;
        }

        @Override
        public CompletableFuture<Void> append(List<Change> changes) {
            if (!failing) {
                return store.append(changes);
            }
            List<Change> doomed = new ArrayList<>(changes);
            doomed.add(new Change.HoldReleased(
                    "no-such-hold-" + poisoned.incrementAndGet(), "nobody", Change.ReleaseReason.RELEASED, T0));
            return store.append(doomed);
        }
    }

    @Test
    void aFailedWriteIsStorageUnavailableMemoryFollowsTheStoreAndRequestsWorkAgainAfterTheFault() throws Exception {
        Path data = dir.resolve("data");
        FailingLog[] log = new FailingLog[1];
        try (TrechoServer server = DurableServer.start(data, clock, store -> {
                    log[0] = new FailingLog(store);
                    return new Durability("sqlite with faults", log[0], store);
                });
                TestClient ana = TestClient.registered(server.port(), "ana");
                TestClient watcher = TestClient.handshaken(server.port())) {
            String segment = segmentOn(ana, today(T0).plusDays(1));
            var first = assertInstanceOf(Response.HoldCreateOk.class, hold(ana, segment, "1A", "fault-key-1"));
            assertInstanceOf(
                    Response.SubscribeOk.class,
                    watcher.call(new Request.Subscribe(watcher.nextId(), List.of("board"))));

            log[0].failing = true; // the disk is full from now on
            Response failed = hold(ana, segment, "2A", "fault-key-2");
            assertEquals(
                    ErrorCode.STORAGE_UNAVAILABLE,
                    assertInstanceOf(Response.Error.class, failed, failed::toString)
                            .error()
                            .code());
            watcher.awaitEvent(Event.Resync.class, e -> true); // memory was rebuilt from the store
            awaitMemoryMatchesDisk(server, data);
            assertEquals('.', seat(ana, segment, "2A"), "the failed hold left nothing behind");
            assertEquals('H', seat(ana, segment, "1A"), "what was stored before is still there");

            // while the disk stays full, changes keep failing and the server stays up
            Response again = hold(ana, segment, "3A", "fault-key-3");
            assertEquals(
                    ErrorCode.STORAGE_UNAVAILABLE,
                    assertInstanceOf(Response.Error.class, again, again::toString)
                            .error()
                            .code());

            log[0].failing = false; // the disk has room again
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            int attempt = 0;
            while (!(hold(ana, segment, "2A", "after-fault-" + attempt++) instanceof Response.HoldCreateOk)) {
                if (System.nanoTime() > deadline) {
                    fail("holds still fail " + DEADLINE + " after the fault cleared");
                }
            }
            assertEquals('H', seat(ana, segment, "2A"));
            awaitMemoryMatchesDisk(server, data);
            // the reload put the stored results back: a retry from before the fault still replays
            var replayed = assertInstanceOf(Response.HoldCreateOk.class, hold(ana, segment, "1A", "fault-key-1"));
            assertEquals(first.hold().holdId(), replayed.hold().holdId());
        }
    }

    private static Response hold(TestClient c, String segment, String seat, String key) {
        return c.call(new Request.HoldCreate(c.nextId(), key, List.of(segment), 1, List.of(List.of(seat))));
    }

    /** Polls (with a deadline) until the server's memory equals what its database holds. */
    private void awaitMemoryMatchesDisk(TrechoServer server, Path data) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            Object memory = comparable(server.core().auditSnapshot());
            Object disk = comparable(DurableServer.disk(data, dir, server.core().network(), clock));
            if (memory.equals(disk)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                assertEquals(disk, memory, "memory and disk still disagree after " + DEADLINE);
            }
        }
    }
}
