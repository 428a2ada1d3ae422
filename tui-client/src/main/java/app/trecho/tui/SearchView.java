package app.trecho.tui;

import app.trecho.protocol.model.City;
import app.trecho.protocol.model.Itinerary;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.protocol.model.SortOrder;
import com.googlecode.lanterna.gui2.BorderLayout;
import com.googlecode.lanterna.gui2.Button;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.Direction;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.input.KeyStroke;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** From, to, date, passengers: itineraries with stops, times, duration, price and free seats. */
final class SearchView implements View {
    private final Ui ui;
    private final Shell shell;
    private final Panel panel = new Panel(new BorderLayout());
    private final Field from = new Field(12, true);
    private final Field to = new Field(12, true);
    private final Field date = new Field(11, false);
    private final Field passengers = new Field(2, false);
    private final Label cityHint = new Label("");
    private final Label message = new Label("");
    private final RowList results;
    private final Cities cities = new Cities();
    private List<Itinerary> found = List.of();
    private SortOrder sort = SortOrder.ARRIVAL;
    private int party = 1;
    private boolean searchOnShow;

    SearchView(Ui ui, Shell shell) {
        this.ui = ui;
        this.shell = shell;
        this.results = new RowList(
                "No results yet: fill in the fields and press Enter.",
                ui.options().color());
        results.onEnter(row -> choose(Integer.parseInt(row.key())));
        date.setText(Fmt.date(ui.now()).plusDays(1).toString());
        passengers.setText("1");
        date.setValidationPattern(java.util.regex.Pattern.compile("[0-9-]{0,10}"));
        passengers.setValidationPattern(java.util.regex.Pattern.compile("[0-9]?"));
        for (Field f : List.of(from, to, date, passengers)) {
            f.onSubmit(this::search);
        }
        from.setTextChangeListener((text, byUser) -> hintCities(text));
        to.setTextChangeListener((text, byUser) -> hintCities(text));
        from.onLeave(() -> complete(from));
        to.onLeave(() -> complete(to));
        Panel form = new Panel(new LinearLayout(Direction.HORIZONTAL));
        form.addComponent(new Label("From"));
        form.addComponent(from);
        form.addComponent(new Label("To"));
        form.addComponent(to);
        form.addComponent(new Label("Date"));
        form.addComponent(date);
        form.addComponent(new Label("Pax"));
        form.addComponent(passengers);
        form.addComponent(new Button("Search", this::search));
        Panel top = new Panel(new LinearLayout(Direction.VERTICAL).setSpacing(0));
        top.addComponent(form);
        top.addComponent(cityHint);
        top.addComponent(new Label("  " + formatHeader()));
        panel.addComponent(top, BorderLayout.Location.TOP);
        panel.addComponent(results, BorderLayout.Location.CENTER);
        panel.addComponent(message, BorderLayout.Location.BOTTOM);
    }

    @Override
    public String title() {
        return "Search";
    }

    @Override
    public Place place() {
        return Place.SEARCH;
    }

    @Override
    public Component component() {
        return panel;
    }

    @Override
    public Interactable initialFocus() {
        return found.isEmpty() ? from : results;
    }

    @Override
    public List<KeyHint> keys() {
        return List.of(
                new KeyHint("Tab", "next field (a city name or code prefix completes)", "next field"),
                new KeyHint("Enter", "in a field: search; on a result: choose seats", "search/choose"),
                new KeyHint("o", "on the results: sort by arrival, price or duration", "sort"));
    }

    @Override
    public void onShow() {
        if (!cities.loaded() && ui.client() != null) {
            ui.whenDone(ui.client().cities(), (list, error) -> {
                if (error != null) {
                    cityHint.setText("! Could not load the city list: " + Errors.describe(error));
                    return;
                }
                cities.set(list);
                hintCities("");
            });
        }
        if (searchOnShow) {
            searchOnShow = false;
            search();
        }
    }

    @Override
    public boolean onKey(KeyStroke key) {
        if (GlobalKeys.isPlain(key, 'o') && !found.isEmpty()) {
            sort = SortOrder.values()[(sort.ordinal() + 1) % SortOrder.values().length];
            search();
            return true;
        }
        return false;
    }

    void prefill(String origin, String destination, LocalDate day) {
        from.setText(origin);
        to.setText(destination);
        date.setText(day.toString());
        searchOnShow = true;
    }

    private void hintCities(String typed) {
        List<City> matches = typed.isBlank() ? cities.all() : cities.matching(typed);
        String text = typed.isBlank()
                ? "Cities: " + matches.stream().map(City::code).collect(Collectors.joining(" "))
                : matches.isEmpty() ? "No city matches \"" + typed + "\"" : "Matches: " + cities.describe(matches, 4);
        cityHint.setText(ui.options().ascii() ? Fmt.ascii(text) : text);
    }

    private void complete(Field field) {
        String code = cities.resolve(field.getText());
        if (code != null && !code.equals(field.getText())) {
            field.setText(code);
        }
    }

    void search() {
        if (ui.client() == null) {
            return;
        }
        complete(from);
        complete(to);
        String origin = from.getText().trim();
        String destination = to.getText().trim();
        if (!origin.matches("[A-Z]{3}") || !destination.matches("[A-Z]{3}")) {
            message.setText("! Choose a city for From and To (a three-letter code, or type part of a name).");
            return;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(date.getText().trim());
        } catch (DateTimeParseException e) {
            message.setText("! The date is YYYY-MM-DD, e.g. " + Fmt.date(ui.now()) + ".");
            return;
        }
        int count;
        try {
            count = Integer.parseInt(passengers.getText().trim());
        } catch (NumberFormatException e) {
            count = 0;
        }
        if (count < 1 || count > 9) {
            message.setText("! Passengers: 1 to 9.");
            return;
        }
        int partySize = count;
        message.setText("Searching " + origin + " " + ui.glyphs().arrow() + " " + destination + " on " + day + " ...");
        ui.whenDone(ui.client().search(origin, destination, day, partySize, sort, 50), (list, error) -> {
            if (error != null) {
                message.setText("! " + Errors.describe(error));
                return;
            }
            party = partySize;
            found = List.copyOf(list);
            List<RowList.Row> rows = new ArrayList<>();
            for (int i = 0; i < found.size(); i++) {
                rows.add(RowList.Row.of(Integer.toString(i), formatItinerary(found.get(i), ui.glyphs())));
            }
            results.setRows(rows);
            results.select(0);
            message.setText(
                    found.isEmpty()
                            ? "No itineraries with " + partySize + " free seat(s) that day. Try another date."
                            : found.size() + " itineraries, sorted by " + sort.wire()
                                    + " (o changes). Enter chooses seats.");
            if (!found.isEmpty()) {
                ui.gui().getActiveWindow().setFocusedInteractable(results);
            }
        });
    }

    private void choose(int index) {
        if (index >= 0 && index < found.size()) {
            shell.openSeats(found.get(index), party);
        }
    }

    /** Column widths; each cell ends or starts with a space, so columns never touch. */
    private static final int TIMES = 14, DURATION = 6, STOPS = 16, FLIGHTS = 21, PRICE = 11, FREE = 6;

    private String formatHeader() {
        String e = ui.glyphs().ellipsis();
        return Fmt.cell("Depart-Arrive", TIMES, e)
                + Fmt.cell("Time", DURATION, e)
                + Fmt.cell("Stops", STOPS, e)
                + Fmt.cell("Flights", FLIGHTS, e)
                + Fmt.rightCell("Price", PRICE, e)
                + Fmt.rightCell("Free", FREE, e);
    }

    static String formatItinerary(Itinerary it, Glyphs glyphs) {
        List<SegmentInfo> legs = it.legs();
        boolean nextDay = !Fmt.date(it.arrival()).equals(Fmt.date(it.departure()));
        String times = Fmt.time(it.departure()) + "-" + Fmt.time(it.arrival()) + (nextDay ? "+1" : "");
        String stops = legs.size() == 1
                ? "direct"
                : (legs.size() - 1)
                        + (legs.size() == 2 ? " stop " : " stops ")
                        + legs.subList(1, legs.size()).stream()
                                .map(SegmentInfo::from)
                                .collect(Collectors.joining(","));
        String flights = legs.stream().map(SegmentInfo::flight).collect(Collectors.joining("+"));
        String e = glyphs.ellipsis();
        return Fmt.cell(times, TIMES, e)
                + Fmt.cell(Fmt.duration(it.durationMinutes()), DURATION, e)
                + Fmt.cell(stops, STOPS, e)
                + Fmt.cell(flights, FLIGHTS, e)
                + Fmt.rightCell(Fmt.money(it.priceCents()), PRICE, e)
                + Fmt.rightCell(Integer.toString(it.seatsFree()), FREE, e);
    }
}
