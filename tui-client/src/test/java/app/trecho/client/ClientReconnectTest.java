package app.trecho.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Event;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.ErrorBody;
import app.trecho.protocol.model.HeldSegment;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With auto-reconnect: resume, re-subscribe, resend with the same id and idempotency key. */
class ClientReconnectTest {
    private static final HeldSegment SEGMENT = new HeldSegment(
            "TR1201-2026-11-27", "TR1201", "GRU", "GIG", Instant.parse("2026-11-27T10:00:00Z"), List.of("12C", "12D"));
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final ReconnectPolicy FAST =
            new ReconnectPolicy(true, Duration.ofMillis(10), Duration.ofMillis(50), 0);

    private FakePeer peer;
    private TrechoClient client;
    private FakePeer.Link link;
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void connectAndLogIn() throws Exception {
        peer = new FakePeer();
        CompletableFuture<TrechoClient> connecting =
                TrechoClients.connectAsync(peer.config().withReconnect(FAST), listener);
        link = peer.acceptAndGreet();
        client = Futures.await(connecting);
        CompletableFuture<Response.AccountLoginOk> login = client.login("ana", "correct horse");
        link.send(new Response.AccountLoginOk(
                link.expect(Request.AccountLogin.class).id(), "ana", TOKEN));
        Futures.await(login);
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        peer.close();
    }

    @Test
    void purchaseInterruptedByALostConnectionIsResentWithTheSameKeyAndCompletesOnce() throws Exception {
        CompletableFuture<List<String>> subscribed = client.subscribe(List.of("board"));
        link.send(new Response.SubscribeOk(link.expect(Request.Subscribe.class).id(), List.of("board")));
        Futures.await(subscribed);

        CompletableFuture<Booking> purchase = client.purchase(List.of("h1"));
        Request.CartPurchase sent = link.expect(Request.CartPurchase.class);
        link.close();
        listener.awaitState(
                s -> s.state() == ConnectionState.RECONNECTING && "reconnecting (attempt 1)".equals(s.detail()));

        FakePeer.Link second = peer.acceptAndGreet();
        Request.SessionResume resume = second.expect(Request.SessionResume.class);
        assertEquals(TOKEN, resume.token());
        second.send(new Response.SessionResumeOk(resume.id(), "ana"));
        Request.Subscribe resubscribe = second.expect(Request.Subscribe.class);
        assertEquals(List.of("board"), resubscribe.topics());
        second.send(new Response.SubscribeOk(resubscribe.id(), List.of("board")));

        Request.CartPurchase resent = second.expect(Request.CartPurchase.class);
        assertEquals(sent, resent);
        Booking booking = new Booking("ABC234", List.of(SEGMENT), 1, 10_000, Instant.parse("2026-11-27T10:15:00Z"));
        second.send(new Response.CartPurchaseOk(resent.id(), booking));
        second.send(new Response.CartPurchaseOk(resent.id(), booking));

        assertEquals(booking, Futures.await(purchase));
        listener.awaitState(ConnectionState.CONNECTED);
        assertEquals("ana", client.username());
        assertEquals(0, ((TcpTrechoClient) client).pendingCount());
        Event.Resync resync = assertInstanceOf(Event.Resync.class, listener.nextEvent());
        assertTrue(resync.reason().startsWith("reconnected"), resync.reason());
    }

    @Test
    void requestsMadeWhileReconnectingAreSentOnceReconnected() throws Exception {
        link.close();
        listener.awaitState(ConnectionState.RECONNECTING);
        CompletableFuture<Instant> ping = client.ping();

        FakePeer.Link second = peer.acceptAndGreet();
        Request.SessionResume resume = second.expect(Request.SessionResume.class);
        second.send(new Response.SessionResumeOk(resume.id(), "ana"));
        Request.Ping request = second.expect(Request.Ping.class);
        Instant now = Instant.parse("2026-11-27T10:15:00Z");
        second.send(new Response.PingOk(request.id(), now));
        assertEquals(now, Futures.await(ping));
    }

    @Test
    void anExpiredSessionLeavesTheClientConnectedButAnonymous() throws Exception {
        link.close();
        FakePeer.Link second = peer.acceptAndGreet();
        Request.SessionResume resume = second.expect(Request.SessionResume.class);
        second.send(new Response.Error(resume.id(), new ErrorBody(ErrorCode.SESSION_INVALID, "expired", null)));
        listener.awaitState(ConnectionState.RECONNECTING);
        listener.awaitState(ConnectionState.CONNECTED);
        assertEquals(null, client.username());
    }

    @Test
    void aRequestThatCannotCompleteInTimeFailsWhileReconnecting() throws Exception {
        client.close();
        CompletableFuture<TrechoClient> connecting = TrechoClients.connectAsync(
                peer.config().withReconnect(FAST).withRequestTimeout(Duration.ofMillis(300)), listener);
        FakePeer.Link first = peer.acceptAndGreet();
        try (TrechoClient impatient = Futures.await(connecting)) {
            peer.close();
            CompletableFuture<Void> cancel = impatient.cancel("ABC234");
            first.expect(Request.BookingCancel.class);
            first.close();

            ConnectionException e = Futures.failure(cancel, ConnectionException.class);
            assertTrue(e.getMessage().startsWith("booking.cancel timed out after 300 ms"), e.getMessage());
            assertTrue(e.getMessage().contains("reconnecting"), e.getMessage());
        }
    }

    @Test
    void givingUpAfterTheLastAttemptClosesAndFailsPending() throws Exception {
        client.close();
        ReconnectPolicy twice = new ReconnectPolicy(true, Duration.ofMillis(10), Duration.ofMillis(20), 2);
        RecordingListener fresh = new RecordingListener();
        CompletableFuture<TrechoClient> connecting =
                TrechoClients.connectAsync(peer.config().withReconnect(twice), fresh);
        FakePeer.Link first = peer.acceptAndGreet();
        try (TrechoClient doomed = Futures.await(connecting)) {
            CompletableFuture<Response.CartGetOk> cart = doomed.cart();
            first.expect(Request.CartGet.class);
            peer.close();
            first.close();

            ConnectionException e = Futures.failure(cart, ConnectionException.class);
            assertTrue(e.getMessage().contains("gave up reconnecting"), e.getMessage());
            String detail = fresh.awaitState(ConnectionState.CLOSED).detail();
            assertTrue(detail.contains("after 2 attempts"), detail);
        }
    }

    @Test
    void aBlackHoledPathIsNoticedByTheHeartbeatAndTheClientReconnectsWhenItReturns() throws Exception {
        client.close();
        RecordingListener fresh = new RecordingListener();
        try (FaultProxy proxy = new FaultProxy(peer.port())) {
            ClientConfig config = ClientConfig.of("127.0.0.1", proxy.port())
                    .withReconnect(FAST)
                    .withConnectTimeout(Duration.ofMillis(300))
                    .withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(300));
            CompletableFuture<TrechoClient> connecting = TrechoClients.connectAsync(config, fresh);
            FakePeer.Link first = peer.acceptAndGreet();
            try (TrechoClient survivor = Futures.await(connecting)) {
                CompletableFuture<Response.AccountLoginOk> login = survivor.login("ana", "correct horse");
                first.send(new Response.AccountLoginOk(
                        first.expect(Request.AccountLogin.class).id(), "ana", TOKEN));
                Futures.await(login);

                proxy.blackHole(true);
                RecordingListener.State lost = fresh.awaitState(ConnectionState.RECONNECTING);
                assertEquals("reconnecting (attempt 1)", lost.detail());
                proxy.blackHole(false);

                FakePeer.Link second = peer.acceptAndGreet();
                Request.SessionResume resume = second.expect(Request.SessionResume.class);
                assertEquals(TOKEN, resume.token());
                second.send(new Response.SessionResumeOk(resume.id(), "ana"));
                fresh.awaitState(ConnectionState.CONNECTED);
                assertEquals(ConnectionState.CONNECTED, survivor.state());
            }
        }
    }

    @Test
    void backoffGrowsExponentiallyUpToTheCapWithJitter() {
        ReconnectPolicy policy = new ReconnectPolicy(true, Duration.ofMillis(100), Duration.ofSeconds(1), 0);
        SplittableRandom random = new SplittableRandom(42);
        for (int attempt = 1; attempt <= 10; attempt++) {
            long base = Math.min(1000, 100L << (attempt - 1));
            long delay = policy.delayBefore(attempt, random).toMillis();
            assertTrue(delay >= base / 2 && delay <= base, "attempt " + attempt + ": " + delay);
        }
        assertTrue(policy.allows(1_000));
        assertTrue(!ReconnectPolicy.disabled().allows(1));
    }
}
