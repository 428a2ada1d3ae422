package app.trecho.client;

import app.trecho.protocol.Codec;
import app.trecho.protocol.Request;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Keeps a connection alive and notices when it is not (PROTOCOL.md 8.1): a ping goes out when
 * nothing was sent or received for the interval (the server's idle timeout counts only what the
 * client sends), and an unanswered ping closes the connection after the timeout, which starts a
 * reconnect. Any line received counts as an answer. Worst case from the last line received to
 * "dead": interval + timeout + one tick.
 */
final class Heartbeat {
    private static final Codec CODEC = new Codec();
    private static final AtomicLong PINGS = new AtomicLong();

    private final long intervalNanos;
    private final Duration timeout;
    private final Supplier<Connection> current;

    private Heartbeat(Duration interval, Duration timeout, Supplier<Connection> current) {
        this.intervalNanos = interval.toNanos();
        this.timeout = timeout;
        this.current = current;
    }

    /** Ticks on the shared scheduler until the returned task is cancelled. */
    static ScheduledFuture<?> start(Duration interval, Duration timeout, Supplier<Connection> current) {
        // A quarter of the shorter period: late by at most that much, cheap enough for 10,000 clients.
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(interval.toNanos(), timeout.toNanos()) / 4);
        Heartbeat heartbeat = new Heartbeat(interval, timeout, current);
        return ClientScheduler.get().scheduleAtFixedRate(heartbeat::tick, period, period, TimeUnit.NANOSECONDS);
    }

    private void tick() {
        Connection c = current.get();
        if (c == null || !c.established()) {
            return;
        }
        long now = System.nanoTime();
        long sent = c.heartbeatSentNanos();
        if (sent != 0) {
            if (now - sent > timeout.toNanos()) {
                String reason = "no answer to a heartbeat within " + ClientCore.human(timeout);
                ClientScheduler.offload(() -> c.close(reason, null));
            }
            return;
        }
        if (now - c.lastReceivedNanos() >= intervalNanos || now - c.lastSentNanos() >= intervalNanos) {
            c.heartbeatSent(now);
            String line = CODEC.encode(new Request.Ping("hb-" + PINGS.incrementAndGet()));
            // The write may block on a stalled socket: never on the shared timer thread.
            ClientScheduler.offload(() -> {
                try {
                    c.send(line);
                } catch (IOException e) {
                    c.close("heartbeat write failed: " + ClientCore.describe(e), e);
                }
            });
        }
    }
}
