package app.trecho.tui;

import static app.trecho.tui.Harness.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.when;

import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.HeldSegment;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.Itinerary;
import app.trecho.protocol.model.SegmentInfo;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** At 80×24 a three-leg trip's cells are cut with an ellipsis, never run into the next column. */
class ColumnsTest {
    private static final List<SegmentInfo> LEGS = List.of(
            segment("TR1021", "POA", "GRU", 50),
            segment("TR1003", "GRU", "BSB", 50),
            segment("TR1050", "BSB", "REC", 50));
    private static final List<HeldSegment> HELD = LEGS.stream()
            .map(s -> new HeldSegment(s.segment(), s.flight(), s.from(), s.to(), s.departure(), List.of("1A")))
            .toList();
    private static final Hold HOLD = new Hold("h3", HELD, 1, 153_870, Harness.NOW.plusSeconds(300));

    @Test
    void cartCutsAThreeLegTripWithAnEllipsisAndKeepsColumnsApart() throws Exception {
        try (Harness h = new Harness().loggedIn(List.of(), List.of(HOLD))) {
            h.press(KeyType.F4);
            String line = h.lineWith("TR1021");
            assertTrue(line.contains("TR1021+TR1003+… POA→GRU→BSB→REC "), line);
            assertTrue(line.contains(" 1A | 1A | … "), line);
            assertTrue(line.contains(" R$1,538.70 "), line);
        }
    }

    @Test
    void bookingsCutAThreeLegTripWithAnEllipsisAndKeepColumnsApart() throws Exception {
        try (Harness h = new Harness().loggedIn(List.of(), List.of())) {
            when(h.client.bookings())
                    .thenReturn(CompletableFuture.completedFuture(
                            List.of(new Booking("ABC234", HELD, 1, 153_870, Harness.NOW))));
            h.press(KeyType.F5);
            String line = h.lineWith("ABC234");
            assertTrue(line.contains("ABC234 TR1021+TR1003+… POA→GRU→BSB→REC "), line);
            assertTrue(line.contains(" 1A | 1A | 1A "), line);
            assertTrue(line.endsWith(" R$1,538.70"), line);
        }
    }

    @Test
    void searchResultShowsThreeFlightsWholeWithASpaceBeforeThePrice() {
        SegmentInfo first = LEGS.getFirst();
        SegmentInfo last = LEGS.getLast();
        Itinerary trip = new Itinerary(LEGS, first.departure(), last.arrival(), 420, 153_870, 50);
        String row = SearchView.formatItinerary(trip, Glyphs.of(false));
        assertTrue(row.contains(" TR1021+TR1003+TR1050 "), row);
        assertTrue(row.contains(" R$1,538.70 "), row);
        assertTrue(row.contains("2 stops GRU,BSB "), row);
    }

    @Test
    void cellsHaveTheirWidthAndAlwaysASpaceBetweenColumns() {
        assertEquals("TR1021+TR… ", Fmt.cell("TR1021+TR1003", 11, "…"));
        assertEquals("TR10...   ", Fmt.shorten("TR1021+TR1003", 7, "...") + "   ");
        assertEquals("ab   ", Fmt.cell("ab", 5, "…"));
        assertEquals(" R$1,538.70", Fmt.rightCell("R$1,538.70", 11, "…"));
        assertEquals(" R$1,538.…", Fmt.rightCell("R$1,538.70", 10, "…"));
    }
}
