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
 * {@code kill -9} of the real server process mid-session, then a new process on the same data
 * directory: the client resumes by itself, the cart is intact, and the purchase it sent while the
 * server was dead is performed exactly once.
 */
class ServerKillIT {
    @TempDir
    Path dataDir;

    @Test
    void clientResumesAfterKillMinusNineWithItsCartIntact() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (ServerJar first = ServerJar.start(dataDir);
                FaultProxy proxy = new FaultProxy(first.port());
                TrechoClient client = TrechoClients.connect(RealServer.configVia(proxy), listener)) {
            String username = RealServer.newUsername();
            await(client.register(username, "correct horse"));
            await(client.subscribe(List.of("board")));
            Hold hold = await(client.hold(
                    List.of(RealServerClientTest.bookableSegment(client).segment()), 2, null));

            first.kill();
            listener.awaitState(ConnectionState.RECONNECTING);
            var cart = client.cart();
            var purchase = client.purchase(List.of(hold.holdId()));
            try (ServerJar second = ServerJar.start(dataDir)) {
                proxy.retarget(second.port());
                listener.awaitState(ConnectionState.CONNECTED);

                assertEquals(username, client.username(), "the session was resumed");
                assertEquals(List.of(hold), await(cart).holds(), "the cart survived kill -9");
                Booking booking = await(purchase);
                assertEquals(hold.segments(), booking.segments());
                assertEquals(List.of(booking), await(client.bookings()), "bought exactly once");
                assertEquals(List.of(), await(client.cart()).holds());
            }
        }
    }
}
