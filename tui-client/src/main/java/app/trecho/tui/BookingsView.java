package app.trecho.tui;

import app.trecho.protocol.model.Booking;
import com.googlecode.lanterna.gui2.BorderLayout;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.Direction;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** My bookings: reference, itinerary, seats; cancel one after a confirmation. */
final class BookingsView implements View {
    private final Ui ui;
    private final Panel panel = new Panel(new BorderLayout());
    private final Label heading = new Label("My bookings");
    private final Label message = new Label("");
    private final RowList list;
    private final Map<String, Booking> byReference = new LinkedHashMap<>();

    BookingsView(Ui ui) {
        this.ui = ui;
        this.list = new RowList("No bookings yet.", ui.options().color());
        Panel top = new Panel(new LinearLayout(Direction.VERTICAL).setSpacing(0));
        top.addComponent(heading);
        top.addComponent(new Label("  " + Fmt.fit("Ref.", 8) + Fmt.fit("Flights", 15) + Fmt.fit("Route", 16)
                + Fmt.fit("Departure", 14) + Fmt.fit("Seats", 14) + Fmt.right("Paid", 10)));
        panel.addComponent(top, BorderLayout.Location.TOP);
        panel.addComponent(list, BorderLayout.Location.CENTER);
        panel.addComponent(message, BorderLayout.Location.BOTTOM);
    }

    @Override
    public String title() {
        return "Bookings";
    }

    @Override
    public Place place() {
        return Place.BOOKINGS;
    }

    @Override
    public Component component() {
        return panel;
    }

    @Override
    public Interactable initialFocus() {
        return list;
    }

    @Override
    public List<KeyHint> keys() {
        return List.of(
                new KeyHint("x / Delete", "cancel the selected booking (asks first)", "cancel"),
                new KeyHint("r", "reload", "reload"),
                new KeyHint("Up/Down j/k", "move", "move"));
    }

    @Override
    public void onShow() {
        reload();
    }

    @Override
    public void onRefresh() {
        reload();
    }

    @Override
    public boolean onKey(KeyStroke key) {
        if (GlobalKeys.isPlain(key, 'x') || key.getKeyType() == KeyType.Delete) {
            confirmCancel();
        } else if (GlobalKeys.isPlain(key, 'r')) {
            reload();
        } else {
            return false;
        }
        return true;
    }

    void reload() {
        if (ui.client() == null || ui.session().username() == null) {
            return;
        }
        ui.whenDone(ui.client().bookings(), (bookings, error) -> {
            if (error != null) {
                message.setText("! Could not load your bookings: " + Errors.describe(error));
                return;
            }
            byReference.clear();
            bookings.forEach(b -> byReference.put(b.reference(), b));
            list.setRows(bookings.stream()
                    .map(b -> RowList.Row.of(
                            b.reference(),
                            Fmt.fit(b.reference(), 8)
                                    + Fmt.fit(Trips.flights(b.segments()), 15)
                                    + Fmt.fit(Trips.route(b.segments(), ui.glyphs()), 16)
                                    + Fmt.fit(Trips.departure(b.segments()), 14)
                                    + Fmt.fit(Trips.seats(b.segments()), 14)
                                    + Fmt.right(Fmt.money(b.priceCents()), 10)))
                    .toList());
            heading.setText("My bookings " + ui.glyphs().dot() + " " + bookings.size());
        });
    }

    private void confirmCancel() {
        RowList.Row row = list.selectedRow();
        Booking booking = row == null ? null : byReference.get(row.key());
        if (booking == null) {
            return;
        }
        Dialogs.confirm(
                ui,
                "Cancel booking " + booking.reference() + "?",
                "Cancel booking " + booking.reference() + "?\n\n" + Trips.detail(booking.segments(), ui.glyphs())
                        + "\n\nThe seats go back on sale.",
                "Cancel booking",
                () -> cancel(booking.reference()));
    }

    private void cancel(String reference) {
        message.setText("Cancelling " + reference + " ...");
        ui.whenDone(ui.client().cancel(reference), (ok, error) -> {
            if (error != null) {
                message.setText("! " + Errors.describe(error));
                return;
            }
            message.setText("Booking " + reference + " cancelled; its seats are back on sale.");
            reload();
        });
    }
}
