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

    private final Positions<SeatInventory> segments = new Positions<>();
    private final List<Positions<String>> seats = new ArrayList<>(4); // by segment's position
    private final List<List<SeatState>> states = new ArrayList<>(4); // by segment's, then seat's position

    void set(SeatInventory inventory, String seat, SeatState state, String account) {
        int index = inventory.segment.seatIndex(seat);
        inventory.set(index, state, account);
        int segment = segments.positionOf(inventory);
        if (segment == seats.size()) {
            seats.add(new Positions<>());
            states.add(new ArrayList<>(4));
        }
        List<SeatState> segmentStates = states.get(segment);
        int at = seats.get(segment).positionOf(seat);
        if (at == segmentStates.size()) {
            segmentStates.add(state);
        } else {
            segmentStates.set(at, state);
        }
    }

    /** Publishes every touched segment (new version, new free count); call once, at the end of the mutation. */
    List<SeatDelta> finish() {
        SeatDelta[] deltas = new SeatDelta[segments.size()];
        for (int s = 0; s < deltas.length; s++) {
            SeatInventory inventory = segments.get(s);
            inventory.publish();
            List<SeatState> segmentStates = states.get(s);
            SeatChange[] changes = new SeatChange[segmentStates.size()];
            for (int i = 0; i < changes.length; i++) {
                changes[i] = new SeatChange(seats.get(s).get(i), segmentStates.get(i));
            }
            deltas[s] = new SeatDelta(
                    inventory.segment.id(), List.of(changes), inventory.free(), inventory.size(), inventory.version());
        }
        return List.of(deltas);
    }

    /** Keys in the order first seen, each with its position: looked through while few, mapped past {@link #LINEAR}. */
    private static final class Positions<K> {
        private Object[] keys = new Object[4];
        private int count;
        private Map<K, Integer> byKey; // once more than LINEAR keys

        /** The key's position; a new key is added at the end ({@link #size} before it was added). */
        int positionOf(K key) {
            if (byKey != null) {
                return byKey.computeIfAbsent(key, k -> append(k));
            }
            for (int i = 0; i < count; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            int at = append(key);
            if (count > LINEAR) {
                byKey = new HashMap<>();
                for (int i = 0; i < count; i++) {
                    byKey.put(get(i), i);
                }
            }
            return at;
        }

        @SuppressWarnings("unchecked") // only Ks are stored
        K get(int position) {
            return (K) keys[position];
        }

        int size() {
            return count;
        }

        private int append(K key) {
            if (count == keys.length) {
                keys = Arrays.copyOf(keys, count * 2);
            }
            keys[count] = key;
            return count++;
        }
    }
}
