package app.trecho.server.booking;

import app.trecho.protocol.model.SeatState;
import java.util.ArrayList;
import java.util.List;

/** Chooses seats for "any seats": side by side in one row where possible, else the tightest block. */
final class SeatPicker {

    private SeatPicker() {}

    /** {@code passengers} free seats in seat order, or null when fewer are free. */
    static List<String> pick(SeatInventory inventory, int passengers) {
        List<Integer> free = new ArrayList<>();
        for (int i = 0; i < inventory.size(); i++) {
            if (inventory.state(i) == SeatState.FREE) {
                free.add(i);
            }
        }
        if (free.size() < passengers) {
            return null;
        }
        int perRow = inventory.segment.columns().length();
        int best = -1;
        int bestSpan = Integer.MAX_VALUE;
        for (int start = 0; start + passengers <= free.size(); start++) {
            int first = free.get(start);
            int last = free.get(start + passengers - 1);
            int span = last - first;
            boolean sideBySide = span == passengers - 1 && first / perRow == last / perRow;
            if (sideBySide) {
                best = start;
                break;
            }
            if (span < bestSpan) {
                bestSpan = span;
                best = start;
            }
        }
        List<String> seats = new ArrayList<>(passengers);
        for (int i = best; i < best + passengers; i++) {
            seats.add(inventory.segment.seatLabel(free.get(i)));
        }
        return List.copyOf(seats);
    }
}
