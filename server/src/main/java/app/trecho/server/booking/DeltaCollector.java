package app.trecho.server.booking;

import app.trecho.protocol.model.SeatChange;
import app.trecho.protocol.model.SeatState;
import app.trecho.server.state.SeatDelta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the seats one mutation changes, then bumps each touched segment's version once and
 * describes the result as {@link SeatDelta}s for the live events: segments in the order first
 * touched, each seat once, where it was first changed, with its last state.
 *
 * <p>A mutation touches a few seats on a few segments, so they are found by looking through short
 * arrays (linked hash maps, two levels of them, were ~7% of the server's garbage in {@code book});
 * past {@link #LINEAR} entries a map takes over, as a rebuild replays every stored change into one
 * collector.
 */
final class DeltaCollector {
    /** Entries looked through one by one; beyond, a map finds them. */
    static final int LINEAR = 8;

    private final ArrayList<Touched> touched = new ArrayList<>(4);
    private Map<SeatInventory, Touched> bySegment; // once more than LINEAR segments

    void set(SeatInventory inventory, String seat, SeatState state, String account) {
        int index = inventory.segment.seatIndex(seat);
        inventory.set(index, state, account);
        touched(inventory).put(seat, state);
    }

    /** Publishes every touched segment (new version, new free count); call once, at the end of the mutation. */
    List<SeatDelta> finish() {
        SeatDelta[] deltas = new SeatDelta[touched.size()];
        for (int i = 0; i < deltas.length; i++) {
            Touched t = touched.get(i);
            t.inventory.publish();
            deltas[i] = new SeatDelta(
                    t.inventory.segment.id(),
                    t.changes(),
                    t.inventory.free(),
                    t.inventory.size(),
                    t.inventory.version());
        }
        return List.of(deltas);
    }

    private Touched touched(SeatInventory inventory) {
        if (bySegment != null) {
            return bySegment.computeIfAbsent(inventory, this::add);
        }
        for (int i = 0; i < touched.size(); i++) {
            if (touched.get(i).inventory == inventory) {
                return touched.get(i);
            }
        }
        Touched added = add(inventory);
        if (touched.size() > LINEAR) {
            bySegment = new HashMap<>();
            touched.forEach(t -> bySegment.put(t.inventory, t));
        }
        return added;
    }

    private Touched add(SeatInventory inventory) {
        Touched t = new Touched(inventory);
        touched.add(t);
        return t;
    }

    /** One segment's changed seats, in the order first changed, each with its latest state. */
    private static final class Touched {
        final SeatInventory inventory;
        private String[] seats = new String[4];
        private SeatState[] states = new SeatState[4];
        private int count;
        private Map<String, Integer> positions; // once more than LINEAR seats

        Touched(SeatInventory inventory) {
            this.inventory = inventory;
        }

        void put(String seat, SeatState state) {
            int at = positionOf(seat);
            if (at >= 0) {
                states[at] = state;
                return;
            }
            if (count == seats.length) {
                seats = Arrays.copyOf(seats, count * 2);
                states = Arrays.copyOf(states, count * 2);
            }
            seats[count] = seat;
            states[count] = state;
            count++;
            if (positions != null) {
                positions.put(seat, count - 1);
            } else if (count > LINEAR) {
                positions = new HashMap<>();
                for (int i = 0; i < count; i++) {
                    positions.put(seats[i], i);
                }
            }
        }

        private int positionOf(String seat) {
            if (positions != null) {
                Integer at = positions.get(seat);
                return at == null ? -1 : at;
            }
            for (int i = 0; i < count; i++) {
                if (seats[i].equals(seat)) {
                    return i;
                }
            }
            return -1;
        }

        List<SeatChange> changes() {
            SeatChange[] changes = new SeatChange[count];
            for (int i = 0; i < count; i++) {
                changes[i] = new SeatChange(seats[i], states[i]);
            }
            return List.of(changes);
        }
    }
}
