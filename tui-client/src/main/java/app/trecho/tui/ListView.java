package app.trecho.tui;

import com.googlecode.lanterna.gui2.BorderLayout;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.Direction;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.Panel;

/**
 * A screen that is one list (board, cart, bookings): a heading and its column header on top, the
 * rows in the middle with the focus, and status lines at the bottom.
 */
abstract class ListView implements View {
    protected final RowList list;
    private final Panel panel = new Panel(new BorderLayout());

    ListView(RowList list, Label heading, String columns, Label... statusLines) {
        this.list = list;
        Panel top = new Panel(new LinearLayout(Direction.VERTICAL).setSpacing(0));
        top.addComponent(heading);
        top.addComponent(new Label("  " + columns));
        Panel bottom = new Panel(new LinearLayout(Direction.VERTICAL).setSpacing(0));
        for (Label line : statusLines) {
            bottom.addComponent(line);
        }
        panel.addComponent(top, BorderLayout.Location.TOP);
        panel.addComponent(list, BorderLayout.Location.CENTER);
        panel.addComponent(bottom, BorderLayout.Location.BOTTOM);
    }

    @Override
    public final Component component() {
        return panel;
    }

    @Override
    public final Interactable initialFocus() {
        return list;
    }
}
