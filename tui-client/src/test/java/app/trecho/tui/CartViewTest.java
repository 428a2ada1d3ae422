package app.trecho.tui;

import static app.trecho.tui.Harness.hold;
import static app.trecho.tui.Harness.segment;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import app.trecho.protocol.Event;
import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.SegmentInfo;
import com.googlecode.lanterna.input.KeyType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CartViewTest {
    private static final SegmentInfo TR1201 = segment("TR1201", "GRU", "REC", 120);
    private static final Hold HOLD = hold("h1", TR1201, List.of("12C", "12D"), Harness.NOW.plusSeconds(90));

    @Test
    void countdownRunsLiveAndExpiryIsShownPlainly() throws Exception {
        try (Harness h = new Harness().loggedIn(List.of(TR1201), List.of(HOLD))) {
            h.press(KeyType.F4);
            assertTrue(h.lineWith("TR1201").contains("12C,12D"), h.text());
            assertTrue(h.lineWith("TR1201").endsWith("1:30"), h.text());
            h.tick(Duration.ofSeconds(31));
            assertTrue(h.lineWith("TR1201").endsWith("0:59"), h.text());
            h.tick(Duration.ofSeconds(60));
            assertTrue(h.lineWith("TR1201").endsWith("expired"), h.text());
            h.awaitText("! A hold expired while you were looking; its seats are back on sale.");
        }
    }

    @Test
    void holdExpiredEventRemovesTheHoldAndSaysWhy() throws Exception {
        try (Harness h = new Harness().loggedIn(List.of(TR1201), List.of(HOLD))) {
            h.press(KeyType.F4);
            h.listener.get().onHoldExpired(new Event.HoldExpired(4, "h1", List.of(TR1201.segment())));
            h.pump();
            h.awaitText("! A hold expired (TR1201-2026-11-27); its seats are back on sale.");
            h.awaitText("Your cart is empty");
        }
    }

    @Test
    void purchaseAsksWithSegmentsSeatsAndTotalThenShowsTheReference() throws Exception {
        try (Harness h = new Harness().loggedIn(List.of(TR1201), List.of(HOLD))) {
            h.press(KeyType.F4);
            h.press('p');
            h.awaitText("Purchase everything in your cart?");
            h.awaitText("TR1201  GRU→REC   27 Nov 10:15  seats 12C,12D");
            h.awaitText("Total: R$901.80");
            verify(h.client, never()).purchase(List.of("h1"));
            when(h.client.purchase(List.of("h1")))
                    .thenReturn(CompletableFuture.completedFuture(
                            new Booking("ABC234", HOLD.segments(), 2, HOLD.priceCents(), Harness.NOW)));
            h.press('y');
            h.awaitText("BOOKED");
            h.awaitText("Booking reference: ABC234");
            h.assertNoText("1 hold,");
        }
    }

    @Test
    void enterActivatesTheFocusedButtonWhichIsVisiblyMarked() throws Exception {
        try (Harness h = new Harness().loggedIn(List.of(TR1201), List.of(HOLD))) {
            when(h.client.purchase(List.of("h1")))
                    .thenReturn(CompletableFuture.completedFuture(
                            new Booking("ABC234", HOLD.segments(), 2, HOLD.priceCents(), Harness.NOW)));
            h.press(KeyType.F4);
            h.press('p');
            h.awaitText("> No (n) <");
            h.awaitText("  Pay R$901.80 (y)  ");
            h.press(KeyType.ArrowLeft);
            h.awaitText("> Pay R$901.80 (y) <");
            h.awaitText("  No (n)  ");
            h.press(KeyType.Enter);
            h.awaitText("Booking reference: ABC234");
            verify(h.client, times(1)).purchase(List.of("h1"));
        }
    }

    @Test
    void enterOnTheInitiallyFocusedNoDeclines() throws Exception {
        try (Harness h = new Harness().loggedIn(List.of(TR1201), List.of(HOLD))) {
            h.press(KeyType.F4);
            h.press('p');
            h.awaitText("> No (n) <");
            h.press(KeyType.Enter);
            h.assertNoText("Confirm purchase");
            verify(h.client, never()).purchase(List.of("h1"));
        }
    }

    @Test
    void declinedPurchaseChangesNothing() throws Exception {
        try (Harness h = new Harness().loggedIn(List.of(TR1201), List.of(HOLD))) {
            h.press(KeyType.F4);
            h.press('p');
            h.awaitText("Confirm purchase");
            h.press(KeyType.Escape);
            h.assertNoText("Confirm purchase");
            verify(h.client, never()).purchase(List.of("h1"));
            h.awaitText("1 hold, expires in 1:30");
        }
    }
}
