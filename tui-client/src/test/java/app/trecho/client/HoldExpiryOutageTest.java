package app.trecho.client;

import static app.trecho.client.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.model.Hold;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outage longer than the hold TTL (1 s here): the hold is gone when the client returns, the
 * purchase the customer pressed while offline is refused instead of buying anything, and the cart
 * the client reads shows the truth (the TUI names the lost hold from it: see ReconnectTest).
 */
class HoldExpiryOutageTest {
    @TempDir
    Path dataDir;

    @Test
    void holdsExpiredDuringTheOutageAreGoneAndNothingIsBought() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (RealServer server = new RealServer(dataDir, "--hold-ttl", "1s");
                FaultProxy proxy = new FaultProxy(server.server.port());
                TrechoClient client = TrechoClients.connect(RealServer.configVia(proxy), listener)) {
            String username = RealServer.newUsername();
            await(client.register(username, "correct horse"));
            Hold hold = await(client.hold(
                    List.of(RealServerClientTest.bookableSegment(client).segment()), 1, null));
            assertEquals(List.of(hold), await(client.cart()).holds());

            proxy.blackHole(true);
            proxy.cutAll();
            listener.awaitState(ConnectionState.RECONNECTING);
            var purchase = client.purchase(List.of(hold.holdId()));
            Eventually.until(() -> server.server.core().liveHoldCount() == 0, "the hold expired on the server");
            proxy.blackHole(false);

            ServerErrorException refused = Futures.failure(purchase, ServerErrorException.class);
            assertTrue(
                    Set.of(ErrorCode.CART_CHANGED, ErrorCode.CART_EMPTY).contains(refused.code()), refused::toString);
            assertEquals(List.of(), await(client.cart()).holds(), "the expired hold is gone");
            assertEquals(List.of(), await(client.bookings()), "nothing was bought");
            assertEquals(List.of(), server.server.core().bookings(username));
        }
    }
}
