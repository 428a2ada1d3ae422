package app.trecho.client;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Whether and how a client reconnects after losing an established connection: exponential backoff
 * from {@code initialDelay}, doubling up to {@code maxDelay}, each delay scaled by a random factor
 * in [0.5, 1] so that many clients cut at once do not return in lockstep.
 *
 * @param maxAttempts attempts before giving up and closing; 0 means keep trying until closed
 */
public record ReconnectPolicy(boolean enabled, Duration initialDelay, Duration maxDelay, int maxAttempts) {

    public ReconnectPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay");
        }
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must be >= 0: " + maxAttempts);
        }
    }

    /** Reconnect forever: 250 ms, 500 ms, 1 s, ... up to 15 s between attempts. */
    public static ReconnectPolicy defaults() {
        return new ReconnectPolicy(true, Duration.ofMillis(250), Duration.ofSeconds(15), 0);
    }

    /** A lost connection closes the client; pending requests fail. */
    public static ReconnectPolicy disabled() {
        return new ReconnectPolicy(false, Duration.ZERO, Duration.ZERO, 0);
    }

    /** The delay before attempt {@code attempt} (1-based), jittered with {@code random}. */
    public Duration delayBefore(int attempt, RandomGenerator random) {
        long initial = initialDelay.toMillis();
        long max = maxDelay.toMillis();
        long base = initial;
        for (int i = 1; i < attempt && base < max; i++) {
            base *= 2;
        }
        base = Math.min(base, max);
        long jittered = (long) (base * (0.5 + random.nextDouble() * 0.5));
        return Duration.ofMillis(jittered);
    }

    /** Whether attempt {@code attempt} (1-based) may still be made. */
    public boolean allows(int attempt) {
        return enabled && (maxAttempts == 0 || attempt <= maxAttempts);
    }
}
