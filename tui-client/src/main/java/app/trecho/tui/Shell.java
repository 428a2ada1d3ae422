package app.trecho.tui;

import app.trecho.client.ConnectionState;
import app.trecho.client.TrechoClient;
import app.trecho.protocol.Event;
import app.trecho.protocol.model.Itinerary;
import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.BorderLayout;
import com.googlecode.lanterna.gui2.Direction;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.TextBox;
import com.googlecode.lanterna.gui2.Window;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one full-screen window: header (the menu bar), the current screen, a key-hint line and the
 * status bar; a stack of screens (Esc goes back); global keys; the too-small page. Everything here
 * runs on the GUI thread.
 */
final class Shell {
    static final TerminalSize MINIMUM = new TerminalSize(80, 24);
    private static final List<KeyHint> GLOBAL_KEYS = List.of(
            new KeyHint("F1 / ?", "this help (? only outside text fields)"),
            new KeyHint("F10", "menu of every screen"),
            new KeyHint("F2..F6 / Alt-letter", "Board, Search, Cart, Bookings, Account"),
            new KeyHint("Esc", "back (never quits)"),
            new KeyHint("q / Ctrl-C", "quit (asks first when you hold seats)"),
            new KeyHint("Ctrl-L", "redraw the screen"));

    private final Ui ui;
    private final Connector connector;
    private final Runnable quit;
    private final BasicWindow window = new BasicWindow();
    private final Panel main = new Panel(new BorderLayout());
    private final Panel content = new Panel(new BorderLayout());
    private final Panel tooSmall = new Panel(new LinearLayout(Direction.VERTICAL));
    private final Label tooSmallText = new Label("");
    private final Line status;
    private final Deque<View> stack = new ArrayDeque<>();
    private final LoginView login;
    private final BoardView board;
    private final SearchView search;
    private final CartView cart;
    private final BookingsView bookings;
    private final AccountView account;
    private boolean small;
    private boolean connecting;

    Shell(Ui ui, Connector connector, Runnable quit) {
        this.ui = ui;
        this.connector = connector;
        this.quit = quit;
        this.login = new LoginView(ui, this);
        this.board = new BoardView(ui, this);
        this.search = new SearchView(ui, this);
        this.cart = new CartView(ui, this);
        this.bookings = new BookingsView(ui);
        this.account = new AccountView(ui, this);
        this.status = new Line(width -> StatusText.of(ui.session(), ui.now(), ui.glyphs()), SGR.REVERSE);
        main.addComponent(new Line(width -> header(), SGR.REVERSE), BorderLayout.Location.TOP);
        main.addComponent(content, BorderLayout.Location.CENTER);
        Panel bottom = new Panel(new LinearLayout(Direction.VERTICAL).setSpacing(0));
        bottom.addComponent(new Line(this::hints));
        bottom.addComponent(status);
        main.addComponent(bottom, BorderLayout.Location.BOTTOM);
        tooSmall.addComponent(tooSmallText);
        tooSmall.addComponent(new Label("Make the terminal larger, or press q to quit."));
        window.setHints(List.of(Window.Hint.FULL_SCREEN, Window.Hint.NO_DECORATIONS));
        window.setComponent(main);
        window.addWindowListener(new GlobalKeys(this));
    }

    /** Adds the window, shows the login screen and starts connecting. */
    void start() {
        ui.gui().addWindow(window);
        applySize(ui.gui().getScreen().getTerminalSize());
        replaceStack(login);
        connect();
    }

    BasicWindow window() {
        return window;
    }

    View current() {
        return stack.peek();
    }

    boolean isSmall() {
        return small;
    }

    // ---- connection and session ----

    /** Connects if not yet connected; the login screen shows the outcome. */
    void connect() {
        if (ui.client() != null || connecting) {
            return;
        }
        connecting = true;
        ui.session().state(ConnectionState.CONNECTING, null);
        ui.whenDone(connector.connect(), (client, error) -> {
            connecting = false;
            if (error != null) {
                ui.session().state(ConnectionState.CLOSED, "unreachable");
                String words = "Cannot reach the server at " + ui.session().server() + ": " + error.getMessage()
                        + ". Check the address; Enter retries.";
                ui.session().error(words);
                login.showError(words);
                return;
            }
            attach(client);
        });
    }

    private void attach(TrechoClient client) {
        ui.session().connected(client);
        ui.session().error(null);
        client.addListener(new UiEvents(ui, this));
        login.connected();
    }

    void loggedIn(String username) {
        ui.session().loggedIn(username);
        ui.session().error(null);
        cart.refreshHolds();
        open(Place.BOARD);
    }

    void loggedOut() {
        ui.session().loggedOut();
        replaceStack(login);
    }

    void onConnectionState(ConnectionState state, String detail) {
        ConnectionState before = ui.session().state();
        ui.session().state(state, detail);
        if (state == ConnectionState.CONNECTED && before == ConnectionState.RECONNECTING) {
            forEachView(View::onRefresh);
        }
        status.invalidate();
    }

    void onEvent(Event event) {
        switch (event) {
            case Event.HoldExpired expired -> {
                ui.session().removeHold(expired.holdId());
                ui.session().error("A hold expired; its seats are back on sale.");
            }
            case Event.Shutdown shutdown -> ui.session().error("Server shutting down: " + shutdown.reason());
            default -> {}
        }
        forEachView(view -> view.onEvent(event));
        status.invalidate();
    }

    private void forEachView(java.util.function.Consumer<View> action) {
        Set<View> views = new LinkedHashSet<>(List.of(board, search, cart, bookings, account, login));
        views.addAll(stack);
        views.forEach(action);
    }

    /** Called about once a second by the loop (and by tests): countdowns, fading highlights. */
    void tick() {
        View view = current();
        if (view != null) {
            view.onTick(ui.now());
        }
        status.invalidate();
    }

    // ---- navigation ----

    void open(Place place) {
        if (ui.session().username() == null) {
            ui.session().error("Log in first (or register).");
            replaceStack(login);
            return;
        }
        View target = switch (place) {
            case BOARD -> board;
            case SEARCH -> search;
            case CART -> cart;
            case BOOKINGS -> bookings;
            case ACCOUNT -> account;
        };
        if (target == board) {
            replaceStack(board);
        } else {
            hideCurrent();
            stack.clear();
            stack.push(board);
            stack.push(target);
            display(target);
        }
    }

    /** Opens the seat map for an itinerary chosen in search. */
    void openSeats(Itinerary itinerary, int passengers) {
        push(new SeatMapView(ui, this, itinerary, passengers));
    }

    /** A hold succeeded on the seat map: show it in the cart. */
    void holdPlaced(app.trecho.protocol.model.Hold hold) {
        ui.session().addHold(hold);
        cart.justHeld(hold);
        open(Place.CART);
    }

    /** A purchase went through: the bookings list is stale. */
    void bookingMade() {
        bookings.reload();
    }

    /** Opens search prefilled with a board row's route and day. */
    void searchRoute(String from, String to, java.time.LocalDate date) {
        search.prefill(from, to, date);
        open(Place.SEARCH);
    }

    void push(View view) {
        hideCurrent();
        stack.push(view);
        display(view);
    }

    /** Esc: one screen back; on the first screen it stays put. */
    void back() {
        if (stack.size() <= 1) {
            return;
        }
        hideCurrent();
        stack.pop();
        display(stack.peek());
    }

    private void replaceStack(View view) {
        hideCurrent();
        stack.clear();
        stack.push(view);
        display(view);
    }

    private void hideCurrent() {
        if (current() != null) {
            current().onHide();
        }
    }

    private void display(View view) {
        content.removeAllComponents();
        content.addComponent(view.component(), BorderLayout.Location.CENTER);
        Interactable focus = view.initialFocus();
        if (focus != null && !small) {
            window.setFocusedInteractable(focus);
        }
        view.onShow();
    }

    // ---- quitting, help, size ----

    void requestQuit() {
        int holds = ui.session().liveHolds(ui.now()).size();
        if (holds == 0) {
            quit.run();
            return;
        }
        String left = Fmt.countdown(Duration.between(ui.now(), ui.session().soonestExpiry(ui.now())));
        Dialogs.confirm(
                ui,
                "Quit?",
                "You hold seats on " + holds + (holds == 1 ? " itinerary" : " itineraries")
                        + " (not yet purchased).\nThey stay held until they expire (first in " + left
                        + ").\nQuit anyway?",
                "Quit",
                quit);
    }

    void showHelp() {
        View view = current();
        List<KeyHint> keys = new ArrayList<>(view == null ? List.of() : view.keys());
        keys.addAll(GLOBAL_KEYS);
        Dialogs.info(ui, "Keys: " + (view == null ? "Trecho" : view.title()), Dialogs.keyTable(keys));
    }

    void openMenu() {
        MainMenu.open(ui, this);
    }

    /** True when a text field has focus: letters then belong to it, not to shortcuts. */
    boolean textFieldFocused() {
        return window.getFocusedInteractable() instanceof TextBox;
    }

    /** Shows the plain too-small page below 80×24, and the screens again once there is room. */
    void applySize(TerminalSize size) {
        boolean tooSmallNow = size.getColumns() < MINIMUM.getColumns() || size.getRows() < MINIMUM.getRows();
        tooSmallText.setText("Trecho needs " + MINIMUM.getColumns() + "x" + MINIMUM.getRows() + ", you have "
                + size.getColumns() + "x" + size.getRows() + ".");
        if (tooSmallNow && !small) {
            small = true;
            window.setComponent(tooSmall);
        } else if (!tooSmallNow && small) {
            small = false;
            window.setComponent(main);
            Interactable focus = current() == null ? null : current().initialFocus();
            if (focus != null) {
                window.setFocusedInteractable(focus);
            }
        }
        window.invalidate();
    }

    private String header() {
        View view = current();
        StringBuilder line = new StringBuilder("Trecho ");
        for (Place place : Place.values()) {
            boolean here = view != null && view.place() == place;
            String item = place.label + " " + place.fKeyName();
            line.append(here ? "[" + item + "]" : " " + item + " ");
        }
        line.append(" Help F1  Quit q");
        return line.toString();
    }

    /** The current screen's keys that fit, then the ones that always work. */
    private String hints(int width) {
        View view = current();
        String always = "F1 help  Esc back";
        StringBuilder line = new StringBuilder(" ");
        if (view != null && !small) {
            for (KeyHint hint : view.keys()) {
                String item = hint.keys() + " " + hint.brief() + "  ";
                if (line.length() + item.length() + always.length() > width) {
                    break;
                }
                line.append(item);
            }
        }
        return line.append(always).toString();
    }
}
