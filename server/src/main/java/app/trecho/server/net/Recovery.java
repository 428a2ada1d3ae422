package app.trecho.server.net;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps memory equal to the store after a failed write. Every state-changing step (the core's
 * decision plus its log appends) runs inside {@link #tryEnter}/{@link #exit}: a read lock. The
 * reload takes the write lock, so no decision is half-logged while memory is replaced. While the
 * store needs a reload, or one is running, state-changing requests fail fast (STORAGE_UNAVAILABLE)
 * without touching memory; reads go on. One reload at a time, on the scheduler thread, at most
 * one per {@link #MIN_INTERVAL}, so a broken disk costs reloads, not one per request; and while no
 * change reaches the store between reloads the wait doubles up to {@link #MAX_INTERVAL}, because a
 * reload of a large store reads all of its live state (seconds of CPU) only to fail again. See
 * server/CONCURRENCY.md.
 */
final class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    static final Duration MAX_INTERVAL = Duration.ofSeconds(32);

    private final StateReload reload;
    private final IdempotencyCache idempotency;
    private final Connections connections;
    private final Runnable holdsChanged;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoTime;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Reloads since a change last reached the store: each doubles the wait before the next. */
    private final AtomicInteger fruitlessReloads = new AtomicInteger();

    private volatile boolean reloading;
    /** When the last reload ended (nanoTime); the next one waits {@link #interval} after it. */
    private volatile long lastEndedNanos;

    Recovery(
            StateReload reload,
            IdempotencyCache idempotency,
            Connections connections,
            Runnable holdsChanged,
            ScheduledExecutorService scheduler,
            LongSupplier nanoTime) {
        this.reload = reload;
        this.idempotency = idempotency;
        this.connections = connections;
        this.holdsChanged = holdsChanged;
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
        this.lastEndedNanos = nanoTime.getAsLong() - MIN_INTERVAL.toNanos(); // the first may run at once
    }

    /**
     * Enters a state-changing step; false (and a reload is scheduled) when the store cannot take
     * changes now: answer STORAGE_UNAVAILABLE. After true, call {@link #exit} in a finally block.
     */
    boolean tryEnter() {
        if (reloading || reload.needed()) {
            reloadSoon();
            return false;
        }
        if (!gate.readLock().tryLock()) { // a reload just started: never wait for it (an event loop calls this)
            reloadSoon();
            return false;
        }
        return true;
    }

    void exit() {
        gate.readLock().unlock();
    }

    /** A change reached the store: the store works again, so the next failure reloads soon. */
    void stored() {
        if (fruitlessReloads.get() != 0) { // a read on every request, a write only after a reload
            fruitlessReloads.set(0);
        }
    }

    /** The wait after {@code n} reloads in a row with no change stored since: 1 s (for 0 and 1), 2, 4 … 32 s. */
    static Duration interval(int n) {
        int doublings = Math.min(Math.max(n - 1, 0), 30); // 2^30 s cannot overflow; MAX_INTERVAL caps it
        Duration wait = MIN_INTERVAL.multipliedBy(1L << doublings);
        return wait.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : wait;
    }

    /**
     * Remembers the idempotency results the store holds, as it reads them (start-up, and each
     * reload); returns how many.
     */
    long restoreResults() {
        long[] count = {0};
        reload.results(r -> {
            idempotency.restore(
                    r.account(),
                    r.key(),
                    r.fingerprint(),
                    r.response(),
                    r.at(),
                    r.row().get());
            count[0]++;
        });
        return count[0];
    }

    /**
     * A state-changing step failed midway (the core threw, or out of memory after it decided):
     * memory may hold changes the store will not get, so the store refuses writes until the
     * reload this schedules rebuilds memory from it. Without a store (in memory) nothing happens.
     */
    void distrust(Throwable cause) {
        reload.refuse(cause);
        reloadSoon();
    }

    /** A write failed: schedules the one reload (if the store still asks for it). */
    void reloadSoon() {
        if (!reload.needed() || !scheduled.compareAndSet(false, true)) {
            return;
        }
        long notBefore = lastEndedNanos + interval(fruitlessReloads.get()).toNanos();
        long waitNanos = Math.max(0, notBefore - nanoTime.getAsLong());
        try {
            scheduler.schedule(this::run, waitNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            scheduled.set(false);
            log.debug("scheduler stopped; no reload");
        }
    }

    private void run() {
        boolean ran = false;
        boolean reloaded = false;
        reloading = true;
        gate.writeLock().lock();
        try {
            if (reload.needed()) {
                ran = true;
                reload.reload();
                try {
                    restoreResults();
                } catch (RuntimeException | Error e) {
                    // the cache is half restored: a retry could run again instead of replaying
                    reload.refuse(e);
                    throw e;
                }
                reloaded = true;
            }
        } catch (RuntimeException | Error e) {
            log.warn(
                    "reload from the store failed ({}); state-changing requests keep failing until it works;"
                            + " next try in {} s",
                    e.toString(),
                    interval(fruitlessReloads.get() + 1).toSeconds());
        } finally {
            if (ran) {
                fruitlessReloads.incrementAndGet();
                lastEndedNanos = nanoTime.getAsLong();
            }
            reloading = false;
            gate.writeLock().unlock();
            // Only now: a request that asked for a reload while this one ran must not schedule the
            // next from the last one's end and count, which would run it straight after this.
            scheduled.set(false);
        }
        if (reloaded) {
            log.info("memory rebuilt from the store after a failed write; telling every connection to resync");
            connections.resyncAll("the server reloaded its state after a storage failure");
            holdsChanged.run();
        }
        reloadSoon(); // the reload failed, or the disk failed again meanwhile
    }
}
