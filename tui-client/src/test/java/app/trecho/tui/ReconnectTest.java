package app.trecho.tui;

import static app.trecho.tui.Harness.hold;
import static app.trecho.tui.Harness.segment;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import app.trecho.client.ConnectionState;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.SegmentInfo;
import com.googlecode.lanterna.input.KeyType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The TUI through a dropped connection: status bar, screens kept and refreshed, holds lost, purchases. */
class ReconnectTest {
    private static final SegmentInfo TR1021 = segment("TR1021", "POA", "GRU", 120);
    private static final Hold HOLD = hold("h1", TR1021, List.of("12C"), Harness.NOW.plusSeconds(60));
    private static final Booking BOOKING = new Booking("ABC234", HOLD.segments(), 1, HOLD.priceCents(), Harness.NOW);

    private static CompletableFuture<Response.CartGetOk> cartOf(List<Hold> holds) {
        return CompletableFuture.completedFuture(new Response.CartGetOk(
                "c", holds, holds.stream().mapToLong(Hold::priceCents).sum()));
    }

    private static void drop(Harness h, int attempt) {
        h.listener.get().onConnectionState(ConnectionState.RECONNECTING, "reconnecting (attempt " + attempt + ")");
        h.pump();
    }

    private static void reconnect(Harness h) {
        h.listener.get().onConnectionState(ConnectionState.CONNECTED, "connected to test:7070");
        h.pump();
    }

    @Test
    void screensKeepTheirContentWhileOfflineAndRefreshAfter() throws Exception {
        try (Harness h = new Harness().loggedIn(List.of(TR1021), List.of(HOLD))) {
            when(h.client.bookings()).thenReturn(CompletableFuture.completedFuture(List.of(BOOKING)));
            h.press(KeyType.F5);
            h.awaitText("ABC234");

            drop(h, 1);
            drop(h, 2);
            h.awaitText("reconnecting (attempt 2)…");
            h.awaitText("ABC234");

            Booking second = new Booking("XYZ789", HOLD.segments(), 1, HOLD.priceCents(), Harness.NOW);
            when(h.client.bookings()).thenReturn(CompletableFuture.completedFuture(List.of(BOOKING, second)));
            reconnect(h);
            h.awaitText("XYZ789");
            h.awaitText("alice │ connected │");
        }
    }

    @Test
    void purchasePressedJustBeforeTheDropCompletesOnceAndTheBookingAppears() throws Exception {
        try (Harness h = new Harness().loggedIn(List.of(TR1021), List.of(HOLD))) {
            CompletableFuture<Booking> purchase = new CompletableFuture<>();
            when(h.client.purchase(List.of("h1"))).thenReturn(purchase);
            h.press(KeyType.F4);
            h.press('p');
            h.awaitText("Confirm purchase");
            h.press('y');
            h.awaitText("Purchasing");

            drop(h, 1);
            when(h.client.cart()).thenReturn(cartOf(List.of()));
            when(h.client.bookings()).thenReturn(CompletableFuture.completedFuture(List.of(BOOKING)));
            h.tick(Duration.ofSeconds(70)); // past the hold's expiry: it was bought, not lost
            reconnect(h);
            purchase.complete(BOOKING);
            h.pump();

            h.awaitText("Booking reference: ABC234");
            h.assertNoText("While offline");
            verify(h.client, times(1)).purchase(List.of("h1"));
            h.press(KeyType.F5);
            h.awaitText("ABC234");
        }
    }

    @Test
    void holdsThatExpiredDuringALongOutageAreNamedAndNothingIsBought() throws Exception {
        Hold second = hold("h2", segment("TR1003", "GRU", "BSB", 80), List.of("3A"), Harness.NOW.plusSeconds(600));
        try (Harness h = new Harness().loggedIn(List.of(TR1021), List.of(HOLD, second))) {
            h.press(KeyType.F4);
            drop(h, 1);
            h.tick(Duration.ofMinutes(2));
            when(h.client.cart()).thenReturn(cartOf(List.of(second)));
            reconnect(h);

            h.awaitText("While offline, your hold on TR1021 POA→GRU expired;");
            h.press(KeyType.Enter);
            h.awaitText("! While offline, your hold on TR1021 POA→GRU expired; its seats were released.");
            h.awaitText("│ Hold expired offline");
            h.awaitText("TR1003");
            verify(h.client, never()).purchase(List.of("h1"));
            verify(h.client, never()).purchase(List.of("h1", "h2"));
        }
    }
}
