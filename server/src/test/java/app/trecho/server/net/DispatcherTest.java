package app.trecho.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import app.trecho.protocol.Codec;
import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Event;
import app.trecho.protocol.MessageType;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.SharedEvent;
import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.HeldSegment;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.SeatChange;
import app.trecho.protocol.model.SeatState;
import app.trecho.protocol.model.SortOrder;
import app.trecho.server.account.Accounts;
import app.trecho.server.booking.BookingCore;
import app.trecho.server.booking.SeatMap;
import app.trecho.server.ops.Activity;
import app.trecho.server.ops.OperatorStatus;
import app.trecho.server.ops.OperatorToken;
import app.trecho.server.ops.StoreHealth;
import app.trecho.server.state.Change;
import app.trecho.server.state.ChangeLog;
import app.trecho.server.state.Outcome;
import app.trecho.server.state.SeatDelta;
import app.trecho.server.state.StorageException;
import app.trecho.server.state.StoredResults;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The dispatcher and session state machine with the core mocked away: no sockets, no threads. */
class DispatcherTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String SEGMENT = "TR1001-2026-11-27";
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Hold HOLD = new Hold(
            "h1",
            List.of(new HeldSegment(SEGMENT, "TR1001", "GRU", "GIG", NOW.plusSeconds(86_400), List.of("1A"))),
            1,
            10_000,
            NOW.plusSeconds(600));
    private static final Booking BOOKING = new Booking("ABCDEF", HOLD.segments(), 1, 10_000, NOW);
    private static final SeatDelta DELTA =
            new SeatDelta(SEGMENT, List.of(new SeatChange("1A", SeatState.HELD)), 179, 180, 7);

    private BookingCore core;
    private Accounts accounts;
    private EventHub hub;
    private ChangeLog changeLog;
    private Dispatcher dispatcher;
    private int holdsPlaced;
    private final Activity activity = new Activity();

    /** Collects what a connection would be sent. */
    static final class RecordingSink implements EventSink {
        final List<Event> events = new ArrayList<>();

        @Override
        public void send(SharedEvent event) {
            events.add(event.event(events.size() + 1));
        }
    }

    @BeforeEach
    void mockTheCore() {
        core = mock(BookingCore.class);
        accounts = mock(Accounts.class);
        hub = new EventHub(new Codec());
        changeLog = ChangeLog.NONE;
        lenient().when(accounts.register(anyString(), anyString())).thenReturn(okSession());
        lenient().when(accounts.login(anyString(), anyString())).thenReturn(okSession());
        lenient().when(accounts.resume(anyString())).thenReturn(Outcome.Ok.of("alice"));
        lenient().when(accounts.logout(anyString())).thenReturn(Outcome.Ok.of(null));
        lenient().when(core.cities()).thenReturn(List.of());
        lenient().when(core.board(any(), any())).thenReturn(List.of());
        lenient()
                .when(core.search(any(), any(), any(), anyInt(), any(), anyInt()))
                .thenReturn(Outcome.Ok.of(List.of()));
        lenient()
                .when(core.seatMap(eq(SEGMENT), any()))
                .thenReturn(Outcome.Ok.of(new SeatMap(SEGMENT, 30, "ABCDEF", ".".repeat(180), 3)));
        lenient().when(core.hold(anyString(), anyList(), anyInt(), any())).thenReturn(withDelta(HOLD));
        lenient().when(core.release(anyString(), anyString())).thenReturn(withDelta("h1"));
        lenient().when(core.cart(anyString())).thenReturn(List.of(HOLD));
        lenient().when(core.purchase(anyString(), any())).thenReturn(withDelta(BOOKING));
        lenient().when(core.bookings(anyString())).thenReturn(List.of(BOOKING));
        lenient().when(core.cancel(anyString(), anyString())).thenReturn(withDelta("ABCDEF"));
        dispatcher = newDispatcher(changeLog);
    }

    private Dispatcher newDispatcher(ChangeLog log) {
        return newDispatcher(log, StoredResults.NONE);
    }

    private Dispatcher newDispatcher(ChangeLog log, StoredResults stored) {
        // in memory nothing is ever reloaded, so the recovery never schedules anything
        return newDispatcher(log, stored, StateReload.NONE, null);
    }

    private Dispatcher newDispatcher(
            ChangeLog log, StoredResults stored, StateReload reload, ScheduledExecutorService scheduler) {
        InstantSource clock = InstantSource.fixed(NOW);
        IdempotencyCache idempotency = new IdempotencyCache(1_000, Duration.ofHours(24), clock, stored);
        LoginLimiter logins = new LoginLimiter(2, 20, Duration.ofMinutes(1), System::nanoTime);
        Recovery recovery =
                new Recovery(reload, idempotency, new Connections(1), () -> {}, scheduler, System::nanoTime);
        return new Dispatcher(
                new Codec(),
                core,
                new AccountHandler(accounts, hub, logins, recovery),
                new MutationHandler(
                        core, hub, idempotency, log, () -> holdsPlaced++, clock, new Codec(), recovery, activity),
                hub,
                clock,
                Duration.ofMinutes(10),
                Duration.ofSeconds(5),
                new OperatorStatus(OperatorToken.of(OPERATOR_TOKEN), OPERATOR_COUNTS, StoreHealth.inMemory(), () -> 0));
    }

    private static Outcome<Accounts.Session> okSession() {
        return Outcome.Ok.of(new Accounts.Session("alice", TOKEN));
    }

    private static <T> Outcome<T> withDelta(T value) {
        return new Outcome.Ok<>(value, List.of(), List.of(DELTA), CompletableFuture.completedFuture(null));
    }

    static Session sessionIn(Session.State state, EventSink sink) {
        Session s = new Session(1, "127.0.0.1", sink);
        switch (state) {
            case AWAITING_HELLO -> {}
            case ANONYMOUS -> s.handshaken();
            case AUTHENTICATED -> {
                s.handshaken();
                s.authenticated("alice", TOKEN);
            }
            case CLOSING -> {
                s.handshaken();
                s.closing();
            }
        }
        return s;
    }

    private static final String OK = "ok";
    private static final String OPERATOR_TOKEN = "operator-token-0123456789";
    private static final OperatorStatus.Counts OPERATOR_COUNTS = new OperatorStatus.Counts() {
        @Override
        public int connections() {
            return 1;
        }

        @Override
        public int accounts() {
            return 0;
        }

        @Override
        public int liveHolds() {
            return 0;
        }

        @Override
        public int bookings() {
            return 0;
        }
    };

    /** One request of every type and what each connection state gets: "ok" or an error code. */
    static Stream<Arguments> everyRequestInEveryState() {
        List<Object[]> table = List.of(
                row(new Request.Hello("1", List.of(1), "t"), OK, "ALREADY_HANDSHAKEN", "ALREADY_HANDSHAKEN"),
                row(new Request.Ping("1"), "HANDSHAKE_REQUIRED", OK, OK),
                row(
                        new Request.AccountRegister("1", "alice", "password1"),
                        "HANDSHAKE_REQUIRED",
                        OK,
                        "ALREADY_AUTHENTICATED"),
                row(
                        new Request.AccountLogin("1", "alice", "password1"),
                        "HANDSHAKE_REQUIRED",
                        OK,
                        "ALREADY_AUTHENTICATED"),
                row(new Request.SessionResume("1", TOKEN), "HANDSHAKE_REQUIRED", OK, OK),
                row(new Request.AccountLogout("1"), "HANDSHAKE_REQUIRED", "NOT_AUTHENTICATED", OK),
                row(new Request.CityList("1"), "HANDSHAKE_REQUIRED", OK, OK),
                row(new Request.BoardGet("1", null, null), "HANDSHAKE_REQUIRED", OK, OK),
                row(
                        new Request.ItinerarySearch(
                                "1", "GRU", "GIG", LocalDate.of(2026, 11, 27), 1, SortOrder.PRICE, 5),
                        "HANDSHAKE_REQUIRED",
                        OK,
                        OK),
                row(new Request.SeatMapGet("1", SEGMENT), "HANDSHAKE_REQUIRED", OK, OK),
                row(
                        new Request.HoldCreate("1", "key-00001", List.of(SEGMENT), 1, null),
                        "HANDSHAKE_REQUIRED",
                        "NOT_AUTHENTICATED",
                        OK),
                row(new Request.HoldRelease("1", "key-00002", "h1"), "HANDSHAKE_REQUIRED", "NOT_AUTHENTICATED", OK),
                row(new Request.CartGet("1"), "HANDSHAKE_REQUIRED", "NOT_AUTHENTICATED", OK),
                row(new Request.CartPurchase("1", "key-00003", null), "HANDSHAKE_REQUIRED", "NOT_AUTHENTICATED", OK),
                row(new Request.BookingList("1"), "HANDSHAKE_REQUIRED", "NOT_AUTHENTICATED", OK),
                row(
                        new Request.BookingCancel("1", "key-00004", "ABCDEF"),
                        "HANDSHAKE_REQUIRED",
                        "NOT_AUTHENTICATED",
                        OK),
                row(new Request.Subscribe("1", List.of("board", "seats:" + SEGMENT)), "HANDSHAKE_REQUIRED", OK, OK),
                row(new Request.Unsubscribe("1", List.of("board")), "HANDSHAKE_REQUIRED", OK, OK),
                row(new Request.AdminStatus("1", OPERATOR_TOKEN), "HANDSHAKE_REQUIRED", OK, OK));
        long requestTypes = Arrays.stream(MessageType.values())
                .filter(t -> Request.class.isAssignableFrom(t.recordClass()))
                .count();
        assertEquals(requestTypes, table.size(), "every request type is in the table");
        List<Arguments> cases = new ArrayList<>();
        for (Object[] r : table) {
            Request request = (Request) r[0];
            cases.add(Arguments.of(request.type().wire(), Session.State.AWAITING_HELLO, request, r[1]));
            cases.add(Arguments.of(request.type().wire(), Session.State.ANONYMOUS, request, r[2]));
            cases.add(Arguments.of(request.type().wire(), Session.State.AUTHENTICATED, request, r[3]));
            cases.add(Arguments.of(request.type().wire(), Session.State.CLOSING, request, "SHUTTING_DOWN"));
        }
        return cases.stream();
    }

    private static Object[] row(Request request, String awaiting, String anonymous, String authenticated) {
        return new Object[] {request, awaiting, anonymous, authenticated};
    }

    @ParameterizedTest(name = "{0} in {1} -> {3}")
    @MethodSource("everyRequestInEveryState")
    void everyRequestGetsItsDocumentedAnswerInEveryState(
            String type, Session.State state, Request request, String expected) {
        Response response = dispatch(sessionIn(state, new RecordingSink()), request);
        assertEquals(request.id(), response.id());
        if (expected.equals(OK)) {
            assertEquals(MessageType.fromWire(type + ".ok"), response.type(), response::toString);
        } else {
            Response.Error error = assertInstanceOf(Response.Error.class, response);
            assertEquals(ErrorCode.valueOf(expected), error.error().code());
        }
    }

    @Test
    void refusedRequestsNeverReachTheCore() {
        Session anonymous = sessionIn(Session.State.ANONYMOUS, new RecordingSink());
        dispatch(anonymous, new Request.HoldCreate("1", "key-00001", List.of(SEGMENT), 1, null));
        dispatch(anonymous, new Request.BookingCancel("2", "key-00002", "ABCDEF"));
        verify(core, never()).hold(any(), any(), anyInt(), any());
        verify(core, never()).cancel(any(), any());
    }

    @Test
    void sessionMovesThroughHelloLoginLogout() {
        Session s = sessionIn(Session.State.AWAITING_HELLO, new RecordingSink());
        Response.HelloOk hello =
                assertInstanceOf(Response.HelloOk.class, dispatch(s, new Request.Hello("1", List.of(3, 1), null)));
        assertEquals(1, hello.version());
        assertEquals(600, hello.holdTtlSeconds());
        assertEquals(5_000, hello.heartbeatMs());
        assertEquals(Session.State.ANONYMOUS, s.state());
        dispatch(s, new Request.AccountLogin("2", "alice", "password1"));
        assertEquals(Session.State.AUTHENTICATED, s.state());
        assertEquals("alice", s.account());
        dispatch(s, new Request.AccountLogout("3"));
        assertEquals(Session.State.ANONYMOUS, s.state());
        verify(accounts).logout(TOKEN);
    }

    @Test
    void unsupportedVersionClosesTheSession() {
        Session s = sessionIn(Session.State.AWAITING_HELLO, new RecordingSink());
        Response.Error e =
                assertInstanceOf(Response.Error.class, dispatch(s, new Request.Hello("1", List.of(2), null)));
        assertEquals(ErrorCode.UNSUPPORTED_VERSION, e.error().code());
        assertEquals(Session.State.CLOSING, s.state());
    }

    @Test
    void coreRejectionBecomesAnErrorWithItsDetails() {
        when(core.hold(anyString(), anyList(), anyInt(), any()))
                .thenReturn(new Outcome.Rejected<>(
                        ErrorCode.SEAT_TAKEN, "seat 1A is taken", java.util.Map.of("seatsFree", 3)));
        Response r = dispatch(
                sessionIn(Session.State.AUTHENTICATED, new RecordingSink()),
                new Request.HoldCreate("9", "key-00009", List.of(SEGMENT), 1, List.of(List.of("1A"))));
        Response.Error e = assertInstanceOf(Response.Error.class, r);
        assertEquals("9", e.id());
        assertEquals(ErrorCode.SEAT_TAKEN, e.error().code());
        assertEquals(3, e.error().details().get("seatsFree"));
    }

    @Test
    void successfulHoldIsAnnouncedToSubscribersAndRearmsExpiry() {
        RecordingSink watcher = new RecordingSink();
        dispatch(
                sessionIn(Session.State.ANONYMOUS, watcher),
                new Request.Subscribe("s", List.of("board", "seats:" + SEGMENT)));
        dispatch(
                sessionIn(Session.State.AUTHENTICATED, new RecordingSink()),
                new Request.HoldCreate("1", "key-00001", List.of(SEGMENT), 1, null));
        assertEquals(
                List.of(
                        new Event.Availability(1, SEGMENT, 179, 180),
                        new Event.Seat(2, SEGMENT, DELTA.changes(), DELTA.version())),
                watcher.events);
        assertEquals(1, holdsPlaced);
        assertEquals("1 holds placed", activity.drain(), "counted once durable");
    }

    @Test
    void changesThatEndHoldsLeaveExpiryArmedAsItWas() {
        // The run armed for an ended hold finds nothing due and re-arms itself (LiveEventsTest).
        Session s = sessionIn(Session.State.AUTHENTICATED, new RecordingSink());
        assertInstanceOf(Response.HoldReleaseOk.class, dispatch(s, new Request.HoldRelease("1", "key-00021", "h1")));
        assertInstanceOf(Response.CartPurchaseOk.class, dispatch(s, new Request.CartPurchase("2", "key-00022", null)));
        assertInstanceOf(
                Response.BookingCancelOk.class, dispatch(s, new Request.BookingCancel("3", "key-00023", "ABCDEF")));
        assertEquals(0, holdsPlaced);
    }

    @Test
    void aMutationsAnswerCarriesItsLineAsTheCodecWouldEncodeIt() {
        when(core.purchase(anyString(), any()))
                .thenReturn(new Outcome.Rejected<>(ErrorCode.CART_EMPTY, "empty", null))
                .thenReturn(withDelta(BOOKING));
        Session s = sessionIn(Session.State.AUTHENTICATED, new RecordingSink());
        Codec codec = new Codec();
        // A refusal and a success: both lines are the remembered result spliced with the id.
        Answer refused = dispatcher.answer(s, new Request.CartPurchase("r1", "key-00011", null));
        Answer bought = dispatcher.answer(s, new Request.CartPurchase("r\"2", "key-00012", null));
        assertEquals(
                ErrorCode.CART_EMPTY,
                ((Response.Error) refused.response()).error().code());
        assertEquals(new Response.CartPurchaseOk("r\"2", BOOKING), bought.response());
        assertEquals(codec.encode(refused.response()), line(refused));
        assertEquals(codec.encode(bought.response()), line(bought));
        // A retry's replayed answer too, with the retry's id.
        Answer replayed = dispatcher.answer(s, new Request.CartPurchase("r3", "key-00012", null));
        assertEquals(new Response.CartPurchaseOk("r3", BOOKING), replayed.response());
        assertEquals(codec.encode(replayed.response()), line(replayed));
    }

    @Test
    void aRetryWhoseStoredResultCannotBeReadGetsStorageUnavailableAndLaterTheSameAnswer() {
        // a store that puts every result in row 42, and reads it back until its disk fails
        Map<Long, String> rows = new ConcurrentHashMap<>();
        AtomicBoolean readable = new AtomicBoolean(true);
        ChangeLog store = changes -> {
            for (Change c : changes) {
                if (c instanceof Change.IdempotencyRecorded r) {
                    r.row().set(42);
                    rows.put(42L, r.response());
                }
            }
            return CompletableFuture.completedFuture(null);
        };
        Dispatcher onStore = newDispatcher(store, (row, account, key) -> {
            if (!readable.get()) {
                throw new StorageException("disk gone", null);
            }
            return Optional.ofNullable(rows.get(row));
        });
        Session s = sessionIn(Session.State.AUTHENTICATED, new RecordingSink());
        assertEquals(
                new Response.CartPurchaseOk("1", BOOKING),
                onStore.answer(s, new Request.CartPurchase("1", "key-00031", null))
                        .response());
        readable.set(false);
        Response failed = onStore.answer(s, new Request.CartPurchase("2", "key-00031", null))
                .response();
        assertEquals(
                ErrorCode.STORAGE_UNAVAILABLE, ((Response.Error) failed).error().code());
        readable.set(true);
        assertEquals(
                new Response.CartPurchaseOk("3", BOOKING),
                onStore.answer(s, new Request.CartPurchase("3", "key-00031", null))
                        .response());
        verify(core, times(1)).purchase(eq("alice"), isNull());
    }

    @Test
    void retryWithTheSameKeyReplaysWithoutCallingTheCoreAgain() {
        Session s = sessionIn(Session.State.AUTHENTICATED, new RecordingSink());
        Response first = dispatch(s, new Request.CartPurchase("1", "key-00001", null));
        Response again = dispatch(s, new Request.CartPurchase("2", "key-00001", null));
        assertEquals(new Response.CartPurchaseOk("1", BOOKING), first);
        assertEquals(new Response.CartPurchaseOk("2", BOOKING), again);
        verify(core, times(1)).purchase(eq("alice"), isNull());
        Response conflict = dispatch(s, new Request.CartPurchase("3", "key-00001", List.of("h1")));
        assertEquals(
                ErrorCode.IDEMPOTENCY_CONFLICT,
                ((Response.Error) conflict).error().code());
    }

    @Test
    void refusalIsRememberedAndReplayedWithTheNewId() {
        when(core.purchase(anyString(), any()))
                .thenReturn(new Outcome.Rejected<>(ErrorCode.CART_EMPTY, "empty", null))
                .thenReturn(withDelta(BOOKING));
        Session s = sessionIn(Session.State.AUTHENTICATED, new RecordingSink());
        Response first = dispatch(s, new Request.CartPurchase("1", "key-00001", null));
        Response again = dispatch(s, new Request.CartPurchase("2", "key-00001", null));
        assertEquals(ErrorCode.CART_EMPTY, ((Response.Error) first).error().code());
        assertEquals(new Response.Error("2", ((Response.Error) first).error()), again);
        verify(core, times(1)).purchase(anyString(), any());
    }

    @Test
    void storageFailureIsNotRememberedSoTheRetryRunsAgain() {
        CompletableFuture<Void> failed = CompletableFuture.failedFuture(new StorageException("disk full", null));
        when(core.cancel(anyString(), anyString()))
                .thenReturn(new Outcome.Ok<>("ABCDEF", List.of(), List.of(), failed))
                .thenReturn(withDelta("ABCDEF"));
        Session s = sessionIn(Session.State.AUTHENTICATED, new RecordingSink());
        Response first = dispatch(s, new Request.BookingCancel("1", "key-00001", "ABCDEF"));
        assertEquals(
                ErrorCode.STORAGE_UNAVAILABLE, ((Response.Error) first).error().code());
        assertEquals(
                new Response.BookingCancelOk("2", "ABCDEF"),
                dispatch(s, new Request.BookingCancel("2", "key-00001", "ABCDEF")));
    }

    @Test
    void resumeWhileAuthenticatedSwitchesIdentity() {
        when(accounts.resume("ffffffffffffffffffffffffffffffff")).thenReturn(Outcome.Ok.of("bob"));
        Session s = sessionIn(Session.State.AUTHENTICATED, new RecordingSink());
        dispatch(s, new Request.SessionResume("1", "ffffffffffffffffffffffffffffffff"));
        assertEquals("bob", s.account());
        assertEquals(Session.State.AUTHENTICATED, s.state());
    }

    @Test
    void storageFailureAnswersStorageUnavailableAndAnnouncesNothing() {
        CompletableFuture<Void> failed = CompletableFuture.failedFuture(new StorageException("disk full", null));
        when(core.hold(anyString(), anyList(), anyInt(), any()))
                .thenReturn(new Outcome.Ok<>(HOLD, List.of(), List.of(DELTA), failed));
        RecordingSink watcher = new RecordingSink();
        dispatch(sessionIn(Session.State.ANONYMOUS, watcher), new Request.Subscribe("s", List.of("board")));
        Response r = dispatch(
                sessionIn(Session.State.AUTHENTICATED, new RecordingSink()),
                new Request.HoldCreate("1", "key-00001", List.of(SEGMENT), 1, null));
        assertEquals(ErrorCode.STORAGE_UNAVAILABLE, ((Response.Error) r).error().code());
        assertTrue(watcher.events.isEmpty());
    }

    @Test
    void idempotencyRecordIsAppendedToTheChangeLog() {
        List<app.trecho.server.state.Change> appended = new ArrayList<>();
        dispatcher = newDispatcher(changes -> {
            appended.addAll(changes);
            return CompletableFuture.completedFuture(null);
        });
        dispatch(
                sessionIn(Session.State.AUTHENTICATED, new RecordingSink()),
                new Request.BookingCancel("1", "key-00001", "ABCDEF"));
        var recorded = assertInstanceOf(app.trecho.server.state.Change.IdempotencyRecorded.class, appended.getFirst());
        assertEquals("alice", recorded.account());
        assertEquals("key-00001", recorded.key());
        assertTrue(!recorded.fingerprint().contains("\"id\""), recorded.fingerprint());
        assertEquals("{\"type\":\"booking.cancel.ok\",\"reference\":\"ABCDEF\"}", recorded.response());
    }

    @Test
    void aRunThatFailsWithAnErrorForgetsItsKeySoTheRetryIsAnswered() throws Exception {
        when(core.hold(anyString(), anyList(), anyInt(), any()))
                .thenThrow(new InternalError("simulated"))
                .thenReturn(withDelta(HOLD));
        Session s = sessionIn(Session.State.AUTHENTICATED, new RecordingSink());
        assertEquals(
                ErrorCode.INTERNAL, ((Response.Error) holdNow(s, "1")).error().code());
        // the key's run must not stay in flight: its retry would wait for it for ever (in memory
        // there is no store to rebuild from, so the retry runs at once)
        assertEquals(new Response.HoldCreateOk("2", HOLD), holdNow(s, "2"));
    }

    @Test
    void aRunThatFailsMidwayRefusesWritesUntilMemoryIsRebuiltFromTheStore() throws Exception {
        when(core.hold(anyString(), anyList(), anyInt(), any()))
                .thenThrow(new InternalError("simulated"))
                .thenReturn(withDelta(HOLD));
        FlakyStore store = FlakyStore.working();
        try (HeldScheduler scheduler = new HeldScheduler()) {
            dispatcher = newDispatcher(ChangeLog.NONE, StoredResults.NONE, store, scheduler);
            Session s = sessionIn(Session.State.AUTHENTICATED, new RecordingSink());
            assertEquals(
                    ErrorCode.INTERNAL,
                    ((Response.Error) holdNow(s, "1")).error().code());
            // the core may have changed memory before it failed: nothing may be decided on it
            assertInstanceOf(InternalError.class, store.refusedFor.get());
            assertEquals(
                    ErrorCode.STORAGE_UNAVAILABLE,
                    ((Response.Error) holdNow(s, "2")).error().code());
            verify(core, times(1)).hold(anyString(), anyList(), anyInt(), any());

            scheduler.runDue(); // the reload
            assertEquals(new Response.HoldCreateOk("3", HOLD), holdNow(s, "3"));
        }
    }

    /** A hold with key-00001 through the loop's path, its answer awaited with a deadline. */
    private Response holdNow(Session s, String id) throws Exception {
        Request.HoldCreate hold = new Request.HoldCreate(id, "key-00001", List.of(SEGMENT), 1, null);
        return dispatcher
                .answerLater(s, hold, Runnable::run)
                .get(10, TimeUnit.SECONDS)
                .response();
    }

    @Test
    void unexpectedCoreFailureIsInternalError() {
        when(core.cities()).thenThrow(new IllegalStateException("bug"));
        Response r = dispatch(sessionIn(Session.State.ANONYMOUS, new RecordingSink()), new Request.CityList("1"));
        assertEquals(ErrorCode.INTERNAL, ((Response.Error) r).error().code());
    }

    @Test
    void repeatedBadPasswordsAreRateLimited() {
        when(accounts.login(anyString(), anyString()))
                .thenReturn(new Outcome.Rejected<>(ErrorCode.INVALID_CREDENTIALS, "no", null));
        Session s = sessionIn(Session.State.ANONYMOUS, new RecordingSink());
        List<ErrorCode> codes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            codes.add(((Response.Error) dispatch(s, new Request.AccountLogin("" + i, "bob", "password1")))
                    .error()
                    .code());
        }
        assertEquals(
                Arrays.asList(ErrorCode.INVALID_CREDENTIALS, ErrorCode.INVALID_CREDENTIALS, ErrorCode.RATE_LIMITED),
                codes);
        verify(accounts, times(2)).login("bob", "password1");
    }

    @Test
    void subscribingToAnUnknownSegmentIsNotFoundAndSubscribesNothing() {
        when(core.seatMap(eq("TR9999-2026-11-27"), isNull()))
                .thenReturn(new Outcome.Rejected<>(ErrorCode.NOT_FOUND, "no such segment", null));
        Session s = sessionIn(Session.State.ANONYMOUS, new RecordingSink());
        Response r = dispatch(s, new Request.Subscribe("1", List.of("board", "seats:TR9999-2026-11-27")));
        assertEquals(ErrorCode.NOT_FOUND, ((Response.Error) r).error().code());
        assertEquals(List.of(), s.topics());
    }

    private Response dispatch(Session s, Request request) {
        return dispatcher.answer(s, request).response();
    }

    /** The answer's line as it will be written (its parts read from copies: they stay unwritten). */
    private static String line(Answer answer) {
        var text = new ByteArrayOutputStream();
        for (ByteBuffer part : answer.utf8()) {
            ByteBuffer copy = part.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            text.writeBytes(bytes);
        }
        return text.toString(StandardCharsets.UTF_8);
    }
}
