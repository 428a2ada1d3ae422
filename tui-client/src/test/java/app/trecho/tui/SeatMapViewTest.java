package app.trecho.tui;

import static app.trecho.tui.Harness.hold;
import static app.trecho.tui.Harness.segment;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import app.trecho.client.ServerErrorException;
import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Event;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.Itinerary;
import app.trecho.protocol.model.SeatChange;
import app.trecho.protocol.model.SeatState;
import app.trecho.protocol.model.SegmentInfo;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SeatMapViewTest {
    private static final SegmentInfo LEG = segment("TR1201", "GRU", "REC", 120);
    private static final String SEG = LEG.segment();

    /** Logs in, searches GRU→REC and opens the seat map of the only result (3 rows of ABCD). */
    private static Harness onSeatMap(String seats) {
        Harness h = new Harness().loggedIn(List.of(LEG), List.of());
        Itinerary it = new Itinerary(List.of(LEG), LEG.departure(), LEG.arrival(), 185, LEG.priceCents(), 120);
        when(h.client.search(eq("GRU"), eq("REC"), any(), eq(1), any(), anyInt()))
                .thenReturn(CompletableFuture.completedFuture(List.of(it)));
        when(h.client.seatMap(SEG))
                .thenReturn(
                        CompletableFuture.completedFuture(new Response.SeatMapGetOk("9", SEG, 3, "ABCD", seats, 5)));
        h.press(KeyType.F3);
        h.type("GRU");
        h.press(KeyType.Tab);
        h.type("REC");
        h.press(KeyType.Enter);
        h.awaitText("1 itineraries");
        h.press(KeyType.Enter);
        h.awaitText("Leg 1 of 1: TR1201");
        return h;
    }

    @Test
    void gridShowsFreeHeldSoldAndMineWithALegend() throws Exception {
        try (Harness h = onSeatMap(".hsH" + "...." + "S...")) {
            // Seat rows run left to right: row 1 is ".hsH" down the letters A-D.
            assertTrue(h.lineWith(" >A").endsWith(". . B"), h.text());
            assertTrue(h.lineWith("  B  ").endsWith("x . ."), h.text());
            assertTrue(h.lineWith("  C  ").endsWith("# . ."), h.text());
            assertTrue(h.text().contains("\n  D  M . .\n"), h.text());
            h.awaitText("aisle");
            h.awaitText("Legend: . free  x held  # sold  M held by you  B booked by you  * your pick");
            h.awaitText("Seat 1A: free");
            verify(h.client).subscribe(List.of("seats:" + SEG));
        }
    }

    @Test
    void spacePicksAndEnterHoldsThePickedSeatThenTheCartShowsIt() throws Exception {
        try (Harness h = onSeatMap(".".repeat(12))) {
            h.press(KeyType.ArrowRight);
            h.press(' ');
            h.awaitText("Seat 2A: your pick   picked on this leg: 2A (1/1)");
            Hold held = hold("h1", LEG, List.of("2A"), Harness.NOW.plusSeconds(600));
            when(h.client.hold(List.of(SEG), 1, List.of(List.of("2A"))))
                    .thenReturn(CompletableFuture.completedFuture(held));
            when(h.client.cart())
                    .thenReturn(CompletableFuture.completedFuture(
                            new Response.CartGetOk("3", List.of(held), held.priceCents())));
            h.press(KeyType.Enter);
            h.awaitText("Cart ·");
            h.awaitText("Held TR1201 seats 2A");
            assertTrue(h.lineWith("TR1201").contains("10:00"), h.text());
            verify(h.client).unsubscribe(List.of("seats:" + SEG));
        }
    }

    @Test
    void aSeatLostInARaceIsExplainedInPlaceOnAFreshMap() throws Exception {
        try (Harness h = onSeatMap(".".repeat(12))) {
            h.press(' ');
            when(h.client.hold(any(), anyInt(), any()))
                    .thenReturn(CompletableFuture.failedFuture(
                            new ServerErrorException(ErrorCode.SEAT_TAKEN, "1A taken", Map.of())));
            when(h.client.seatMap(SEG))
                    .thenReturn(CompletableFuture.completedFuture(
                            new Response.SeatMapGetOk("10", SEG, 3, "ABCD", "s" + ".".repeat(11), 6)));
            h.press(KeyType.Enter);
            h.awaitText("! Someone else just took that seat. The map now shows who has what; pick again.");
            h.awaitText("Leg 1 of 1"); // still here: no modal dead end
            assertTrue(h.lineWith(" >A").contains("#"), h.text());
            h.awaitText("picked on this leg: none");
        }
    }

    @Test
    void liveSeatEventTakesAPickAndSaysSo() throws Exception {
        try (Harness h = onSeatMap(".".repeat(12))) {
            h.press(' ');
            h.listener.get().onSeat(new Event.Seat(3, SEG, List.of(new SeatChange("1A", SeatState.HELD)), 6));
            h.pump();
            h.awaitText("! 1A was just taken by someone else; pick another.");
            assertTrue(h.lineWith(" >A").contains("x"), h.text());
        }
    }
}
