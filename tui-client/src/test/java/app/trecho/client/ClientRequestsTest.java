package app.trecho.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.City;
import app.trecho.protocol.model.ErrorBody;
import app.trecho.protocol.model.HeldSegment;
import app.trecho.protocol.model.Hold;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientRequestsTest {
    private static final HeldSegment SEGMENT = new HeldSegment(
            "TR1201-2026-11-27", "TR1201", "GRU", "GIG", Instant.parse("2026-11-27T10:00:00Z"), List.of("12C", "12D"));
    private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9_-]{22,64}$");

    private FakePeer peer;
    private TrechoClient client;
    private FakePeer.Link link;

    @BeforeEach
    void connect() throws Exception {
        peer = new FakePeer();
        CompletableFuture<TrechoClient> connecting = TrechoClients.connectAsync(peer.config());
        link = peer.acceptAndGreet();
        client = Futures.await(connecting);
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        peer.close();
    }

    @Test
    void responsesArrivingOutOfOrderCompleteTheirOwnRequests() throws Exception {
        CompletableFuture<List<City>> cities = client.cities();
        CompletableFuture<Instant> ping = client.ping();
        Request first = link.read();
        Request second = link.read();
        assertTrue(first instanceof Request.CityList && second instanceof Request.Ping);
        assertFalse(first.id().equals(second.id()));

        Instant now = Instant.parse("2026-11-27T10:15:00Z");
        link.send(new Response.PingOk(second.id(), now));
        assertEquals(now, Futures.await(ping));
        assertFalse(cities.isDone());
        link.send(new Response.CityListOk(first.id(), List.of(new City("GRU", "São Paulo"))));
        assertEquals(List.of(new City("GRU", "São Paulo")), Futures.await(cities));
    }

    @Test
    void holdYieldsTheTypedHold() throws Exception {
        CompletableFuture<Hold> hold = client.hold(List.of("TR1201-2026-11-27"), 2, null);
        Request.HoldCreate request = link.expect(Request.HoldCreate.class);
        assertEquals(List.of("TR1201-2026-11-27"), request.segments());
        assertEquals(2, request.passengers());
        Hold held = new Hold("h1", List.of(SEGMENT), 2, 50_000, Instant.parse("2026-11-27T10:25:00Z"));
        link.send(new Response.HoldCreateOk(request.id(), held));
        assertEquals(held, Futures.await(hold));
    }

    @Test
    void serverErrorFailsTheFutureWithItsCodeMessageAndDetails() throws Exception {
        CompletableFuture<Hold> hold = client.hold(List.of("TR1201-2026-11-27"), 1, List.of(List.of("12C")));
        Request.HoldCreate request = link.expect(Request.HoldCreate.class);
        link.send(new Response.Error(
                request.id(), new ErrorBody(ErrorCode.SEAT_TAKEN, "seat 12C is taken", Map.of("seat", "12C"))));

        ServerErrorException e = Futures.failure(hold, ServerErrorException.class);
        assertEquals(ErrorCode.SEAT_TAKEN, e.code());
        assertEquals("seat 12C is taken", e.getMessage());
        assertEquals("12C", e.details().get("seat"));
    }

    @Test
    void everyMutationCarriesAFreshUrlSafeIdempotencyKey() throws Exception {
        client.hold(List.of("TR1201-2026-11-27"), 1, null);
        client.hold(List.of("TR1201-2026-11-27"), 1, null);
        client.release("h1");
        client.purchase(List.of("h1"));
        client.cancel("ABCDEF");
        Set<String> keys = new HashSet<>();
        for (Request request : link.readN(5)) {
            String key = ((Request.Mutation) request).idempotencyKey();
            assertTrue(KEY.matcher(key).matches(), key);
            keys.add(key);
        }
        assertEquals(5, keys.size());
    }

    @Test
    void loginRemembersTheUsernameAndLogoutForgetsIt() throws Exception {
        CompletableFuture<Response.AccountLoginOk> login = client.login("ana", "correct horse");
        Request.AccountLogin request = link.expect(Request.AccountLogin.class);
        assertEquals("ana", request.username());
        link.send(new Response.AccountLoginOk(request.id(), "ana", "0123456789abcdef0123456789abcdef"));
        Futures.await(login);
        assertEquals("ana", client.username());

        CompletableFuture<Void> logout = client.logout();
        link.send(new Response.AccountLogoutOk(
                link.expect(Request.AccountLogout.class).id()));
        Futures.await(logout);
        assertNull(client.username());
    }

    @Test
    void responseOfTheWrongTypeOrForAnUnknownIdIsIgnored() throws Exception {
        CompletableFuture<Instant> ping = client.ping();
        Request.Ping request = link.expect(Request.Ping.class);
        link.send(new Response.CityListOk(request.id(), List.of()));
        link.send(new Response.CityListOk("no-such-id", List.of()));
        Instant now = Instant.parse("2026-11-27T10:15:00Z");
        link.send(new Response.PingOk(request.id(), now));
        assertEquals(now, Futures.await(ping));
    }

    @Test
    void unansweredRequestTimesOutWithAClearError() throws Exception {
        client.close();
        CompletableFuture<TrechoClient> connecting =
                TrechoClients.connectAsync(peer.config().withRequestTimeout(Duration.ofMillis(200)));
        FakePeer.Link second = peer.acceptAndGreet();
        try (TrechoClient impatient = Futures.await(connecting)) {
            CompletableFuture<app.trecho.protocol.model.Booking> purchase = impatient.purchase(null);
            second.expect(Request.CartPurchase.class);
            ConnectionException e = Futures.failure(purchase, ConnectionException.class);
            assertEquals("cart.purchase timed out after 200 ms", e.getMessage());
            assertEquals(ConnectionState.CONNECTED, impatient.state());
        }
    }

    @Test
    void closeFailsPendingRequestsAndLaterCallsFailAtOnce() throws Exception {
        CompletableFuture<Response.CartGetOk> cart = client.cart();
        link.expect(Request.CartGet.class);
        client.close();
        client.close();

        assertTrue(Futures.failure(cart, ConnectionException.class).getMessage().contains("closed"));
        assertEquals(ConnectionState.CLOSED, client.state());
        Futures.failure(client.bookings(), ConnectionException.class);
    }
}
