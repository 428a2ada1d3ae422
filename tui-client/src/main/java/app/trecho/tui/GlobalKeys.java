package app.trecho.tui;

import com.googlecode.lanterna.gui2.Window;
import com.googlecode.lanterna.gui2.WindowListenerAdapter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The main window's keys. F-keys, Alt-letters, Ctrl-C and Ctrl-L are taken before any widget sees
 * them; single letters ({@code q}, {@code ?}) and Esc only when no widget used them, so text
 * fields keep their letters.
 */
final class GlobalKeys extends WindowListenerAdapter {
    private final Shell shell;

    GlobalKeys(Shell shell) {
        this.shell = shell;
    }

    @Override
    public void onInput(Window window, KeyStroke key, AtomicBoolean deliverEvent) {
        if (handleFirst(key)) {
            deliverEvent.set(false);
        } else if (shell.isSmall()) {
            deliverEvent.set(false);
            if (isPlain(key, 'q')) {
                shell.requestQuit();
            }
        }
    }

    @Override
    public void onUnhandledInput(Window window, KeyStroke key, AtomicBoolean handled) {
        View view = shell.current();
        if (view != null && view.onKey(key)) {
            handled.set(true);
            return;
        }
        if (key.getKeyType() == KeyType.Escape) {
            shell.back();
        } else if (isPlain(key, 'q')) {
            shell.requestQuit();
        } else if (isPlain(key, '?')) {
            shell.showHelp();
        } else {
            return;
        }
        handled.set(true);
    }

    private boolean handleFirst(KeyStroke key) {
        KeyType type = key.getKeyType();
        if (type == KeyType.Character && key.isCtrlDown()) {
            char c = Character.toLowerCase(key.getCharacter());
            if (c == 'c') {
                shell.requestQuit();
                return true;
            }
            if (c == 'l') {
                redraw();
                return true;
            }
            return false;
        }
        if (type == KeyType.F1) {
            shell.showHelp();
            return true;
        }
        if (shell.isSmall()) {
            return false;
        }
        if (type == KeyType.F10) {
            shell.openMenu();
            return true;
        }
        for (Place place : Place.values()) {
            boolean alt = type == KeyType.Character
                    && key.isAltDown()
                    && Character.toLowerCase(key.getCharacter()) == place.altKey;
            if (type == place.fKey || alt) {
                shell.open(place);
                return true;
            }
        }
        if (type == KeyType.Character && key.isAltDown() && Character.toLowerCase(key.getCharacter()) == 'q') {
            shell.requestQuit();
            return true;
        }
        return false;
    }

    private void redraw() {
        Screen screen = shell.window().getTextGUI().getScreen();
        try {
            screen.refresh(Screen.RefreshType.COMPLETE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("terminal write failed during redraw", e);
        }
        shell.window().invalidate();
    }

    static boolean isPlain(KeyStroke key, char c) {
        return key.getKeyType() == KeyType.Character
                && !key.isCtrlDown()
                && !key.isAltDown()
                && key.getCharacter() == c;
    }
}
