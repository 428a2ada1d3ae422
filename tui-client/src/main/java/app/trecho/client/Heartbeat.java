package app.trecho.client;

import app.trecho.protocol.Codec;
import app.trecho.protocol.Request;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Keeps a connection alive and notices when it is not: a ping goes out when nothing was sent or
 * received for the interval (the server's idle timeout counts only what the client sends), and an
 * unanswered ping closes the connection after the timeout. Any line received counts as an answer.
 */
final class Heartbeat {
    private static final Codec CODEC = new Codec();
    private static final AtomicLong PINGS = new AtomicLong();

    private final ClientConfig config;
    private final Supplier<Connection> current;

    private Heartbeat(ClientConfig config, Supplier<Connection> current) {
        this.config = config;
        this.current = current;
    }

    /** Ticks on the shared scheduler until the returned task is cancelled. */
    static ScheduledFuture<?> start(ClientConfig config, Supplier<Connection> current) {
        long period = Math.max(
                TimeUnit.MILLISECONDS.toNanos(10),
                Math.min(
                                config.heartbeatInterval().toNanos(),
                                config.heartbeatTimeout().toNanos())
                        / 2);
        Heartbeat heartbeat = new Heartbeat(config, current);
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
            if (now - sent > config.heartbeatTimeout().toNanos()) {
                String reason = "no answer to a heartbeat within " + ClientCore.human(config.heartbeatTimeout());
                ClientScheduler.offload(() -> c.close(reason, null));
            }
            return;
        }
        long interval = config.heartbeatInterval().toNanos();
        if (now - c.lastReceivedNanos() >= interval || now - c.lastSentNanos() >= interval) {
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
