package app.trecho.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Without auto-reconnect: every way of losing the connection closes the client and fails what is pending. */
class ClientConnectionLossTest {
    private FakePeer peer;
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void start() throws IOException {
        peer = new FakePeer();
    }

    @AfterEach
    void stop() throws IOException {
        peer.close();
    }

    private TrechoClient connect(ClientConfig config) throws Exception {
        CompletableFuture<TrechoClient> connecting = TrechoClients.connectAsync(config, listener);
        FakePeer.Link link = peer.acceptAndGreet();
        links = link;
        return Futures.await(connecting);
    }

    private FakePeer.Link links;

    @Test
    void serverClosingMidResponseFailsPendingRequestsAndClosesTheClient() throws Exception {
        try (TrechoClient client = connect(peer.config())) {
            CompletableFuture<List<String>> subscribed = client.subscribe(List.of("board"));
            Request.Subscribe request = links.expect(Request.Subscribe.class);
            links.sendRaw("{\"type\":\"subscribe.ok\",\"id\":\"" + request.id() + "\",\"top");
            links.close();

            ConnectionException e = Futures.failure(subscribed, ConnectionException.class);
            assertTrue(e.getMessage().contains("lost"), e.getMessage());
            listener.awaitState(ConnectionState.CLOSED);
            assertEquals(ConnectionState.CLOSED, client.state());
            Futures.failure(client.ping(), ConnectionException.class);
        }
    }

    @Test
    void garbageFromTheServerClosesTheConnectionAndFailsPendingRequests() throws Exception {
        try (TrechoClient client = connect(peer.config())) {
            CompletableFuture<Response.CartGetOk> cart = client.cart();
            links.expect(Request.CartGet.class);
            links.sendRaw("HTTP/1.1 400 Bad Request\n");

            ConnectionException e = Futures.failure(cart, ConnectionException.class);
            assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
            RecordingListener.State closed = listener.awaitState(ConnectionState.CLOSED);
            assertTrue(closed.detail().contains("not a JSON object"), closed.detail());
        }
    }

    @Test
    void aResponseWithInvalidFieldsFailsJustThatRequest() throws Exception {
        try (TrechoClient client = connect(peer.config())) {
            CompletableFuture<Response.CartGetOk> cart = client.cart();
            Request.CartGet request = links.expect(Request.CartGet.class);
            links.sendRaw("{\"type\":\"cart.get.ok\",\"id\":\"" + request.id() + "\",\"totalCents\":\"lots\"}\n");

            ConnectionException e = Futures.failure(cart, ConnectionException.class);
            assertTrue(e.getMessage().startsWith("invalid response from the server"), e.getMessage());
            assertEquals(ConnectionState.CONNECTED, client.state());
        }
    }

    @Test
    void heartbeatPingsAnIdleConnectionAndASilentPeerCountsAsDead() throws Exception {
        ClientConfig config = peer.config().withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(300));
        try (TrechoClient client = connect(config)) {
            links.expect(Request.Ping.class);
            RecordingListener.State closed = listener.awaitState(ConnectionState.CLOSED);
            assertTrue(closed.detail().contains("heartbeat"), closed.detail());
            assertEquals(ConnectionState.CLOSED, client.state());
        }
    }

    @Test
    void answeredHeartbeatsKeepTheConnectionOpen() throws Exception {
        ClientConfig config = peer.config().withHeartbeat(Duration.ofMillis(50), Duration.ofMillis(500));
        try (TrechoClient client = connect(config)) {
            for (int i = 0; i < 5; i++) {
                Request.Ping ping = links.expect(Request.Ping.class);
                links.send(new Response.PingOk(ping.id(), java.time.Instant.now()));
            }
            assertEquals(ConnectionState.CONNECTED, client.state());
        }
    }
}
