package app.trecho.server.booking;

import app.trecho.protocol.model.SeatState;
import java.util.ArrayList;
import java.util.List;

/** Chooses seats for "any seats": side by side in one row where possible, else the tightest block. */
final class SeatPicker {

    private SeatPicker() {}

    /**
     * {@code passengers} free seats in seat order, or null when fewer are free: the first block of
     * that many consecutive free seats that sits side by side in one row, else the first block
     * spanning the fewest seats. One pass over the seat states, keeping only the last
     * {@code passengers} free seats seen: every hold runs this, and a list of every free seat made
     * it the server's largest source of garbage after JSON.
     */
    static List<String> pick(SeatInventory inventory, int passengers) {
        if (passengers < 1) {
            throw new IllegalArgumentException("passengers must be at least 1");
        }
        int perRow = inventory.segment.columns().length();
        int[] lastFree = new int[passengers]; // a ring: the free seat seen k seats ago is at (seen - 1 - k)
        int seen = 0;
        int bestFirst = -1;
        int bestSpan = Integer.MAX_VALUE;
        for (int seat = 0; seat < inventory.size(); seat++) {
            if (inventory.state(seat) != SeatState.FREE) {
                continue;
            }
            lastFree[seen % passengers] = seat;
            seen++;
            if (seen < passengers) {
                continue;
            }
            int first = lastFree[seen % passengers]; // the oldest of the last `passengers` free seats
            int span = seat - first;
            if (span == passengers - 1 && first / perRow == seat / perRow) {
                bestFirst = first;
                break;
            }
            if (span < bestSpan) {
                bestSpan = span;
                bestFirst = first;
            }
        }
        if (bestFirst < 0) {
            return null;
        }
        List<String> seats = new ArrayList<>(passengers);
        for (int seat = bestFirst; seats.size() < passengers; seat++) {
            if (inventory.state(seat) == SeatState.FREE) {
                seats.add(inventory.segment.seatLabel(seat));
            }
        }
        return List.copyOf(seats);
    }
}
