package app.trecho.tui;

import com.googlecode.lanterna.gui2.ActionListBox;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.Window;
import java.util.List;

/** The F10 menu: every screen with its shortcut, for people who know no keys yet. */
final class MainMenu {
    private MainMenu() {}

    static Window open(Ui ui, Shell shell) {
        BasicWindow window = new BasicWindow("Menu");
        window.setHints(List.of(Window.Hint.MODAL, Window.Hint.CENTERED));
        window.setCloseWindowWithEscape(true);
        ActionListBox list = new ActionListBox();
        for (Place place : Place.values()) {
            list.addItem(entry(place.label, place.fKeyName() + " / Alt-" + place.altKey), () -> {
                window.close();
                shell.open(place);
            });
        }
        list.addItem(entry("Help", "F1 / ?"), () -> {
            window.close();
            shell.showHelp();
        });
        list.addItem(entry("Quit", "q / Ctrl-C"), () -> {
            window.close();
            shell.requestQuit();
        });
        window.setComponent(list);
        ui.gui().addWindow(window);
        return window;
    }

    private static String entry(String label, String keys) {
        return Fmt.fit(label, 10) + Fmt.right(keys, 14);
    }
}
