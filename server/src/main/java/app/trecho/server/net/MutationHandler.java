package app.trecho.server.net;

import app.trecho.protocol.Codec;
import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.ProtocolException;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.SharedAnswer;
import app.trecho.server.booking.BookingCore;
import app.trecho.server.ops.Activity;
import app.trecho.server.state.Change;
import app.trecho.server.state.ChangeLog;
import app.trecho.server.state.Outcome;
import app.trecho.server.state.StorageException;
import app.trecho.server.state.StoredRow;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state-changing requests (hold, release, purchase, cancel): each runs at most once per
 * idempotency key (its answer, success or refusal, is remembered and replayed), answers only once
 * its changes are durable, and only then announces its seat changes to subscribers. Storage
 * failures and internal errors are not remembered: the retry runs again.
 *
 * <p>Nothing here waits on the caller's thread (a connection's event loop): the decision is made
 * there, and the answer is finished on {@code finishOn} once the changes are durable; a retry or
 * duplicate that would wait is claimed on a virtual thread. The returned future completes on {@code
 * finishOn}, or is complete already (a refusal, a replay). The idempotency key is settled first, on
 * the thread that made the changes durable: a duplicate waiting for it must never wait for a loop.
 */
final class MutationHandler {
    private static final Logger log = LoggerFactory.getLogger(MutationHandler.class);
    /** Where a claim that must wait runs: never on an event loop. */
    private static final Executor WAITING =
            task -> Thread.ofVirtual().name("idempotency-wait").start(task);

    private final BookingCore core;
    private final EventHub hub;
    private final IdempotencyCache idempotency;
    private final ChangeLog changeLog;
    /** Run after a hold is placed: no other change can need an earlier expiry run ({@link ExpiryScheduler}). */
    private final Runnable holdPlaced;

    private final InstantSource clock;
    private final Codec codec;
    private final Recovery recovery;
    private final Activity activity;

    MutationHandler(
            BookingCore core,
            EventHub hub,
            IdempotencyCache idempotency,
            ChangeLog changeLog,
            Runnable holdPlaced,
            InstantSource clock,
            Codec codec,
            Recovery recovery,
            Activity activity) {
        this.core = core;
        this.hub = hub;
        this.idempotency = idempotency;
        this.changeLog = changeLog;
        this.holdPlaced = holdPlaced;
        this.clock = clock;
        this.codec = codec;
        this.recovery = recovery;
        this.activity = activity;
    }

    CompletableFuture<Answer> hold(Session s, Request.HoldCreate r, Executor finishOn) {
        return run(
                s,
                r,
                finishOn,
                false,
                () -> core.hold(s.account(), r.segments(), r.passengers(), r.seats()),
                Response.HoldCreateOk::new,
                hold -> log.debug(
                        "conn {} hold user={} hold={} segments={} passengers={}",
                        s.connectionId(),
                        s.account(),
                        hold.holdId(),
                        r.segments(),
                        r.passengers()));
    }

    CompletableFuture<Answer> release(Session s, Request.HoldRelease r, Executor finishOn) {
        return run(
                s,
                r,
                finishOn,
                false,
                () -> core.release(s.account(), r.holdId()),
                Response.HoldReleaseOk::new,
                holdId -> log.debug("conn {} release user={} hold={}", s.connectionId(), s.account(), holdId));
    }

    CompletableFuture<Answer> purchase(Session s, Request.CartPurchase r, Executor finishOn) {
        return run(
                s,
                r,
                finishOn,
                false,
                () -> core.purchase(s.account(), r.holds()),
                Response.CartPurchaseOk::new,
                booking -> log.debug(
                        "conn {} purchase user={} booking={} priceCents={}",
                        s.connectionId(),
                        s.account(),
                        booking.reference(),
                        booking.priceCents()));
    }

    CompletableFuture<Answer> cancel(Session s, Request.BookingCancel r, Executor finishOn) {
        return run(
                s,
                r,
                finishOn,
                false,
                () -> core.cancel(s.account(), r.reference()),
                Response.BookingCancelOk::new,
                reference -> log.debug("conn {} cancel user={} booking={}", s.connectionId(), s.account(), reference));
    }

    /** @param mayWait false on an event loop: a claim that would wait is run again on a virtual thread */
    private <T> CompletableFuture<Answer> run(
            Session s,
            Request.Mutation m,
            Executor finishOn,
            boolean mayWait,
            Supplier<Outcome<T>> action,
            BiFunction<String, T, Response> answer,
            java.util.function.Consumer<T> logSuccess) {
        String account = s.account();
        String fingerprint = fingerprint(m);
        IdempotencyCache.Claim claim;
        try {
            claim = idempotency.claim(account, m.idempotencyKey(), fingerprint, mayWait);
        } catch (StorageException e) {
            log.warn(
                    "conn {} cannot read back the result of idempotencyKey {}: {}",
                    s.connectionId(),
                    m.idempotencyKey(),
                    e.getMessage());
            return now(Replies.error(
                    m.id(),
                    ErrorCode.STORAGE_UNAVAILABLE,
                    "the earlier result of this request could not be read; try again"));
        }
        return switch (claim) {
            case IdempotencyCache.Claim.Conflict c ->
                now(Replies.error(
                        m.id(),
                        ErrorCode.IDEMPOTENCY_CONFLICT,
                        "idempotencyKey was already used for a different request"));
            case IdempotencyCache.Claim.Replay replay -> {
                log.debug("conn {} replayed idempotencyKey {}", s.connectionId(), m.idempotencyKey());
                yield CompletableFuture.completedFuture(replayed(replay.response(), m.id()));
            }
            case IdempotencyCache.Claim.MustWait w ->
                // a retry or a duplicate, rare: waiting for it (or reading it back) must not stop a loop
                CompletableFuture.supplyAsync(() -> run(s, m, finishOn, true, action, answer, logSuccess), WAITING)
                        .thenCompose(later -> later)
                        .handleAsync(MutationHandler::passOn, finishOn);
            case IdempotencyCache.Claim.Execute execute ->
                execute(s, m, account, fingerprint, execute.ticket(), action, answer, logSuccess, finishOn);
        };
    }

    /** What a durable success of {@code m} counts as in the minute's activity line. */
    private static Activity.Kind kindOf(Request.Mutation m) {
        return switch (m) {
            case Request.HoldCreate r -> Activity.Kind.HOLD;
            case Request.HoldRelease r -> Activity.Kind.RELEASE;
            case Request.CartPurchase r -> Activity.Kind.PURCHASE;
            case Request.BookingCancel r -> Activity.Kind.CANCEL;
        };
    }

    /** Completes a stage with what the one before it completed with (its value or its failure). */
    private static <V> V passOn(V value, Throwable error) {
        if (error != null) {
            throw error instanceof CompletionException c ? c : new CompletionException(error);
        }
        return value;
    }

    /** What a run decided and handed to the log, before it is durable. */
    private record Decided<T>(Outcome<T> outcome, String remembered, StoredRow row, CompletableFuture<Void> durable) {}

    private static CompletableFuture<Answer> now(Response response) {
        return CompletableFuture.completedFuture(Answer.of(response));
    }

    private <T> CompletableFuture<Answer> execute(
            Session s,
            Request.Mutation m,
            String account,
            String fingerprint,
            IdempotencyCache.Ticket ticket,
            Supplier<Outcome<T>> action,
            BiFunction<String, T, Response> answer,
            java.util.function.Consumer<T> logSuccess,
            Executor finishOn) {
        if (!recovery.tryEnter()) {
            idempotency.abandon(ticket);
            return now(Replies.error(m.id(), ErrorCode.STORAGE_UNAVAILABLE, "the store cannot take changes right now"));
        }
        Decided<T> decided;
        CompletableFuture<Answer> answered;
        try {
            try {
                // the decision and both of its appends, so a reload never sees one without the other
                decided = decide(account, m, fingerprint, action.get(), answer);
            } finally {
                recovery.exit();
            }
            answered = decided.durable()
                    .handle((stored, failure) -> settle(m, ticket, decided, failure))
                    .handleAsync(
                            (failed, error) -> finish(s, m, decided, passOn(failed, error), answer, logSuccess),
                            finishOn);
        } catch (RuntimeException | Error e) { // the core failed, or out of memory: nothing would settle the key
            forgetUntrusted(ticket, e);
            throw e;
        }
        if (m instanceof Request.HoldCreate && decided.outcome() instanceof Outcome.Ok<T>) {
            rearmExpiry(s);
        }
        return answered;
    }

    /**
     * A run failed once the core may have changed memory and queued changes, so memory and the
     * store are no longer known to agree: the store refuses writes, dropping what is still queued,
     * until memory is rebuilt from it, which also brings back the key's result if it was stored.
     * The key is forgotten, so a retry is refused until then instead of waiting for ever, and
     * after it replays the stored result or runs again on the rebuilt memory.
     */
    private void forgetUntrusted(IdempotencyCache.Ticket ticket, Throwable cause) {
        try {
            recovery.distrust(cause);
        } finally {
            idempotency.abandon(ticket);
        }
    }

    /** The change is made and its answer on the way: a failure to re-arm expiry must not undo that. */
    private void rearmExpiry(Session s) {
        try {
            holdPlaced.run();
        } catch (RuntimeException e) {
            log.error("conn {} could not re-arm hold expiry after a change", s.connectionId(), e);
        }
    }

    /**
     * Where the changes were made durable (or not): remembers the key's result, or forgets the key so
     * that a retry runs again; returns the error to answer with, or null.
     */
    private <T> Response.Error settle(
            Request.Mutation m, IdempotencyCache.Ticket ticket, Decided<T> decided, Throwable failure) {
        Response.Error failed;
        try {
            failed = Replies.durableError(m.id(), failure);
        } catch (RuntimeException | Error e) {
            idempotency.abandon(ticket);
            throw e;
        }
        if (failed != null) {
            idempotency.abandon(ticket);
            recovery.reloadSoon();
            return failed;
        }
        try {
            idempotency.complete(ticket, decided.remembered(), decided.row().get());
        } catch (RuntimeException | Error e) { // the result is stored: the reload brings it back
            forgetUntrusted(ticket, e);
            throw e;
        }
        recovery.stored();
        return null;
    }

    /** On {@code finishOn}: the answer, and the seat changes announced once they are durable. */
    private <T> Answer finish(
            Session s,
            Request.Mutation m,
            Decided<T> decided,
            Response.Error failed,
            BiFunction<String, T, Response> answer,
            java.util.function.Consumer<T> logSuccess) {
        if (failed != null) {
            return Answer.of(failed);
        }
        // The answer is the remembered one with this request's id: spliced in, not encoded again.
        ByteBuffer[] line = SharedAnswer.withIdUtf8(codec, decided.remembered(), m.id());
        return switch (decided.outcome()) {
            // a refusal is the key's answer too (PROTOCOL.md section 7): a retry gets it again
            case Outcome.Rejected<T> no -> new Answer(Replies.rejected(m.id(), no), line);
            case Outcome.Ok<T> ok -> {
                hub.publish(ok.deltas());
                activity.done(kindOf(m));
                logSuccess.accept(ok.value());
                yield new Answer(answer.apply(m.id(), ok.value()), line);
            }
        };
    }

    private <T> Decided<T> decide(
            String account,
            Request.Mutation m,
            String fingerprint,
            Outcome<T> outcome,
            BiFunction<String, T, Response> answer) {
        return switch (outcome) {
            case Outcome.Rejected<T> no ->
                record(outcome, null, account, m, fingerprint, codec.encode(Replies.rejected(null, no)));
            case Outcome.Ok<T> ok ->
                record(outcome, ok.durable(), account, m, fingerprint, codec.encode(answer.apply(null, ok.value())));
        };
    }

    /** Appends the key's result right after the request's own changes, so the store keeps both. */
    private <T> Decided<T> record(
            Outcome<T> outcome,
            CompletableFuture<Void> changesDurable,
            String account,
            Request.Mutation m,
            String fingerprint,
            String remembered) {
        var result =
                new Change.IdempotencyRecorded(account, m.idempotencyKey(), fingerprint, remembered, clock.instant());
        List<Change> changes = List.of(result);
        // Beside the request's own changes, in their transaction when it has not started yet.
        CompletableFuture<Void> durable =
                changesDurable == null ? changeLog.append(changes) : changeLog.appendAlongside(changesDurable, changes);
        return new Decided<>(outcome, remembered, result.row(), durable);
    }

    /** The request's type and fields without its id: what a retry must repeat exactly. */
    String fingerprint(Request.Mutation m) {
        // One encode of the same request without its id (nulls are omitted): no re-parsing per request.
        Request.Mutation withoutId = switch (m) {
            case Request.HoldCreate h ->
                new Request.HoldCreate(null, h.idempotencyKey(), h.segments(), h.passengers(), h.seats());
            case Request.HoldRelease r -> new Request.HoldRelease(null, r.idempotencyKey(), r.holdId());
            case Request.CartPurchase p -> new Request.CartPurchase(null, p.idempotencyKey(), p.holds());
            case Request.BookingCancel c -> new Request.BookingCancel(null, c.idempotencyKey(), c.reference());
        };
        return codec.encode(withoutId);
    }

    /** A remembered answer for a retry: spliced with the retry's id like a first answer, decoded once. */
    private Answer replayed(String remembered, String id) {
        // The codec wrote it (type first, no id), so the splice always applies.
        String line = SharedAnswer.withId(codec, remembered, id);
        if (line == null) {
            throw new IllegalStateException("a remembered response is not in the codec's shape");
        }
        try {
            Response response = (Response) codec.decodeServerMessage(line);
            return new Answer(response, new ByteBuffer[] {ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8))});
        } catch (ProtocolException e) {
            throw new IllegalStateException("a remembered response no longer decodes: " + e.getMessage(), e);
        }
    }
}
