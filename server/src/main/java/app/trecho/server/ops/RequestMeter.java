package app.trecho.server.ops;

import java.util.concurrent.atomic.LongAdder;

/**
 * Requests per second over a sliding window of whole seconds. Connections call {@link #mark()} (a
 * contention-free add); the server's scheduler calls {@link #tick()} once a second to close the
 * current second into a small ring, so reading the rate never walks anything per request.
 */
public final class RequestMeter {
    /** The window the rate is averaged over. */
    public static final int WINDOW_SECONDS = 10;

    private final LongAdder current = new LongAdder();
    private final long[] seconds = new long[WINDOW_SECONDS];
    private int next;
    private int filled;

    /** Counts one request. */
    public void mark() {
        current.increment();
    }

    /** Closes the current second (called once a second). */
    public synchronized void tick() {
        seconds[next] = current.sumThenReset();
        next = (next + 1) % WINDOW_SECONDS;
        filled = Math.min(filled + 1, WINDOW_SECONDS);
    }

    /** The average over the closed seconds of the window (fewer right after start), rounded; 0 before the first tick. */
    public synchronized int perSecond() {
        if (filled == 0) {
            return 0;
        }
        long total = 0;
        for (int i = 0; i < filled; i++) {
            total += seconds[Math.floorMod(next - 1 - i, WINDOW_SECONDS)];
        }
        return (int) Math.min(Integer.MAX_VALUE, Math.round((double) total / filled));
    }
}
