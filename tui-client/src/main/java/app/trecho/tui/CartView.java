package app.trecho.tui;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Event;
import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.Hold;
import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Held itineraries with live countdowns; release one; purchase all after an explicit confirmation. */
final class CartView extends ListView {
    /** Column widths; each cell ends or starts with a space, so columns never touch. */
    private static final int FLIGHTS = 16, ROUTE = 16, DEPARTURE = 13, SEATS = 12, PRICE = 11, EXPIRES = 8;

    private final Ui ui;
    private final Shell shell;
    private final Label heading;
    private final Label booked;
    private final Label message;
    private boolean busy;
    /** The holds of the purchase in flight: if they vanish from the cart, they were bought, not lost. */
    private Set<String> purchasing = Set.of();

    CartView(Ui ui, Shell shell) {
        Label heading = new Label("Cart");
        Label booked = new Label("");
        Label message = new Label("");
        String e = ui.glyphs().ellipsis();
        super(
                new RowList(
                        "Your cart is empty: find a flight with Search (F3).",
                        ui.options().color()),
                heading,
                Fmt.cell("Flights", FLIGHTS, e)
                        + Fmt.cell("Route", ROUTE, e)
                        + Fmt.cell("Departure", DEPARTURE, e)
                        + Fmt.cell("Seats", SEATS, e)
                        + Fmt.rightCell("Price", PRICE, e)
                        + Fmt.rightCell("Expires", EXPIRES, e),
                booked,
                message);
        this.ui = ui;
        this.shell = shell;
        this.heading = heading;
        this.booked = booked;
        this.message = message;
        booked.addStyle(SGR.BOLD);
    }

    @Override
    public String title() {
        return "Cart";
    }

    @Override
    public Place place() {
        return Place.CART;
    }

    @Override
    public List<KeyHint> keys() {
        return List.of(
                new KeyHint("p", "purchase everything in the cart (asks first)", "purchase"),
                new KeyHint("r / Delete", "release the selected hold", "release"),
                new KeyHint("Up/Down j/k", "move", "move"));
    }

    @Override
    public void onShow() {
        refreshHolds();
    }

    /** The connection came back: refetch, and name the holds that expired while we were offline. */
    @Override
    public void onRefresh() {
        refreshHolds(ui.session().holds());
    }

    /** Refetches the cart into the session (the status bar and quit check use it too). */
    void refreshHolds() {
        refreshHolds(null);
    }

    private void refreshHolds(List<Hold> shownBefore) {
        if (ui.client() == null || ui.session().username() == null) {
            return;
        }
        ui.whenDone(ui.client().cart(), (cart, error) -> {
            if (error != null) {
                message.setText("! Could not load the cart: " + Errors.describe(error));
                return;
            }
            ui.session().holds(cart.holds());
            render();
            if (shownBefore != null) {
                reportExpired(shownBefore, cart.holds());
            }
        });
    }

    /**
     * Holds shown before the outage that are gone now and past their expiry expired meanwhile (no
     * event reached us: we had no connection). Gone but not yet due means bought or released.
     */
    private void reportExpired(List<Hold> before, List<Hold> now) {
        Set<String> still = now.stream().map(Hold::holdId).collect(Collectors.toSet());
        List<Hold> expired = before.stream()
                .filter(h -> !still.contains(h.holdId()) && !purchasing.contains(h.holdId()))
                .filter(h -> !h.expiresAt().isAfter(ui.now()))
                .toList();
        if (expired.isEmpty()) {
            return;
        }
        String words = expiredWhileOffline(expired, ui.glyphs());
        message.setText("! " + words);
        ui.session().error(expired.size() == 1 ? "Hold expired offline" : "Holds expired offline");
        Dialogs.info(ui, "While you were offline", Fmt.wrap(words, 60));
    }

    /** E.g. "While offline, your hold on TR1021 POA→GRU expired; its seats were released." */
    static String expiredWhileOffline(List<Hold> expired, Glyphs glyphs) {
        List<String> names = expired.stream()
                .map(h -> Trips.flights(h.segments()) + " " + Trips.route(h.segments(), glyphs))
                .toList();
        String which = names.size() == 1
                ? names.getFirst()
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
        return names.size() == 1
                ? "While offline, your hold on " + which + " expired; its seats were released."
                : "While offline, your holds on " + which + " expired; their seats were released.";
    }

    /** A hold was just placed: show it at once, with its expiry. */
    void justHeld(Hold hold) {
        booked.setText("");
        message.setText("Held " + Trips.flights(hold.segments()) + " seats " + Trips.seats(hold.segments()) + " until "
                + Fmt.time(hold.expiresAt()) + ". Press p to purchase.");
        render();
    }

    @Override
    public void onTick(Instant now) {
        render();
    }

    @Override
    public void onEvent(Event event) {
        if (event instanceof Event.HoldExpired expired) {
            message.setText(
                    "! A hold expired (" + String.join(", ", expired.segments()) + "); its seats are back on sale.");
            render();
        }
    }

    @Override
    public boolean onKey(KeyStroke key) {
        if (GlobalKeys.isPlain(key, 'p')) {
            confirmPurchase();
        } else if (GlobalKeys.isPlain(key, 'r') || key.getKeyType() == KeyType.Delete) {
            release();
        } else {
            return false;
        }
        return true;
    }

    private void render() {
        Instant now = ui.now();
        List<Hold> holds = ui.session().holds();
        List<RowList.Row> rows = new ArrayList<>();
        String e = ui.glyphs().ellipsis();
        for (Hold h : holds) {
            String left = Fmt.countdown(Duration.between(now, h.expiresAt()));
            rows.add(RowList.Row.of(
                    h.holdId(),
                    Fmt.cell(Trips.flights(h.segments()), FLIGHTS, e)
                            + Fmt.cell(Trips.route(h.segments(), ui.glyphs()), ROUTE, e)
                            + Fmt.cell(Trips.departure(h.segments()), DEPARTURE, e)
                            + Fmt.cell(Trips.seats(h.segments()), SEATS, e)
                            + Fmt.rightCell(Fmt.money(h.priceCents()), PRICE, e)
                            + Fmt.rightCell(left, EXPIRES, e)));
        }
        list.setRows(rows);
        long total =
                ui.session().liveHolds(now).stream().mapToLong(Hold::priceCents).sum();
        heading.setText("Cart " + ui.glyphs().dot() + " " + holds.size() + (holds.size() == 1 ? " hold" : " holds")
                + ", total " + Fmt.money(total));
        if (holds.stream().anyMatch(h -> !h.expiresAt().isAfter(now))) {
            message.setText("! A hold expired while you were looking; its seats are back on sale.");
        }
    }

    private void release() {
        RowList.Row row = list.selectedRow();
        if (row == null || busy) {
            return;
        }
        busy = true;
        ui.whenDone(ui.client().release(row.key()), (ok, error) -> {
            busy = false;
            if (error != null && Errors.code(error) != ErrorCode.NOT_FOUND) {
                message.setText("! " + Errors.describe(error));
                return;
            }
            ui.session().removeHold(row.key());
            message.setText("Released; those seats are back on sale.");
            render();
        });
    }

    private void confirmPurchase() {
        List<Hold> holds = ui.session().liveHolds(ui.now());
        if (busy) {
            return;
        }
        if (holds.isEmpty()) {
            message.setText("! Nothing to purchase: your cart has no live holds.");
            return;
        }
        StringBuilder text = new StringBuilder("Purchase everything in your cart?\n\n");
        long total = 0;
        for (Hold h : holds) {
            text.append(Trips.detail(h.segments(), ui.glyphs()))
                    .append("   ")
                    .append(h.passengers())
                    .append(h.passengers() == 1 ? " passenger  " : " passengers  ")
                    .append(Fmt.money(h.priceCents()))
                    .append('\n');
            total += h.priceCents();
        }
        text.append("\nTotal: ").append(Fmt.money(total));
        List<String> ids = holds.stream().map(Hold::holdId).toList();
        Dialogs.confirm(ui, "Confirm purchase", text.toString(), "Pay " + Fmt.money(total), () -> purchase(ids));
    }

    private void purchase(List<String> ids) {
        busy = true;
        purchasing = Set.copyOf(ids);
        message.setText("Purchasing ...");
        ui.whenDone(ui.client().purchase(ids), (booking, error) -> {
            busy = false;
            purchasing = Set.of();
            if (error != null) {
                message.setText("! " + Errors.describe(error));
                if (Errors.code(error) == ErrorCode.CART_CHANGED) {
                    refreshHolds();
                }
                return;
            }
            showBooked(booking);
            ui.session().holds(List.of());
            render();
            shell.bookingMade();
        });
    }

    private void showBooked(Booking booking) {
        booked.setText(">>> BOOKED  " + ui.glyphs().dot() + "  Booking reference: " + booking.reference() + "  "
                + ui.glyphs().dot() + "  " + Fmt.money(booking.priceCents()) + " <<<");
        message.setText("Your seats are confirmed; see them under Bookings (F5).");
    }
}
