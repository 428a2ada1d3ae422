package app.trecho.tui;

import app.trecho.protocol.Event;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.input.KeyStroke;
import java.time.Instant;
import java.util.List;

/** One screen of the TUI. Every method is called on the GUI thread. */
interface View {

    /** The name shown in the header, e.g. {@code Departures}. */
    String title();

    Component component();

    /** The menu entry this screen is, or null for screens reached from another one. */
    default Place place() {
        return null;
    }

    /** The keys of this screen, for the hint line and the help overlay. */
    List<KeyHint> keys();

    /** What should have focus when the screen is shown, or null. */
    default Interactable initialFocus() {
        return null;
    }

    /** The screen became visible: refresh what it shows. */
    default void onShow() {}

    default void onHide() {}

    /** A key no widget used; return true when the screen acted on it. */
    default boolean onKey(KeyStroke key) {
        return false;
    }

    /** About once a second: countdowns and fading highlights. */
    default void onTick(Instant now) {}

    /** A server event, delivered to every screen whether shown or not. */
    default void onEvent(Event event) {}

    /** The connection came back (or events were lost): refetch what is shown. */
    default void onRefresh() {}
}
