package app.trecho.tui;

import static app.trecho.tui.Harness.segment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.verify;

import app.trecho.protocol.Event;
import com.googlecode.lanterna.input.KeyType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoardViewTest {

    @Test
    void showsEverySegmentWithFreeSeatsAndPrice() throws Exception {
        try (Harness h = new Harness()) {
            h.loggedIn(List.of(segment("TR1201", "GRU", "REC", 120), segment("TR1300", "GIG", "BSB", 7)), List.of());
            String row = h.lineWith("TR1201");
            assertTrue(
                    row.matches(".*TR1201\\s+GRU\\s+REC\\s+27 Nov 10:15\\s+13:20\\s+120/180\\s+R\\$450\\.90.*"), row);
            assertTrue(h.lineWith("TR1300").contains("7/180"));
            verify(h.client).subscribe(List.of("board"));
        }
    }

    @Test
    void availabilityEventUpdatesTheRowWithoutAKeypressAndKeepsTheSelection() throws Exception {
        try (Harness h = new Harness()) {
            h.loggedIn(
                    List.of(
                            segment("TR1201", "GRU", "REC", 120),
                            segment("TR1300", "GIG", "BSB", 7),
                            segment("TR1400", "POA", "GRU", 50)),
                    List.of());
            h.press(KeyType.ArrowDown);
            assertTrue(h.lineWith("TR1300").startsWith(">"), h.text());

            h.listener.get().onAvailability(new Event.Availability(1, "TR1201-2026-11-27", 118, 180));
            h.pump();

            assertTrue(h.lineWith("TR1201").contains("118/180"), h.text());
            assertTrue(h.lineWith("TR1300").startsWith(">"), "selection stays on the same flight");
            BoardView board = (BoardView) h.shell.current();
            RowList.Row changed = board.rows().getFirst();
            assertTrue(changed.highlightFrom() >= 0, "the changed count is highlighted");
            assertEquals(
                    "118/180",
                    changed.text()
                            .substring(changed.highlightFrom(), changed.highlightTo())
                            .trim());

            h.tick(BoardView.HIGHLIGHT.plus(Duration.ofSeconds(1)));
            assertFalse(((BoardView) h.shell.current()).rows().getFirst().highlightFrom() >= 0, "highlight fades");
        }
    }

    @Test
    void jAndKMoveLikeTheArrows() throws Exception {
        try (Harness h = new Harness()) {
            h.loggedIn(List.of(segment("TR1201", "GRU", "REC", 1), segment("TR1300", "GIG", "BSB", 2)), List.of());
            h.press('j');
            assertTrue(h.lineWith("TR1300").startsWith(">"), h.text());
            h.press('k');
            assertTrue(h.lineWith("TR1201").startsWith(">"), h.text());
        }
    }
}
