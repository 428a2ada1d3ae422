package app.trecho.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Event;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.server.TrechoServer;
import app.trecho.server.booking.AuditSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input over a real socket: each gets its documented error code, the offending connection
 * stays usable, the server stays up, a bystander is unaffected and no state changes.
 */
class BadInputTest {
    private static TrechoServer server;
    private static TestClient bystander;
    private static String segment;
    private static String aliceBooking;
    private static final java.util.concurrent.atomic.AtomicInteger USERS =
            new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void startServerWithABooking() throws Exception {
        server = ServerFixture.start();
        TestClient alice = TestClient.registered(server.port(), "alice");
        List<SegmentInfo> board =
                ((Response.BoardGetOk) alice.call(new Request.BoardGet(alice.nextId(), null, null))).segments();
        segment = board.get(board.size() - 1).segment();
        assertInstanceOf(
                Response.HoldCreateOk.class,
                alice.call(new Request.HoldCreate(alice.nextId(), "alice-hold-1", List.of(segment), 1, null)));
        Response purchased = alice.call(new Request.CartPurchase(alice.nextId(), "alice-buy-1", null));
        aliceBooking = assertInstanceOf(Response.CartPurchaseOk.class, purchased)
                .booking()
                .reference();
        alice.close();
        bystander = TestClient.registered(server.port(), "bystander");
        bystander.call(new Request.Subscribe(bystander.nextId(), List.of("board")));
    }

    @AfterAll
    static void stop() {
        bystander.close();
        server.close();
    }

    /** @param handshake whether the connection says hello (and logs in as mallory) before the bad input */
    record Case(String name, boolean handshake, byte[] line, ErrorCode expected, String expectedId) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> badInputs() {
        byte[] tenMiB = new byte[10 * 1024 * 1024 + 1];
        Arrays.fill(tenMiB, (byte) 'a');
        tenMiB[tenMiB.length - 1] = '\n';
        return Stream.of(
                        new Case("not JSON", true, line("this is not json"), ErrorCode.BAD_REQUEST, null),
                        new Case("JSON array", true, line("[1,2,3]"), ErrorCode.BAD_REQUEST, null),
                        new Case("empty line", true, line(""), ErrorCode.BAD_REQUEST, null),
                        new Case(
                                "binary bytes",
                                true,
                                new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3, '\n'},
                                ErrorCode.BAD_REQUEST,
                                null),
                        new Case(
                                "unknown type",
                                true,
                                line("{\"type\":\"fly.me\",\"id\":\"u1\"}"),
                                ErrorCode.UNKNOWN_TYPE,
                                "u1"),
                        new Case("missing type", true, line("{\"id\":\"m0\"}"), ErrorCode.INVALID_FIELD, "m0"),
                        new Case(
                                "missing field",
                                true,
                                line("{\"type\":\"booking.cancel\",\"id\":\"m1\",\"idempotencyKey\":\"abcdefgh1\"}"),
                                ErrorCode.INVALID_FIELD,
                                "m1"),
                        new Case(
                                "wrong-typed field",
                                true,
                                line("{\"type\":\"itinerary.search\",\"id\":\"w1\",\"from\":\"GRU\",\"to\":\"REC\","
                                        + "\"date\":\"2026-11-27\",\"passengers\":\"two\"}"),
                                ErrorCode.INVALID_FIELD,
                                "w1"),
                        new Case("10 MiB line", true, tenMiB, ErrorCode.LINE_TOO_LONG, null),
                        new Case(
                                "request before the handshake",
                                false,
                                line("{\"type\":\"city.list\",\"id\":\"b1\"}"),
                                ErrorCode.HANDSHAKE_REQUIRED,
                                "b1"),
                        new Case(
                                "hello twice",
                                true,
                                line("{\"type\":\"hello\",\"id\":\"h2\",\"versions\":[1]}"),
                                ErrorCode.ALREADY_HANDSHAKEN,
                                "h2"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputGetsItsCodeAndChangesNothing(Case c) throws Exception {
        AuditSnapshot before = server.core().auditSnapshot();
        try (TestClient client =
                c.handshake() ? TestClient.handshaken(server.port()) : TestClient.connect(server.port())) {
            client.sendBytes(c.line());
            Response.Error error = assertInstanceOf(Response.Error.class, client.nextResponse());
            assertEquals(c.expected(), error.error().code(), error::toString);
            assertEquals(c.expectedId(), error.id());
            assertStillUsable(client, c.handshake());
        }
        assertEquals(before, server.core().auditSnapshot());
        assertBystanderUnaffected();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherUsersThings")
    void anotherUsersBookingOrHoldIsNotFound(String name, Request.Mutation request) throws Exception {
        AuditSnapshot before = server.core().auditSnapshot();
        try (TestClient mallory = TestClient.registered(server.port(), "mallory-" + Math.abs(name.hashCode()))) {
            mallory.callExpectingError(request, ErrorCode.NOT_FOUND);
            Response list = mallory.call(new Request.BookingList(mallory.nextId()));
            assertTrue(assertInstanceOf(Response.BookingListOk.class, list)
                    .bookings()
                    .isEmpty());
        }
        assertEquals(before, server.core().auditSnapshot());
        assertBystanderUnaffected();
    }

    static Stream<Arguments> otherUsersThings() {
        return Stream.of(
                Arguments.of(
                        "cancel alice's booking", new Request.BookingCancel("c1", "mallory-cancel-1", aliceBooking)),
                Arguments.of("release an unknown hold", new Request.HoldRelease("c2", "mallory-release-1", "nohold")));
    }

    private static void assertStillUsable(TestClient client, boolean handshaken) {
        if (!handshaken) {
            assertInstanceOf(Response.HelloOk.class, client.call(new Request.Hello(client.nextId(), List.of(1), null)));
        }
        assertInstanceOf(Response.PingOk.class, client.call(new Request.Ping(client.nextId())));
    }

    private static void assertBystanderUnaffected() {
        assertInstanceOf(Response.PingOk.class, bystander.call(new Request.Ping(bystander.nextId())));
        Event unexpected = bystander.nextEvent(java.time.Duration.ZERO);
        assertEquals(null, unexpected, "bad input must not produce events for others");
        assertTrue(!bystander.isClosed());
    }

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
