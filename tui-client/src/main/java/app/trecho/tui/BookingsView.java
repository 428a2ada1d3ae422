package app.trecho.tui;

import app.trecho.protocol.model.Booking;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** My bookings: reference, itinerary, seats; cancel one after a confirmation. */
final class BookingsView extends ListView {
    private final Ui ui;
    /** Column widths; each cell ends or starts with a space, so columns never touch. */
    private static final int REF = 7, FLIGHTS = 16, ROUTE = 16, DEPARTURE = 13, SEATS = 13, PAID = 11;

    private final Label heading;
    private final Label message;
    private final Map<String, Booking> byReference = new LinkedHashMap<>();

    BookingsView(Ui ui) {
        Label heading = new Label("My bookings");
        Label message = new Label("");
        String e = ui.glyphs().ellipsis();
        super(
                new RowList("No bookings yet.", ui.options().color()),
                heading,
                Fmt.cell("Ref.", REF, e)
                        + Fmt.cell("Flights", FLIGHTS, e)
                        + Fmt.cell("Route", ROUTE, e)
                        + Fmt.cell("Departure", DEPARTURE, e)
                        + Fmt.cell("Seats", SEATS, e)
                        + Fmt.rightCell("Paid", PAID, e),
                message);
        this.ui = ui;
        this.heading = heading;
        this.message = message;
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
            String e = ui.glyphs().ellipsis();
            list.setRows(bookings.stream()
                    .map(b -> RowList.Row.of(
                            b.reference(),
                            Fmt.cell(b.reference(), REF, e)
                                    + Fmt.cell(Trips.flights(b.segments()), FLIGHTS, e)
                                    + Fmt.cell(Trips.route(b.segments(), ui.glyphs()), ROUTE, e)
                                    + Fmt.cell(Trips.departure(b.segments()), DEPARTURE, e)
                                    + Fmt.cell(Trips.seats(b.segments()), SEATS, e)
                                    + Fmt.rightCell(Fmt.money(b.priceCents()), PAID, e)))
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
