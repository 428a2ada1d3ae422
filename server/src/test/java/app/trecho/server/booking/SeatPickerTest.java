package app.trecho.server.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import app.trecho.protocol.model.SeatState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeatPickerTest {

    @Test
    void sideBySideInOneRowWinsOverAnEarlierTighterLookingBlock() {
        // 1B taken: 1A+1C are apart and 1C+2A span two rows, so two passengers get 2A+2B.
        SeatInventory seats = inventory(3, "ABC", 1);
        assertEquals(List.of("2A", "2B"), SeatPicker.pick(seats, 2));
    }

    @Test
    void withoutSideBySideSeatsTheTightestBlockWins() {
        // 1B, 2A, 2C, 3B and 3C taken: free are 1A, 1C, 2B and 3A, every pair two seats apart.
        SeatInventory seats = inventory(3, "ABC", 1, 3, 5, 7, 8);
        assertEquals(List.of("1A", "1C"), SeatPicker.pick(seats, 2));
    }

    @Test
    void tooFewFreeSeatsGiveNull() {
        assertNull(SeatPicker.pick(inventory(1, "AB", 0), 2));
    }

    /** The choice is exactly the one the straightforward list-of-free-seats algorithm makes. */
    @Test
    void matchesTheStraightforwardAlgorithmOnRandomCabins() {
        Random random = new Random(11);
        for (int round = 0; round < 5_000; round++) {
            String columns = "ABCDEFGHIJK".substring(0, 1 + random.nextInt(11));
            int rows = 1 + random.nextInt(30);
            SeatInventory seats = inventory(rows, columns);
            double taken = random.nextDouble();
            for (int i = 0; i < seats.size(); i++) {
                if (random.nextDouble() < taken) {
                    seats.set(i, random.nextBoolean() ? SeatState.HELD : SeatState.SOLD, "someone");
                }
            }
            int passengers = 1 + random.nextInt(9);
            assertEquals(straightforward(seats, passengers), SeatPicker.pick(seats, passengers), "round " + round);
        }
    }

    /** What SeatPicker did before it stopped listing every free seat. */
    private static List<String> straightforward(SeatInventory inventory, int passengers) {
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
            if (span == passengers - 1 && first / perRow == last / perRow) {
                best = start;
                break;
            }
            if (span < bestSpan) {
                bestSpan = span;
                best = start;
            }
        }
        List<String> seats = new ArrayList<>();
        for (int i = best; i < best + passengers; i++) {
            seats.add(inventory.segment.seatLabel(free.get(i)));
        }
        return seats;
    }

    private static SeatInventory inventory(int rows, String columns, int... taken) {
        Instant departure = Instant.parse("2026-11-28T10:00:00Z");
        var segment = new Segment(
                "TR1-2026-11-28", "TR1", "GRU", "BSB", departure, departure.plusSeconds(3_600), rows, columns, 100);
        var inventory = new SeatInventory(segment);
        for (int seat : taken) {
            inventory.set(seat, SeatState.SOLD, "someone");
        }
        return inventory;
    }
}
