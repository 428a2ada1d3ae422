package app.trecho.tui;

import static app.trecho.tui.Harness.hold;
import static app.trecho.tui.Harness.segment;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.when;

import app.trecho.client.ConnectionState;
import app.trecho.protocol.model.SegmentInfo;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ShellTest {
    private static final SegmentInfo TR1201 = segment("TR1201", "GRU", "REC", 120);

    @Test
    void f1ShowsTheKeysOfTheCurrentScreenAndEscClosesIt() throws Exception {
        try (Harness h = new Harness()) {
            h.loggedIn(List.of(TR1201), List.of());
            h.press(KeyType.F1);
            h.awaitText("Keys: Board");
            h.awaitText("search this route and day");
            h.awaitText("Ctrl-L");
            h.press(KeyType.Escape);
            h.assertNoText("Keys: Board");
            h.awaitText("flights, live");
        }
    }

    @Test
    void questionMarkOpensHelpButTypesIntoTextFields() throws Exception {
        try (Harness h = new Harness()) {
            h.start();
            h.type("a?");
            h.assertNoText("Keys: Log in");
            h.loggedIn(List.of(TR1201), List.of());
            h.press('?');
            h.awaitText("Keys: Board");
        }
    }

    @Test
    void tooSmallTerminalGetsAPlainPageAndTheScreenReturnsWhenLarger() throws Exception {
        try (Harness h = new Harness()) {
            h.loggedIn(List.of(TR1201), List.of());
            h.resize(60, 16);
            h.awaitText("Trecho needs 80x24, you have 60x16.");
            h.assertNoText("TR1201");
            h.resize(120, 40);
            h.awaitText("TR1201");
            h.assertNoText("needs 80x24");
            h.resize(80, 24);
            h.awaitText("TR1201");
        }
    }

    @Test
    void escGoesBackAndNeverQuits() throws Exception {
        try (Harness h = new Harness()) {
            h.loggedIn(List.of(TR1201), List.of());
            when(h.client.bookings()).thenReturn(CompletableFuture.completedFuture(List.of()));
            h.press(KeyType.F5);
            h.awaitText("My bookings");
            h.press(KeyType.Escape);
            h.awaitText("flights, live");
            h.press(KeyType.Escape);
            h.press(KeyType.Escape);
            h.awaitText("flights, live");
            assertFalse(h.quit);
        }
    }

    @Test
    void qQuitsAtOnceWithoutHolds() throws Exception {
        try (Harness h = new Harness()) {
            h.loggedIn(List.of(TR1201), List.of());
            h.press('q');
            assertTrue(h.quit);
        }
    }

    @Test
    void qAndCtrlCAskFirstWhenSeatsAreHeld() throws Exception {
        try (Harness h = new Harness()) {
            h.loggedIn(List.of(TR1201), List.of(hold("h1", TR1201, List.of("12C"), Harness.NOW.plusSeconds(300))));
            h.press('q');
            h.awaitText("You hold seats on 1 itinerary");
            h.awaitText("first in 5:00");
            assertFalse(h.quit);
            h.press('n');
            h.assertNoText("You hold seats");
            assertFalse(h.quit);
            h.press(new KeyStroke('c', true, false));
            h.awaitText("Quit anyway?");
            h.press('y');
            assertTrue(h.quit);
        }
    }

    @Test
    void statusBarShowsUserConnectionServerAndSoonestExpiry() throws Exception {
        try (Harness h = new Harness()) {
            h.loggedIn(List.of(TR1201), List.of(hold("h1", TR1201, List.of("12C"), Harness.NOW.plusSeconds(125))));
            h.awaitText("alice │ connected │ test:7070 │ 1 hold, expires in 2:05");
            h.listener.get().onConnectionState(ConnectionState.RECONNECTING, "reconnecting (attempt 2)");
            h.tick(Duration.ofSeconds(5));
            h.awaitText("alice │ reconnecting (attempt 2)… │ test:7070 │ 1 hold, expires in 2:00");
            h.listener.get().onConnectionState(ConnectionState.CONNECTED, "connected to test:7070");
            h.pump();
            h.awaitText("alice │ connected │ test:7070 │ 1 hold, expires in 2:00");
        }
    }

    @Test
    void f10MenuListsEveryScreenWithItsShortcut() throws Exception {
        try (Harness h = new Harness()) {
            h.loggedIn(List.of(TR1201), List.of());
            h.press(KeyType.F10);
            for (String entry : List.of("Board", "Search", "Cart", "Bookings", "Account", "Help", "Quit")) {
                h.awaitText(entry);
            }
            h.awaitText("F4 / Alt-c");
            h.press(KeyType.ArrowDown);
            h.press(KeyType.ArrowDown);
            h.press(KeyType.Enter);
            h.awaitText("Cart ·");
        }
    }
}
