package app.trecho.server.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator when one step of the writer took long. Every change waits for the writer, so
 * a commit that takes seconds (a slow or overloaded disk: SQLite's own checkpoint syncs inside it)
 * holds up every request meanwhile, and without this line nothing in the log says why. A warning
 * at most once a minute; the ones in between are counted into the next. Writer thread only.
 */
final class SlowWrites {
    private static final Logger log = LoggerFactory.getLogger(SlowWrites.class);
    /**
     * About ten times the longest a commit or the writer's checkpoint was seen to take under load on
     * a healthy disk (~30–50 ms: STORAGE.md, "Checkpoints").
     */
    static final Duration THRESHOLD = Duration.ofMillis(500);

    /** Once a minute, like the activity line: a disk slow for minutes is a line a minute, not one per commit. */
    static final Duration QUIET = Duration.ofMinutes(1);

    private final Path file;
    private final LongSupplier nanoTime;
    private volatile long thresholdNanos = THRESHOLD.toNanos();
    /** Until when slow steps are only counted; from the start, the first one is said at once. */
    private long quietUntil;

    private int unsaid;
    private long longestUnsaid;
    private volatile long slow;

    SlowWrites(Path file, LongSupplier nanoTime) {
        this.file = file;
        this.nanoTime = nanoTime;
        this.quietUntil = nanoTime.getAsLong();
    }

    /** The clock the writer times its steps with. */
    long now() {
        return nanoTime.getAsLong();
    }

    /** Nanoseconds since {@code startedNanos}, from {@link #now()}. */
    long since(long startedNanos) {
        return nanoTime.getAsLong() - startedNanos;
    }

    /**
     * A step of the writer took {@code tookNanos}; {@code waiting} counts the batches of changes
     * queued behind it (asked only for a line said). Returns the line it logged, or null. Never
     * throws: the writer calls it with answers still to give.
     */
    String took(String step, long tookNanos, IntSupplier waiting) {
        if (tookNanos < thresholdNanos) {
            return null;
        }
        slow++;
        long now = nanoTime.getAsLong();
        if (now - quietUntil < 0) {
            unsaid++;
            longestUnsaid = Math.max(longestUnsaid, tookNanos);
            return null;
        }
        try {
            String since = unsaid == 0
                    ? ""
                    : "; " + unsaid + " more since the last such line, the longest " + millis(longestUnsaid) + " ms";
            String line = step + " took " + millis(tookNanos) + " ms; batches of changes queued behind it: "
                    + waiting.getAsInt() + since + "; is the disk slow?";
            log.warn("store {}: {}", file, line);
            quietUntil = now + QUIET.toNanos();
            unsaid = 0;
            longestUnsaid = 0;
            return line;
        } catch (RuntimeException | Error e) {
            return null; // the line could not be made (out of memory): the writer goes on
        }
    }

    /** Steps that took at least the threshold, logged or not (for tests and the curious). */
    long slow() {
        return slow;
    }

    /** For tests: what counts as slow. */
    void threshold(Duration threshold) {
        thresholdNanos = threshold.toNanos();
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
