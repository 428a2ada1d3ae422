package app.trecho.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Event;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.SeatChange;
import app.trecho.protocol.model.SeatState;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.server.TrechoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Live updates over real sockets: seat events, slow consumers, expiry, shutdown, idempotent retries. */
class LiveEventsTest {

    @Test
    void subscriberSeesAvailabilityAndSeatEventsForHoldPurchaseAndCancel() throws Exception {
        try (TrechoServer server = ServerFixture.start();
                TestClient watcher = TestClient.registered(server.port(), "watcher");
                TestClient buyer = TestClient.registered(server.port(), "buyer")) {
            String segment = lastSegment(buyer);
            Response.SubscribeOk sub = assertInstanceOf(
                    Response.SubscribeOk.class,
                    watcher.call(new Request.Subscribe(watcher.nextId(), List.of("board", "seats:" + segment))));
            assertEquals(List.of("board", "seats:" + segment), sub.topics());

            Response.HoldCreateOk held = assertInstanceOf(
                    Response.HoldCreateOk.class,
                    buyer.call(new Request.HoldCreate(
                            buyer.nextId(), "buyer-hold-1", List.of(segment), 2, List.of(List.of("3A", "3B")))));
            Event.Availability a1 = watcher.awaitEvent(
                    Event.Availability.class, e -> e.segment().equals(segment));
            Event.Seat s1 =
                    watcher.awaitEvent(Event.Seat.class, e -> e.segment().equals(segment));
            assertEquals(a1.seatsTotal() - 2, a1.seatsFree());
            assertEquals(
                    List.of(new SeatChange("3A", SeatState.HELD), new SeatChange("3B", SeatState.HELD)), s1.changes());

            Booking booking = assertInstanceOf(
                            Response.CartPurchaseOk.class,
                            buyer.call(new Request.CartPurchase(
                                    buyer.nextId(),
                                    "buyer-buy-1",
                                    List.of(held.hold().holdId()))))
                    .booking();
            Event.Seat s2 =
                    watcher.awaitEvent(Event.Seat.class, e -> e.segment().equals(segment));
            assertTrue(s2.changes().stream().allMatch(c -> c.state() == SeatState.SOLD), s2::toString);
            assertTrue(s2.version() > s1.version());

            buyer.call(new Request.BookingCancel(buyer.nextId(), "buyer-cancel-1", booking.reference()));
            Event.Availability a3 = watcher.awaitEvent(
                    Event.Availability.class, e -> e.segment().equals(segment) && e.seatsFree() == e.seatsTotal());
            Event.Seat s3 =
                    watcher.awaitEvent(Event.Seat.class, e -> e.segment().equals(segment));
            assertTrue(s3.changes().stream().allMatch(c -> c.state() == SeatState.FREE), s3::toString);
            assertEquals(a3.seatsTotal(), a3.seatsFree());
        }
    }

    @Test
    void subscribingToAnUnknownSegmentIsNotFound() throws Exception {
        try (TrechoServer server = ServerFixture.start();
                TestClient c = TestClient.handshaken(server.port())) {
            c.callExpectingError(
                    new Request.Subscribe(c.nextId(), List.of("board", "seats:ZZ999-2020-01-01")), ErrorCode.NOT_FOUND);
            Response.UnsubscribeOk none = assertInstanceOf(
                    Response.UnsubscribeOk.class, c.call(new Request.Unsubscribe(c.nextId(), List.of("board"))));
            assertEquals(List.of(), none.topics(), "a failed subscribe adds no topic");
        }
    }

    @Test
    void slowSubscriberGetsResyncWhileOthersKeepReceiving() throws Exception {
        try (TrechoServer server = ServerFixture.start(
                        "--rate-limit", "1000000", "--rate-burst", "1000000", "--outbound-queue", "256");
                TestClient fast = TestClient.handshaken(server.port());
                TestClient slow = TestClient.connectNotReading(server.port());
                TestClient actor = TestClient.registered(server.port(), "actor")) {
            slow.send(new Request.Hello("h", List.of(1), "slow"));
            slow.send(new Request.Subscribe("s", List.of("board")));
            assertInstanceOf(Response.HelloOk.class, slow.readDirectly());
            assertInstanceOf(Response.SubscribeOk.class, slow.readDirectly());
            fast.call(new Request.Subscribe(fast.nextId(), List.of("board")));

            List<SegmentInfo> board = assertInstanceOf(
                            Response.BoardGetOk.class, actor.call(new Request.BoardGet(actor.nextId(), null, null)))
                    .segments();
            List<SegmentInfo> later = board.subList(board.size() / 2, board.size());
            // In windows of 50 holds then their 50 releases (a cart holds at most 100), each window
            // followed by the fast client reading its events: it never has more than 100 undelivered
            // (its queue holds 256), whatever the scheduler does. The slow client reads nothing, so
            // 3,000 events overflow its queue and socket buffers.
            int windows = 30;
            int window = 50;
            int held = 0;
            long seq = 0;
            for (int w = 0; w < windows; w++) {
                for (int i = w * window; i < (w + 1) * window; i++) {
                    String segment = later.get(i % later.size()).segment();
                    actor.send(new Request.HoldCreate("hc" + i, "hold-key-" + i, List.of(segment), 1, null));
                }
                List<String> holdIds = new java.util.ArrayList<>();
                for (int i = 0; i < window; i++) {
                    if (actor.nextResponse() instanceof Response.HoldCreateOk ok) {
                        holdIds.add(ok.hold().holdId());
                    }
                }
                for (String holdId : holdIds) {
                    actor.send(new Request.HoldRelease("hr-" + holdId, "release-" + holdId, holdId));
                }
                for (int i = 0; i < holdIds.size(); i++) {
                    assertInstanceOf(Response.HoldReleaseOk.class, actor.nextResponse());
                }
                for (int i = 0; i < 2 * holdIds.size(); i++) {
                    Event e = fast.awaitEvent(Event.class, x -> true);
                    assertEquals(++seq, e.seq(), "no gaps for a client that keeps up");
                    assertInstanceOf(Event.Availability.class, e, "a client that keeps up gets no resync");
                }
                held += holdIds.size();
            }
            assertTrue(held > 1000, "most holds succeed: " + held);

            slow.startReading();
            long lastSeq = 0;
            while (true) {
                Event e = slow.awaitEvent(Event.class, x -> true);
                assertEquals(lastSeq + 1, e.seq(), "delivered events have no gaps, even around a resync");
                lastSeq = e.seq();
                if (e instanceof Event.Resync) {
                    break;
                }
            }
            assertTrue(lastSeq < 2L * held, "events were dropped for the slow client");
            assertTrue(ServerFixture.violations(server).isEmpty());
        }
    }

    @Test
    void idempotentRetryReturnsTheSameBookingAndDoesNotDoubleBook() throws Exception {
        try (TrechoServer server = ServerFixture.start();
                TestClient buyer = TestClient.registered(server.port(), "retrier")) {
            String segment = lastSegment(buyer);
            buyer.call(new Request.HoldCreate(buyer.nextId(), "retry-hold-1", List.of(segment), 1, null));
            Request.CartPurchase first = new Request.CartPurchase("p1", "retry-buy-1", null);
            Booking booking = assertInstanceOf(Response.CartPurchaseOk.class, buyer.call(first))
                    .booking();
            Response retried = buyer.call(new Request.CartPurchase("p2", "retry-buy-1", null));
            assertEquals(new Response.CartPurchaseOk("p2", booking), retried);
            List<Booking> bookings = assertInstanceOf(
                            Response.BookingListOk.class, buyer.call(new Request.BookingList(buyer.nextId())))
                    .bookings();
            assertEquals(List.of(booking), bookings);

            buyer.callExpectingError(
                    new Request.BookingCancel("c1", "retry-buy-1", booking.reference()),
                    ErrorCode.IDEMPOTENCY_CONFLICT);
            assertTrue(ServerFixture.violations(server).isEmpty());
        }
    }

    @Test
    void concurrentDuplicatesOfOneKeyExecuteOnce() throws Exception {
        try (TrechoServer server = ServerFixture.start();
                TestClient setup = TestClient.registered(server.port(), "twin")) {
            String segment = lastSegment(setup);
            setup.call(new Request.HoldCreate(setup.nextId(), "twin-hold-1", List.of(segment), 1, null));
            List<Callable<Response>> buyers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                buyers.add(() -> {
                    try (TestClient c = TestClient.handshaken(server.port())) {
                        c.call(new Request.AccountLogin(c.nextId(), "twin", "password-of-twin"));
                        return c.call(new Request.CartPurchase("buy" + n, "twin-buy-1", null));
                    }
                });
            }
            List<Booking> results = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Future<Response> f : pool.invokeAll(buyers)) {
                    results.add(assertInstanceOf(Response.CartPurchaseOk.class, f.get())
                            .booking());
                }
            }
            assertEquals(1, results.stream().distinct().count(), "every duplicate gets the one booking");
            assertEquals(1, server.core().bookings("twin").size());
        }
    }

    @Test
    void expiredHoldIsAnnouncedToEveryConnectionOfItsOwner() throws Exception {
        try (TrechoServer server = ServerFixture.start("--hold-ttl", "1s");
                TestClient first = TestClient.registered(server.port(), "forgetful");
                TestClient second = TestClient.handshaken(server.port());
                TestClient stranger = TestClient.registered(server.port(), "stranger")) {
            second.call(new Request.AccountLogin(second.nextId(), "forgetful", "password-of-forgetful"));
            String segment = lastSegment(first);
            String holdId = assertInstanceOf(
                            Response.HoldCreateOk.class,
                            first.call(new Request.HoldCreate(first.nextId(), "forget-1", List.of(segment), 1, null)))
                    .hold()
                    .holdId();
            Event.HoldExpired e1 =
                    first.awaitEvent(Event.HoldExpired.class, e -> e.holdId().equals(holdId));
            Event.HoldExpired e2 =
                    second.awaitEvent(Event.HoldExpired.class, e -> e.holdId().equals(holdId));
            assertEquals(List.of(segment), e1.segments());
            assertEquals(e1.segments(), e2.segments());
            Response.CartGetOk cart =
                    assertInstanceOf(Response.CartGetOk.class, first.call(new Request.CartGet(first.nextId())));
            assertTrue(cart.holds().isEmpty());
            assertNull(stranger.nextEvent(Duration.ZERO), "other accounts are not told");
        }
    }

    @Test
    void holdsStillExpireAfterTheEarliestOneWasBought() throws Exception {
        // Buying the earliest hold leaves expiry armed for it; that run must find the later ones.
        // (A purchase buys its account's whole cart: the later holds are another account's. The
        // TTL leaves the purchase time to arrive even on a busy machine.)
        try (TrechoServer server = ServerFixture.start("--hold-ttl", "2s");
                TestClient buyer = TestClient.registered(server.port(), "decisive");
                TestClient other = TestClient.registered(server.port(), "hesitant")) {
            String segment = lastSegment(buyer);
            String bought = holdOne(buyer, segment, "earliest-1");
            Response purchased = buyer.call(new Request.CartPurchase(buyer.nextId(), "earliest-buy", List.of(bought)));
            Booking booking = assertInstanceOf(Response.CartPurchaseOk.class, purchased, purchased::toString)
                    .booking();
            String second = holdOne(other, segment, "earliest-2");
            String third = holdOne(other, segment, "earliest-3");
            List<String> expired = new ArrayList<>();
            while (expired.size() < 2) { // in expiry order, or together in one run
                expired.add(other.awaitEvent(Event.HoldExpired.class, e -> true).holdId());
            }
            assertEquals(Set.of(second, third), Set.copyOf(expired));
            Response.CartGetOk cart =
                    assertInstanceOf(Response.CartGetOk.class, other.call(new Request.CartGet(other.nextId())));
            assertTrue(cart.holds().isEmpty());
            assertEquals(List.of(booking), server.core().bookings("decisive"), "a bought hold never expires");
        }
    }

    private static String holdOne(TestClient c, String segment, String key) {
        Response held = c.call(new Request.HoldCreate(c.nextId(), key, List.of(segment), 1, null));
        return assertInstanceOf(Response.HoldCreateOk.class, held, held::toString)
                .hold()
                .holdId();
    }

    @Test
    void gracefulShutdownSendsShutdownEventAndCloses() throws Exception {
        TrechoServer server = ServerFixture.start();
        try (TestClient a = TestClient.handshaken(server.port());
                TestClient b = TestClient.registered(server.port(), "leaver")) {
            server.close();
            assertInstanceOf(Event.Shutdown.class, a.awaitEvent(Event.Shutdown.class, e -> true));
            assertInstanceOf(Event.Shutdown.class, b.awaitEvent(Event.Shutdown.class, e -> true));
            assertTrue(a.awaitClosed(TestClient.WAIT));
            assertTrue(b.awaitClosed(TestClient.WAIT));
        } finally {
            server.close();
        }
    }

    static String lastSegment(TestClient c) {
        return lastSegmentInfo(c).segment();
    }

    static SegmentInfo lastSegmentInfo(TestClient c) {
        List<SegmentInfo> board = assertInstanceOf(
                        Response.BoardGetOk.class, c.call(new Request.BoardGet(c.nextId(), null, null)))
                .segments();
        return board.get(board.size() - 1);
    }
}
