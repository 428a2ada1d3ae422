package app.trecho.tui;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Event;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.Itinerary;
import app.trecho.protocol.model.SegmentInfo;
import com.googlecode.lanterna.gui2.BorderLayout;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.Direction;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The seat maps of a chosen itinerary, one leg at a time, live from {@code seats:<segment>}
 * events. Pick one seat per passenger on every leg, or take any seats; a seat lost to another
 * customer is explained right here, on a fresh map.
 */
final class SeatMapView implements View {
    private final Ui ui;
    private final Shell shell;
    private final Itinerary itinerary;
    private final int party;
    private final Panel panel = new Panel(new BorderLayout());
    private final Label heading = new Label("");
    private final Label cursorInfo = new Label("");
    private final Label message = new Label("");
    private final SeatGrid grid = new SeatGrid();
    private final Map<String, Response.SeatMapGetOk> maps = new HashMap<>();
    private final Map<String, List<String>> picks = new HashMap<>();
    private int leg;
    private boolean busy;

    SeatMapView(Ui ui, Shell shell, Itinerary itinerary, int party) {
        this.ui = ui;
        this.shell = shell;
        this.itinerary = itinerary;
        this.party = party;
        grid.maxPicks(party);
        Panel bottom = new Panel(new LinearLayout(Direction.VERTICAL).setSpacing(0));
        bottom.addComponent(cursorInfo);
        bottom.addComponent(new Label("Legend: " + SeatGrid.LEGEND));
        bottom.addComponent(message);
        panel.addComponent(heading, BorderLayout.Location.TOP);
        panel.addComponent(grid, BorderLayout.Location.CENTER);
        panel.addComponent(bottom, BorderLayout.Location.BOTTOM);
    }

    @Override
    public String title() {
        return "Seats";
    }

    @Override
    public Component component() {
        return panel;
    }

    @Override
    public Interactable initialFocus() {
        return grid;
    }

    @Override
    public List<KeyHint> keys() {
        return List.of(
                new KeyHint("Arrows / h j k l", "move between seats", "move"),
                new KeyHint("Space", "pick or unpick the seat", "pick"),
                new KeyHint("Enter", "hold the picked seats (every leg)", "hold"),
                new KeyHint("a", "hold any free seats instead", "any seats"),
                new KeyHint("Tab / Shift-Tab", "next / previous leg", "leg"));
    }

    private SegmentInfo current() {
        return itinerary.legs().get(leg);
    }

    @Override
    public void onShow() {
        List<String> topics =
                itinerary.legs().stream().map(s -> "seats:" + s.segment()).toList();
        ui.whenDone(ui.client().subscribe(topics), (ok, error) -> {
            if (error != null) {
                message.setText("! Live seat updates are off: " + Errors.describe(error));
            }
        });
        itinerary.legs().forEach(s -> load(s.segment()));
        showLeg();
    }

    @Override
    public void onHide() {
        List<String> topics =
                itinerary.legs().stream().map(s -> "seats:" + s.segment()).toList();
        ui.whenDone(ui.client().unsubscribe(topics), (ok, error) -> {});
    }

    @Override
    public void onRefresh() {
        itinerary.legs().forEach(s -> load(s.segment()));
    }

    private void load(String segment) {
        ui.whenDone(ui.client().seatMap(segment), (map, error) -> {
            if (error != null) {
                message.setText("! Could not load the seat map: " + Errors.describe(error));
                return;
            }
            Response.SeatMapGetOk known = maps.get(segment);
            if (known == null || map.version() >= known.version()) {
                maps.put(segment, map);
                if (segment.equals(current().segment())) {
                    showLeg();
                }
            }
        });
    }

    private void showLeg() {
        SegmentInfo s = current();
        heading.setText("Leg " + (leg + 1) + " of " + itinerary.legs().size() + ": " + s.flight() + " " + s.from()
                + " " + ui.glyphs().arrow() + " " + s.to() + " " + Fmt.dayTime(s.departure()) + "  pick " + party
                + (party == 1 ? " seat" : " seats") + " "
                + ui.glyphs().dot() + " total " + Fmt.money(itinerary.priceCents() * party));
        Response.SeatMapGetOk map = maps.get(s.segment());
        if (map != null) {
            grid.setMap(map.rows(), map.columns(), map.seats());
            grid.setPicked(picks.getOrDefault(s.segment(), List.of()));
        }
        describeCursor();
    }

    private void describeCursor() {
        List<String> mine = grid.picked();
        cursorInfo.setText("Seat " + grid.cursorLabel() + ": " + grid.cursorState() + "   picked on this leg: "
                + (mine.isEmpty() ? "none" : String.join(", ", mine)) + " (" + mine.size() + "/" + party + ")");
    }

    @Override
    public boolean onKey(KeyStroke key) {
        KeyType type = key.getKeyType();
        if (type == KeyType.Character && GlobalKeys.isPlain(key, ' ')) {
            String refusal = grid.toggle();
            picks.put(current().segment(), grid.picked());
            message.setText(refusal == null ? "" : "! " + refusal);
        } else if (type == KeyType.Tab || type == KeyType.ReverseTab) {
            switchLeg(type == KeyType.Tab ? 1 : -1);
        } else if (type == KeyType.Enter) {
            holdPicked();
        } else if (GlobalKeys.isPlain(key, 'a')) {
            hold(null);
        } else {
            return false;
        }
        describeCursor();
        return true;
    }

    @Override
    public void onEvent(Event event) {
        if (!(event instanceof Event.Seat seat) || !maps.containsKey(seat.segment())) {
            return;
        }
        Response.SeatMapGetOk known = maps.get(seat.segment());
        if (seat.version() <= known.version()) {
            return;
        }
        if (seat.segment().equals(current().segment())) {
            List<String> lost = grid.apply(seat.changes());
            picks.put(seat.segment(), grid.picked());
            maps.put(
                    seat.segment(),
                    new Response.SeatMapGetOk(
                            known.id(),
                            known.segment(),
                            known.rows(),
                            known.columns(),
                            snapshot(known),
                            seat.version()));
            if (!lost.isEmpty()) {
                message.setText("! " + String.join(", ", lost) + " was just taken by someone else; pick another.");
            }
            describeCursor();
        } else {
            load(seat.segment());
        }
    }

    /** The grid's current seat string (after live changes), keeping the map record in step. */
    private String snapshot(Response.SeatMapGetOk known) {
        return grid.seatsString(known.seats().length());
    }

    private void switchLeg(int delta) {
        picks.put(current().segment(), grid.picked());
        int count = itinerary.legs().size();
        leg = (leg + delta + count) % count;
        showLeg();
    }

    private void holdPicked() {
        picks.put(current().segment(), grid.picked());
        List<List<String>> seats = new ArrayList<>();
        for (int i = 0; i < itinerary.legs().size(); i++) {
            List<String> chosen = picks.getOrDefault(itinerary.legs().get(i).segment(), List.of());
            if (chosen.size() != party) {
                if (i != leg) {
                    leg = i;
                    showLeg();
                }
                message.setText("! Pick " + party + (party == 1 ? " seat" : " seats") + " on leg " + (i + 1)
                        + " (Space), or press a to take any free seats.");
                return;
            }
            seats.add(chosen);
        }
        hold(seats);
    }

    private void hold(List<List<String>> seats) {
        if (busy) {
            return;
        }
        busy = true;
        message.setText("Holding ...");
        List<String> segments =
                itinerary.legs().stream().map(SegmentInfo::segment).toList();
        ui.whenDone(ui.client().hold(segments, party, seats), (hold, error) -> {
            busy = false;
            if (error == null) {
                shell.holdPlaced(hold);
                return;
            }
            ErrorCode code = Errors.code(error);
            if (code == ErrorCode.SEAT_TAKEN || code == ErrorCode.SEATS_UNAVAILABLE) {
                message.setText("! " + Errors.describe(error) + " The map now shows who has what; "
                        + (seats == null ? "try another itinerary." : "pick again."));
                itinerary.legs().forEach(s -> load(s.segment()));
            } else {
                message.setText("! " + Errors.describe(error));
            }
        });
    }
}
