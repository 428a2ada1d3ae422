package app.trecho.client;

import static app.trecho.client.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.model.Hold;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pulled cable: the path black-holes (no data, no RST, no FIN) between the real client library and
 * the real server. Heartbeats make both sides notice; the account's hold survives; the client comes
 * back by itself when the path does. Heartbeat 200 ms (server idle timeout 600 ms) keeps it fast.
 */
class HalfOpenConnectionTest {
    private static final Duration HEARTBEAT = Duration.ofMillis(200);

    @TempDir
    Path dataDir;

    @Test
    void blackHoledConnectionIsDroppedByBothSidesAndTheClientReconnectsWhenThePathReturns() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (RealServer server = new RealServer(dataDir, "--idle-timeout", "600ms");
                FaultProxy proxy = new FaultProxy(server.server.port());
                TrechoClient client = TrechoClients.connect(
                        RealServer.configVia(proxy).withHeartbeat(HEARTBEAT, HEARTBEAT.multipliedBy(2)), listener)) {
            String username = RealServer.newUsername();
            await(client.register(username, "correct horse"));
            Hold hold = await(client.hold(
                    List.of(RealServerClientTest.bookableSegment(client).segment()), 1, null));
            assertEquals(1, server.server.connectionCount());

            // Idle for longer than the server's idle timeout: the heartbeat alone keeps it open.
            int before = proxy.clientChunks();
            Eventually.until(() -> proxy.clientChunks() >= before + 5, "five heartbeats passed");
            assertEquals(ConnectionState.CONNECTED, client.state());
            assertTrue(
                    listener.states.stream().noneMatch(s -> s.state() == ConnectionState.RECONNECTING),
                    "an idle but healthy connection was dropped");

            proxy.blackHole(true);
            listener.awaitState(ConnectionState.RECONNECTING);
            Eventually.until(() -> server.server.connectionCount() == 0, "the server closed the dead connection");
            assertEquals(List.of(hold), server.server.core().cart(username), "the account's hold outlives it");

            proxy.blackHole(false);
            listener.awaitState(ConnectionState.CONNECTED);
            assertEquals(List.of(hold), await(client.cart()).holds());
            assertEquals(username, client.username());
            assertEquals(1, server.server.connectionCount());
        }
    }
}
