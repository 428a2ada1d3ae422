package app.trecho.tui;

import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.Button;
import com.googlecode.lanterna.gui2.Direction;
import com.googlecode.lanterna.gui2.EmptySpace;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowListenerAdapter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Small modal windows that never block the GUI thread: they are added to the GUI and call back
 * when answered (Lanterna's own dialogs run a nested event loop instead).
 */
final class Dialogs {
    private Dialogs() {}

    /**
     * Asks yes/no; {@code y} or Enter on Yes confirms, {@code n}, Esc or Enter on No declines. The
     * focused button is marked {@code > ... <}, so it shows without colour; No has focus first.
     */
    static Window confirm(Ui ui, String title, String text, String yesLabel, Runnable onYes) {
        BasicWindow window = modal(title);
        Panel panel = new Panel(new LinearLayout(Direction.VERTICAL));
        panel.addComponent(new Label(text));
        panel.addComponent(new EmptySpace());
        Panel buttons = new Panel(new LinearLayout(Direction.HORIZONTAL));
        Button yes = new MarkedButton(yesLabel + " (y)", () -> {
            window.close();
            onYes.run();
        });
        Button no = new MarkedButton("No (n)", window::close);
        buttons.addComponent(yes);
        buttons.addComponent(no);
        panel.addComponent(buttons);
        window.setComponent(panel);
        window.addWindowListener(new WindowListenerAdapter() {
            @Override
            public void onUnhandledInput(Window basePane, KeyStroke key, AtomicBoolean handled) {
                if (key.getKeyType() == KeyType.Character && !key.isCtrlDown() && !key.isAltDown()) {
                    char c = Character.toLowerCase(key.getCharacter());
                    if (c == 'y') {
                        handled.set(true);
                        window.close();
                        onYes.run();
                    } else if (c == 'n') {
                        handled.set(true);
                        window.close();
                    }
                }
            }
        });
        ui.gui().addWindow(window);
        window.setFocusedInteractable(no);
        return window;
    }

    /** Shows text until Esc, Enter, F1, {@code ?} or {@code q}. */
    static Window info(Ui ui, String title, String text) {
        BasicWindow window = modal(title);
        Panel panel = new Panel(new LinearLayout(Direction.VERTICAL));
        panel.addComponent(new Label(text));
        panel.addComponent(new Label("Esc or Enter to close"));
        window.setComponent(panel);
        window.addWindowListener(new WindowListenerAdapter() {
            @Override
            public void onUnhandledInput(Window basePane, KeyStroke key, AtomicBoolean handled) {
                boolean close = switch (key.getKeyType()) {
                    case Enter, F1 -> true;
                    case Character -> key.getCharacter() == '?' || key.getCharacter() == 'q';
                    default -> false;
                };
                if (close) {
                    handled.set(true);
                    window.close();
                }
            }
        });
        ui.gui().addWindow(window);
        return window;
    }

    /** Formats key hints as two aligned columns. */
    static String keyTable(List<KeyHint> hints) {
        int width = hints.stream().mapToInt(h -> h.keys().length()).max().orElse(0);
        StringBuilder text = new StringBuilder();
        for (KeyHint hint : hints) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(Fmt.fit(hint.keys(), width)).append("  ").append(hint.action());
        }
        return text.toString();
    }

    /** A button whose label shows {@code > <} around it while it has focus. */
    static final class MarkedButton extends Button {
        private final String text;

        MarkedButton(String text, Runnable action) {
            super("  " + text + "  ", action);
            this.text = text;
        }

        @Override
        protected void afterEnterFocus(FocusChangeDirection direction, Interactable previouslyInFocus) {
            super.afterEnterFocus(direction, previouslyInFocus);
            setLabel("> " + text + " <");
        }

        @Override
        protected void afterLeaveFocus(FocusChangeDirection direction, Interactable nextInFocus) {
            super.afterLeaveFocus(direction, nextInFocus);
            setLabel("  " + text + "  ");
        }
    }

    private static BasicWindow modal(String title) {
        BasicWindow window = new BasicWindow(title);
        window.setHints(List.of(Window.Hint.MODAL, Window.Hint.CENTERED));
        window.setCloseWindowWithEscape(true);
        return window;
    }
}
