package app.trecho.client;

import static app.trecho.client.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.Hold;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server stops and starts again on the same data directory mid-session (in-process; the
 * {@code kill -9} variant is {@link ServerKillIT}): the client resumes its stored session by itself,
 * the cart is intact, and a purchase sent while the server was down is performed once.
 */
class ServerRestartTest {
    @TempDir
    Path dataDir;

    @Test
    void clientResumesAfterARestartWithItsCartIntactAndBuysOnce() throws Exception {
        RecordingListener listener = new RecordingListener();
        RealServer first = new RealServer(dataDir);
        try (FaultProxy proxy = new FaultProxy(first.server.port());
                TrechoClient client = TrechoClients.connect(RealServer.configVia(proxy), listener)) {
            String username = RealServer.newUsername();
            await(client.register(username, "correct horse"));
            Hold hold = await(client.hold(
                    List.of(RealServerClientTest.bookableSegment(client).segment()), 1, null));

            first.close();
            listener.awaitState(ConnectionState.RECONNECTING);
            var purchase = client.purchase(List.of(hold.holdId()));
            try (RealServer second = new RealServer(dataDir)) {
                proxy.retarget(second.server.port());
                listener.awaitState(ConnectionState.CONNECTED);

                assertEquals(username, client.username(), "the session was resumed, not lost");
                Booking booking = await(purchase);
                assertEquals(hold.segments(), booking.segments(), "the held seats were bought");
                assertEquals(List.of(booking), await(client.bookings()));
                assertEquals(List.of(booking), second.server.core().bookings(username));
                assertEquals(List.of(), await(client.cart()).holds());
            }
        } finally {
            first.close();
        }
    }

    @Test
    void cartSurvivesARestartUntouched() throws Exception {
        RecordingListener listener = new RecordingListener();
        RealServer first = new RealServer(dataDir);
        try (FaultProxy proxy = new FaultProxy(first.server.port());
                TrechoClient client = TrechoClients.connect(RealServer.configVia(proxy), listener)) {
            await(client.register(RealServer.newUsername(), "correct horse"));
            Hold hold = await(client.hold(
                    List.of(RealServerClientTest.bookableSegment(client).segment()), 2, null));

            first.close();
            listener.awaitState(ConnectionState.RECONNECTING);
            try (RealServer second = new RealServer(dataDir)) {
                proxy.retarget(second.server.port());
                listener.awaitState(ConnectionState.CONNECTED);
                assertEquals(List.of(hold), await(client.cart()).holds());
            }
        } finally {
            first.close();
        }
    }
}
