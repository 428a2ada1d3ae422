package app.trecho.tui;

import app.trecho.client.TrechoClient;
import com.googlecode.lanterna.gui2.WindowBasedTextGUI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * What every screen needs: the GUI, the session, the clock, the drawing options, and the one safe
 * way back onto the GUI thread. Results of client futures (completed on the client's thread) and
 * listener events reach widgets only through {@link #later}.
 */
final class Ui {
    private final WindowBasedTextGUI gui;
    private final Session session;
    private final InstantSource clock;
    private final TuiOptions options;
    private final Glyphs glyphs;

    Ui(WindowBasedTextGUI gui, Session session, InstantSource clock, TuiOptions options) {
        this.gui = gui;
        this.session = session;
        this.clock = clock;
        this.options = options;
        this.glyphs = Glyphs.of(options.ascii());
    }

    WindowBasedTextGUI gui() {
        return gui;
    }

    Session session() {
        return session;
    }

    TrechoClient client() {
        return session.client();
    }

    Instant now() {
        return clock.instant();
    }

    TuiOptions options() {
        return options;
    }

    Glyphs glyphs() {
        return glyphs;
    }

    /** Runs {@code task} on the GUI thread, soon; safe from any thread. */
    void later(Runnable task) {
        gui.getGUIThread().invokeLater(task);
    }

    /**
     * Applies a request's outcome on the GUI thread: {@code then} gets the value, or null and the
     * unwrapped failure.
     */
    <T> void whenDone(CompletableFuture<T> future, BiConsumer<T, Throwable> then) {
        future.whenComplete(
                (value, error) -> later(() -> then.accept(value, error == null ? null : Errors.unwrap(error))));
    }
}
