package app.trecho.server.net;

import app.trecho.server.booking.BookingCore;
import app.trecho.server.booking.ExpiredHold;
import app.trecho.server.ops.Activity;
import app.trecho.server.state.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires holds with one task on the server's one scheduler thread, armed for the core's earliest
 * expiry: re-armed after every hold placed and every run, never a timer per hold. Ending a hold
 * (purchase, release) needs no re-arm: the run armed for it finds nothing due and re-arms itself.
 * Events for expired holds go out only once their release is durable.
 */
final class ExpiryScheduler {
    private static final Logger log = LoggerFactory.getLogger(ExpiryScheduler.class);

    private final ScheduledExecutorService scheduler;
    private final BookingCore core;
    private final EventHub hub;
    private final InstantSource clock;
    private final Activity activity;
    private Recovery recovery;
    private ScheduledFuture<?> pending;
    private Instant pendingAt;

    ExpiryScheduler(
            ScheduledExecutorService scheduler,
            BookingCore core,
            EventHub hub,
            InstantSource clock,
            Activity activity) {
        this.scheduler = scheduler;
        this.core = core;
        this.hub = hub;
        this.clock = clock;
        this.activity = activity;
    }

    /** Set once by the edge before the first run (the recovery needs this scheduler to re-arm). */
    void recovery(Recovery recovery) {
        this.recovery = recovery;
    }

    /** Makes sure a run is scheduled no later than the core's earliest expiry. */
    void rearm() {
        Instant next = core.nextExpiry(); // asked outside our lock: the core's monitor is never taken under it
        if (next == null) {
            return; // a stale pending run finds nothing and re-arms itself
        }
        synchronized (this) {
            if (pending != null && !pending.isDone() && !pendingAt.isAfter(next)) {
                return;
            }
            if (pending != null) {
                pending.cancel(false);
            }
            long delayMs = Math.max(0, Duration.between(clock.instant(), next).toMillis());
            pendingAt = next;
            try {
                pending = scheduler.schedule(this::run, delayMs, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                log.debug("scheduler stopped; hold expiry not re-armed");
            }
        }
    }

    private void run() {
        if (!recovery.tryEnter()) {
            // a reload is due; it expires what is due itself and re-arms us
            synchronized (this) {
                pending = null;
            }
            return;
        }
        Outcome<List<ExpiredHold>> outcome;
        try {
            outcome = core.expireDue();
        } catch (RuntimeException e) {
            log.error("hold expiry failed", e);
            outcome = Outcome.Ok.of(List.of());
        } finally {
            recovery.exit();
        }
        try {
            switch (outcome) {
                case Outcome.Ok<List<ExpiredHold>> ok
                when !ok.value().isEmpty() -> {
                    ok.durable().whenComplete((v, failure) -> {
                        if (failure != null) {
                            log.warn(
                                    "expiry of {} holds could not be stored: {}",
                                    ok.value().size(),
                                    failure.toString());
                            recovery.reloadSoon();
                            return;
                        }
                        recovery.stored();
                        hub.publish(ok.deltas());
                        hub.holdsExpired(ok.value());
                        activity.done(Activity.Kind.EXPIRY, ok.value().size());
                        ok.value().forEach(h -> log.debug("hold expired user={} hold={}", h.account(), h.holdId()));
                    });
                }
                case Outcome.Ok<List<ExpiredHold>> ok -> log.trace("expiry run: nothing due");
                case Outcome.Rejected<List<ExpiredHold>> no ->
                    log.warn("expiry refused: {} {}", no.code(), no.message());
            }
        } catch (RuntimeException e) {
            log.error("hold expiry failed", e);
        } finally {
            synchronized (this) {
                pending = null;
            }
            rearm();
        }
    }
}
