package app.trecho.server.net;

import java.util.function.LongSupplier;

/**
 * Requests per second for one connection: {@code rate} tokens a second up to {@code burst}; each
 * request takes one. Used only by its connection's reader thread, so it needs no locking.
 */
final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    TokenBucket(int ratePerSecond, int burst, LongSupplier nanoTime) {
        this.ratePerNano = (double) ratePerSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    /** Takes a token: 0 when allowed, else the milliseconds until one is available (at least 1). */
    long tryAcquire() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        double nanosToWait = (1 - tokens) / ratePerNano;
        return Math.max(1, (long) Math.ceil(nanosToWait / 1_000_000));
    }
}
