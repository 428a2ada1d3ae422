package app.trecho.server.net;

import app.trecho.server.state.Change;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * one per {@link #MIN_INTERVAL}, so a disk that stays full costs a reload a second, not one per
 * request. See server/CONCURRENCY.md.
 */
final class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private final StateReload reload;
    private final IdempotencyCache idempotency;
    private final Connections connections;
    private final Runnable holdsChanged;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoTime;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean reloading;
    /** No reload starts before this (nanoTime): one second after the last one. */
    private volatile long notBeforeNanos;

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
        this.notBeforeNanos = nanoTime.getAsLong();
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

    /** Remembers idempotency results loaded from the store (start-up). */
    void restore(List<Change.IdempotencyRecorded> results) {
        for (Change.IdempotencyRecorded r : results) {
            idempotency.restore(
                    r.account(),
                    r.key(),
                    r.fingerprint(),
                    r.response(),
                    r.at(),
                    r.row().get());
        }
    }

    /** A write failed: schedules the one reload (if the store still asks for it). */
    void reloadSoon() {
        if (!reload.needed() || !scheduled.compareAndSet(false, true)) {
            return;
        }
        long waitNanos = Math.max(0, notBeforeNanos - nanoTime.getAsLong());
        try {
            scheduler.schedule(this::run, waitNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            scheduled.set(false);
            log.debug("scheduler stopped; no reload");
        }
    }

    private void run() {
        boolean reloaded = false;
        reloading = true;
        gate.writeLock().lock();
        try {
            scheduled.set(false);
            if (reload.needed()) {
                List<Change.IdempotencyRecorded> results = reload.reload();
                try {
                    restore(results);
                } catch (RuntimeException | Error e) {
                    // the cache is half restored: a retry could run again instead of replaying
                    reload.refuse(e);
                    throw e;
                }
                reloaded = true;
            }
        } catch (RuntimeException | Error e) {
            log.warn(
                    "reload from the store failed ({}); state-changing requests keep failing until it works",
                    e.toString());
        } finally {
            notBeforeNanos = nanoTime.getAsLong() + MIN_INTERVAL.toNanos();
            reloading = false;
            gate.writeLock().unlock();
        }
        if (reloaded) {
            log.info("memory rebuilt from the store after a failed write; telling every connection to resync");
            connections.resyncAll("the server reloaded its state after a storage failure");
            holdsChanged.run();
        }
        reloadSoon(); // the reload failed, or the disk failed again meanwhile
    }
}
