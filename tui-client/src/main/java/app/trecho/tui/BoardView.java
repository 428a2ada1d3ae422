package app.trecho.tui;

import app.trecho.protocol.Event;
import app.trecho.protocol.model.SegmentInfo;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.input.KeyStroke;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live departures board: every segment with its free seats, updated from {@code board} events
 * without a keypress; a changed count is highlighted for a few seconds.
 */
final class BoardView extends ListView {
    static final Duration HIGHLIGHT = Duration.ofSeconds(3);
    private static final int FREE_COLUMN = 44;
    private static final int FREE_WIDTH = 9;

    private final Ui ui;
    private final Shell shell;
    private final Label title;
    private final Label message;
    private final Map<String, SegmentInfo> segments = new LinkedHashMap<>();
    private final Map<String, Instant> changedAt = new HashMap<>();
    private boolean loaded;
    private boolean subscribed;

    BoardView(Ui ui, Shell shell) {
        Label title = new Label("Departures board");
        Label message = new Label("");
        super(
                new RowList("Loading the departures ...", ui.options().color()),
                title,
                formatRow("Flight", "From", "To", "Departure", "Arr.", "Free", "Price"),
                message);
        this.ui = ui;
        this.shell = shell;
        this.title = title;
        this.message = message;
        list.onEnter(row -> {
            SegmentInfo s = segments.get(row.key());
            if (s != null) {
                shell.searchRoute(s.from(), s.to(), Fmt.date(s.departure()));
            }
        });
    }

    @Override
    public String title() {
        return "Board";
    }

    @Override
    public Place place() {
        return Place.BOARD;
    }

    @Override
    public List<KeyHint> keys() {
        return List.of(
                new KeyHint("Up/Down j/k", "move (PgUp/PgDn, Home/End)", "move"),
                new KeyHint("Enter", "search this route and day", "search route"),
                new KeyHint("r", "reload the board", "reload"));
    }

    @Override
    public void onShow() {
        if (!loaded) {
            reload();
        }
        if (!subscribed && ui.client() != null) {
            subscribed = true;
            ui.whenDone(ui.client().subscribe(List.of("board")), (topics, error) -> {
                if (error != null) {
                    subscribed = false;
                    message.setText("! Live updates are off: " + Errors.describe(error));
                }
            });
        }
    }

    @Override
    public boolean onKey(KeyStroke key) {
        if (GlobalKeys.isPlain(key, 'r')) {
            reload();
            return true;
        }
        return false;
    }

    @Override
    public void onRefresh() {
        subscribed = false;
        if (shell.current() == this) {
            reload();
            onShow();
        } else {
            loaded = false;
        }
    }

    @Override
    public void onEvent(Event event) {
        switch (event) {
            case Event.Availability a -> {
                SegmentInfo s = segments.get(a.segment());
                if (s != null && s.seatsFree() != a.seatsFree()) {
                    segments.put(a.segment(), withFree(s, a.seatsFree(), a.seatsTotal()));
                    changedAt.put(a.segment(), ui.now());
                    render();
                }
            }
            case Event.Resync r -> onRefresh();
            default -> {}
        }
    }

    @Override
    public void onTick(Instant now) {
        if (changedAt.values().removeIf(at -> !now.isBefore(at.plus(HIGHLIGHT)))) {
            render();
        }
    }

    void reload() {
        if (ui.client() == null) {
            return;
        }
        message.setText("Loading ...");
        ui.whenDone(ui.client().board(null, null), (rows, error) -> {
            if (error != null) {
                message.setText("! Could not load the board: " + Errors.describe(error) + " (r retries)");
                return;
            }
            loaded = true;
            segments.clear();
            rows.forEach(s -> segments.put(s.segment(), s));
            message.setText("Live: seat counts change here as other customers book.");
            render();
        });
    }

    private void render() {
        Instant now = ui.now();
        List<RowList.Row> rows = new ArrayList<>();
        for (SegmentInfo s : segments.values()) {
            String text = formatRow(
                    s.flight(),
                    s.from(),
                    s.to(),
                    Fmt.dayTime(s.departure()),
                    Fmt.time(s.arrival()),
                    s.seatsFree() + "/" + s.seatsTotal(),
                    Fmt.money(s.priceCents()));
            Instant at = changedAt.get(s.segment());
            boolean fresh = at != null && now.isBefore(at.plus(HIGHLIGHT));
            rows.add(
                    fresh
                            ? new RowList.Row(s.segment(), text, FREE_COLUMN, FREE_COLUMN + FREE_WIDTH - 1)
                            : RowList.Row.of(s.segment(), text));
        }
        title.setText("Departures board " + ui.glyphs().dot() + " " + segments.size() + " flights, live");
        list.setRows(rows);
    }

    static String formatRow(String flight, String from, String to, String dep, String arr, String free, String price) {
        return Fmt.fit(flight, 9) + Fmt.fit(from, 6) + Fmt.fit(to, 6) + Fmt.fit(dep, 14) + Fmt.fit(arr, 8) + " "
                + Fmt.right(free, FREE_WIDTH - 1) + " " + Fmt.right(price, 12);
    }

    private static SegmentInfo withFree(SegmentInfo s, int free, int total) {
        return new SegmentInfo(
                s.segment(), s.flight(), s.from(), s.to(), s.departure(), s.arrival(), s.priceCents(), free, total);
    }

    /** For tests: the rows as shown. */
    List<RowList.Row> rows() {
        return list.rows();
    }
}
