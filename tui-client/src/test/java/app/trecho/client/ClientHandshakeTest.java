package app.trecho.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.ErrorBody;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientHandshakeTest {
    private FakePeer peer;

    @BeforeEach
    void start() throws IOException {
        peer = new FakePeer();
    }

    @AfterEach
    void stop() throws IOException {
        peer.close();
    }

    @Test
    void connectSaysHelloWithVersionOneAndReportsConnected() throws Exception {
        RecordingListener listener = new RecordingListener();
        CompletableFuture<TrechoClient> connecting =
                TrechoClients.connectAsync(peer.config().withClientName("test-client"), listener);
        FakePeer.Link link = peer.accept();
        Request.Hello hello = link.expect(Request.Hello.class);
        assertEquals(List.of(1), hello.versions());
        assertEquals("test-client", hello.client());
        link.send(new Response.HelloOk(hello.id(), 1, 0, "fake", 65_536, 600));

        try (TrechoClient client = Futures.await(connecting)) {
            assertEquals(ConnectionState.CONNECTED, client.state());
            assertEquals("127.0.0.1:" + peer.port(), client.server());
            assertEquals(
                    ConnectionState.CONNECTING, listener.awaitState(s -> true).state());
            assertEquals(
                    ConnectionState.CONNECTED, listener.awaitState(s -> true).state());
        }
    }

    @Test
    void clientPingsAtTheServersAnnouncedHeartbeatWhenItIsShorterThanItsOwn() throws Exception {
        Duration ours = Duration.ofSeconds(30);
        CompletableFuture<TrechoClient> connecting =
                TrechoClients.connectAsync(peer.config().withHeartbeat(ours, ours));
        FakePeer.Link link = peer.accept();
        Request.Hello hello = link.expect(Request.Hello.class);
        link.send(new Response.HelloOk(hello.id(), 1, 2, "fake", 65_536, 600, 50));

        try (TrechoClient client = Futures.await(connecting)) {
            // The client's own interval is 30 s: only the announced 50 ms brings a ping this soon.
            Request.Ping ping = link.expect(Request.Ping.class);
            link.send(new Response.PingOk(ping.id(), Instant.now()));
            link.expect(Request.Ping.class);
            assertEquals(ConnectionState.CONNECTED, client.state());
        }
    }

    @Test
    void heartbeatIsTheShorterOfOursAndTheAnnouncedOne() {
        Duration ours = Duration.ofSeconds(5);
        assertEquals(Duration.ofMillis(200), ClientCore.heartbeatInterval(ours, 200));
        assertEquals(ours, ClientCore.heartbeatInterval(ours, 60_000));
        assertEquals(ours, ClientCore.heartbeatInterval(ours, null), "a 1.0/1.1 server announces none");
    }

    @Test
    void unsupportedVersionFailsTheConnectWithAClearMessage() throws Exception {
        RecordingListener listener = new RecordingListener();
        CompletableFuture<TrechoClient> connecting = TrechoClients.connectAsync(peer.config(), listener);
        FakePeer.Link link = peer.accept();
        Request.Hello hello = link.expect(Request.Hello.class);
        link.send(
                new Response.Error(hello.id(), new ErrorBody(ErrorCode.UNSUPPORTED_VERSION, "server speaks 2", null)));

        ConnectionException e = Futures.failure(connecting, ConnectionException.class);
        assertTrue(e.getMessage().contains("does not speak protocol version 1"), e.getMessage());
        assertTrue(e.getMessage().contains("UNSUPPORTED_VERSION"), e.getMessage());
        assertEquals(
                ConnectionState.CLOSED,
                listener.awaitState(ConnectionState.CLOSED).state());
    }

    @Test
    void unreachableServerFailsWithCannotReach() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ConnectionException e = assertThrows(
                ConnectionException.class, () -> TrechoClients.connect(ClientConfig.of("127.0.0.1", closedPort)));
        assertTrue(e.getMessage().startsWith("cannot reach 127.0.0.1:" + closedPort + ": "), e.getMessage());
    }

    @Test
    void serverThatNeverAnswersHelloFailsTheConnectAfterTheConnectTimeout() throws Exception {
        CompletableFuture<TrechoClient> connecting =
                TrechoClients.connectAsync(peer.config().withConnectTimeout(Duration.ofMillis(200)));
        peer.accept().expect(Request.Hello.class);

        ConnectionException e = Futures.failure(connecting, ConnectionException.class);
        assertTrue(e.getMessage().contains("hello timed out after 200 ms"), e.getMessage());
    }

    @Test
    void configParsesHostAndPort() {
        ClientConfig config = ClientConfig.of("example.org:7171");
        assertEquals("example.org", config.host());
        assertEquals(7171, config.port());
        assertEquals(7070, ClientConfig.of("localhost").port());
        assertEquals(Duration.ofSeconds(10), config.requestTimeout());
    }
}
