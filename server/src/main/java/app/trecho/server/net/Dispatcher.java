package app.trecho.server.net;

import app.trecho.protocol.Codec;
import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Protocol;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.SortOrder;
import app.trecho.server.booking.BookingCore;
import app.trecho.server.booking.SeatMap;
import app.trecho.server.ops.OperatorStatus;
import app.trecho.server.state.Outcome;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each validated request to its handler: first the session's state decides whether the
 * request is allowed at all ({@link Access}), then a pattern-matching switch over the sealed
 * {@link Request} (the compiler proves every type is handled) calls the core and maps its
 * {@link Outcome} to a response.
 */
final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    static final String SERVER_NAME = "trecho-server/0.1";
    private static final int DEFAULT_SEARCH_LIMIT = 20;
    /** The protocol's upper bound for {@code hello.ok.heartbeatMs}. */
    private static final long MAX_HEARTBEAT_MS = 3_600_000;
    /** Account requests hash passwords and wait for the store: never on an event loop. */
    private static final Executor ACCOUNT_WORK =
            task -> Thread.ofVirtual().name("account-work").start(task);

    private final BookingCore core;
    private final AccountHandler accounts;
    private final MutationHandler mutations;
    private final EventHub hub;
    private final InstantSource clock;
    private final Duration holdTtl;
    private final int heartbeatMs;
    private final OperatorStatus operator;
    private final Codec codec;
    private final ReadCache reads;

    Dispatcher(
            Codec codec,
            BookingCore core,
            AccountHandler accounts,
            MutationHandler mutations,
            EventHub hub,
            InstantSource clock,
            Duration holdTtl,
            Duration heartbeat,
            OperatorStatus operator) {
        this.core = core;
        this.accounts = accounts;
        this.mutations = mutations;
        this.hub = hub;
        this.clock = clock;
        this.holdTtl = holdTtl;
        this.heartbeatMs = (int) Math.clamp(heartbeat.toMillis(), 1, MAX_HEARTBEAT_MS);
        this.operator = operator;
        this.codec = codec;
        this.reads = new ReadCache(core::freshness, this::read, codec);
    }

    /**
     * The encoded answer to a board or search request from the {@link ReadCache}, in UTF-8 parts to
     * write one after another (or the INTERNAL error if that fails), or null: then {@link #answer}
     * the request as usual (any other request, a refusal, an error answer).
     */
    ByteBuffer[] sharedAnswer(Session s, Request request) {
        if (!ReadCache.caches(request) || Access.of(request).refusal(s.state()) != null) {
            return null;
        }
        ByteBuffer[] utf8;
        try {
            utf8 = reads.utf8(request);
        } catch (RuntimeException e) { // as dispatch would answer it
            utf8 = new ByteBuffer[] {
                ByteBuffer.wrap(codec.encode(internalError(s, request, e)).getBytes(StandardCharsets.UTF_8))
            };
        }
        if (utf8 != null) {
            operator.requestSeen();
        }
        return utf8;
    }

    /**
     * The answer to {@code request}, with its encoded line when the handler has it already (mutations),
     * on the calling thread: it may wait (for a password hash, for the store), so an event loop asks
     * {@link #answerLater} first.
     */
    Answer answer(Session s, Request request) {
        operator.requestSeen();
        ErrorCode refusal = Access.of(request).refusal(s.state());
        if (refusal != null) {
            return Answer.of(Replies.error(request.id(), refusal, refusalMessage(refusal, request)));
        }
        return allowed(s, request, Runnable::run);
    }

    /**
     * For a request that would wait, its answer, completed on {@code loop} or at once: a mutation is
     * decided now and answered once durable; an account request (a password hash, a durable
     * session) runs on a virtual thread of its own. Null for every other request, and for a refused
     * one: {@link #answer} it at once.
     */
    CompletableFuture<Answer> answerLater(Session s, Request request, Executor loop) {
        if (!waits(request) || Access.of(request).refusal(s.state()) != null) {
            return null;
        }
        operator.requestSeen();
        if (request instanceof Request.Mutation m) {
            return CompletableFuture.completedFuture(m)
                    .thenCompose(mutation -> mutate(s, mutation, loop)) // decided here, on the loop
                    .handle((answer, error) -> answerOr(answer, error, s, request));
        }
        return CompletableFuture.supplyAsync(() -> allowed(s, request, loop), ACCOUNT_WORK)
                .handleAsync((answer, error) -> answerOr(answer, error, s, request), loop);
    }

    private static Answer answerOr(Answer answer, Throwable error, Session s, Request request) {
        return error == null ? answer : Answer.of(internalError(s, request, Replies.cause(error)));
    }

    private static boolean waits(Request request) {
        return switch (request) {
            case Request.Mutation m -> true;
            case Request.AccountRegister r -> true;
            case Request.AccountLogin r -> true;
            case Request.SessionResume r -> true;
            case Request.AccountLogout r -> true;
            default -> false;
        };
    }

    /** A request past its access check, answered on this thread; a mutation's answer is finished on {@code finishOn}. */
    private Answer allowed(Session s, Request request, Executor finishOn) {
        try {
            return request instanceof Request.Mutation m
                    ? mutate(s, m, finishOn).join()
                    : Answer.of(handle(s, request));
        } catch (CompletionException e) {
            return Answer.of(internalError(s, request, Replies.cause(e)));
        } catch (RuntimeException e) {
            return Answer.of(internalError(s, request, e));
        }
    }

    private CompletableFuture<Answer> mutate(Session s, Request.Mutation m, Executor finishOn) {
        return switch (m) {
            case Request.HoldCreate r -> mutations.hold(s, r, finishOn);
            case Request.HoldRelease r -> mutations.release(s, r, finishOn);
            case Request.CartPurchase r -> mutations.purchase(s, r, finishOn);
            case Request.BookingCancel r -> mutations.cancel(s, r, finishOn);
        };
    }

    private static Response internalError(Session s, Request request, Throwable e) {
        log.error(
                "conn {} internal error on {} id={}",
                s.connectionId(),
                request.type().wire(),
                request.id(),
                e);
        return Replies.error(request.id(), ErrorCode.INTERNAL, "internal error; nothing changed");
    }

    private Response handle(Session s, Request request) {
        return switch (request) {
            case Request.Hello r -> hello(s, r);
            case Request.Ping r -> new Response.PingOk(r.id(), clock.instant());
            case Request.AccountRegister r -> accounts.register(s, r);
            case Request.AccountLogin r -> accounts.login(s, r);
            case Request.SessionResume r -> accounts.resume(s, r);
            case Request.AccountLogout r -> accounts.logout(s, r);
            case Request.CityList r -> new Response.CityListOk(r.id(), core.cities());
            case Request.BoardGet r -> read(r);
            case Request.ItinerarySearch r -> read(r);
            case Request.SeatMapGet r -> seatMap(s, r);
            case Request.Mutation m -> throw new IllegalArgumentException("a mutation is answered by mutate()");
            case Request.CartGet r -> cart(s, r);
            case Request.BookingList r -> new Response.BookingListOk(r.id(), core.bookings(s.account()));
            case Request.Subscribe r -> subscribe(s, r);
            case Request.Unsubscribe r -> new Response.UnsubscribeOk(r.id(), unsubscribe(s, r.topics()));
            case Request.AdminStatus r -> operator.answer(r);
        };
    }

    private Response hello(Session s, Request.Hello r) {
        if (!r.versions().contains(Protocol.MAJOR)) {
            s.closing();
            return Replies.error(
                    r.id(),
                    ErrorCode.UNSUPPORTED_VERSION,
                    "this server speaks protocol version " + Protocol.MAJOR,
                    Map.of("supported", List.of(Protocol.MAJOR)));
        }
        s.handshaken();
        log.debug("conn {} hello client={}", s.connectionId(), r.client());
        return new Response.HelloOk(
                r.id(),
                Protocol.MAJOR,
                Protocol.MINOR,
                SERVER_NAME,
                Protocol.MAX_REQUEST_LINE_BYTES,
                holdTtl.toSeconds(),
                heartbeatMs);
    }

    /** The board and search, which read no session state: what the {@link ReadCache} keeps. */
    private Response read(Request request) {
        return switch (request) {
            case Request.BoardGet r -> new Response.BoardGetOk(r.id(), core.board(r.date(), r.from()));
            case Request.ItinerarySearch r -> search(r);
            default ->
                throw new IllegalArgumentException(
                        "not a read: " + request.type().wire());
        };
    }

    private Response search(Request.ItinerarySearch r) {
        SortOrder sort = r.sort() == null ? SortOrder.ARRIVAL : r.sort();
        int limit = r.limit() == null ? DEFAULT_SEARCH_LIMIT : r.limit();
        return switch (core.search(r.from(), r.to(), r.date(), r.passengers(), sort, limit)) {
            case Outcome.Ok<List<app.trecho.protocol.model.Itinerary>> ok ->
                new Response.ItinerarySearchOk(r.id(), ok.value());
            case Outcome.Rejected<List<app.trecho.protocol.model.Itinerary>> no -> Replies.rejected(r.id(), no);
        };
    }

    private Response seatMap(Session s, Request.SeatMapGet r) {
        return switch (core.seatMap(r.segment(), s.account())) {
            case Outcome.Ok<SeatMap> ok -> {
                SeatMap m = ok.value();
                yield new Response.SeatMapGetOk(r.id(), m.segment(), m.rows(), m.columns(), m.seats(), m.version());
            }
            case Outcome.Rejected<SeatMap> no -> Replies.rejected(r.id(), no);
        };
    }

    private Response cart(Session s, Request.CartGet r) {
        List<Hold> holds = core.cart(s.account());
        long total = holds.stream().mapToLong(Hold::priceCents).sum();
        return new Response.CartGetOk(r.id(), holds, total);
    }

    /** All or nothing: every topic is checked before any is added. */
    private Response subscribe(Session s, Request.Subscribe r) {
        List<String> valid = new ArrayList<>();
        for (String topic : r.topics()) {
            if (topic.equals(EventHub.BOARD)) {
                valid.add(topic);
            } else if (topic.startsWith(EventHub.SEATS_PREFIX)) {
                String segment = topic.substring(EventHub.SEATS_PREFIX.length());
                if (core.seatMap(segment, null) instanceof Outcome.Rejected<SeatMap>) {
                    return Replies.error(
                            r.id(), ErrorCode.NOT_FOUND, "no such segment: " + segment, Map.of("topic", topic));
                }
                valid.add(topic);
            } else {
                return Replies.error(
                        r.id(),
                        ErrorCode.INVALID_FIELD,
                        "unknown topic: " + topic + " (board or seats:<segment>)",
                        Map.of("field", "topics"));
            }
        }
        valid.forEach(t -> hub.subscribe(s.sink(), t));
        return new Response.SubscribeOk(r.id(), s.addTopics(valid));
    }

    private List<String> unsubscribe(Session s, List<String> topics) {
        topics.forEach(t -> hub.unsubscribe(s.sink(), t));
        return s.removeTopics(topics);
    }

    private static String refusalMessage(ErrorCode code, Request request) {
        return switch (code) {
            case HANDSHAKE_REQUIRED -> "send hello first";
            case ALREADY_HANDSHAKEN -> "hello was already sent on this connection";
            case NOT_AUTHENTICATED -> request.type().wire() + " needs a logged-in session";
            case ALREADY_AUTHENTICATED -> "this connection is already logged in";
            case SHUTTING_DOWN -> "the connection is closing";
            default -> code.wire();
        };
    }
}
