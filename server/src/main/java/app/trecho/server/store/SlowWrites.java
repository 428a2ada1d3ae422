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
    /** Ten times a busy commit with its checkpoint (STORAGE.md, "Checkpoints"). */
    static final Duration THRESHOLD = Duration.ofMillis(500);

    static final Duration QUIET = Duration.ofMinutes(1);

    private final Path file;
    private final LongSupplier nanoTime;
    private volatile long thresholdNanos = THRESHOLD.toNanos();
    private boolean said;
    private long quietUntil;
    private int unsaid;
    private long longestUnsaid;
    private volatile long slow;

    SlowWrites(Path file, LongSupplier nanoTime) {
        this.file = file;
        this.nanoTime = nanoTime;
    }

    /** The clock the writer times its steps with. */
    long now() {
        return nanoTime.getAsLong();
    }

    /**
     * A step of the writer ended; {@code startedNanos} is from {@link #now()}, {@code waiting} counts
     * the batches of changes queued behind it (asked only when it was slow). Returns whether it logged.
     */
    boolean ended(String step, long startedNanos, IntSupplier waiting) {
        long end = nanoTime.getAsLong();
        long took = end - startedNanos;
        if (took < thresholdNanos) {
            return false;
        }
        slow++;
        if (said && end - quietUntil < 0) {
            unsaid++;
            longestUnsaid = Math.max(longestUnsaid, took);
            return false;
        }
        String since = unsaid == 0
                ? ""
                : "; " + unsaid + " more since the last such line, the longest " + millis(longestUnsaid) + " ms";
        log.warn(
                "store {}: {} took {} ms, with {} batches of changes queued behind it{}; is the disk slow?",
                file,
                step,
                millis(took),
                waiting.getAsInt(),
                since);
        said = true;
        quietUntil = end + QUIET.toNanos();
        unsaid = 0;
        longestUnsaid = 0;
        return true;
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
