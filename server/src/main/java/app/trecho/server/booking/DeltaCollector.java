package app.trecho.server.booking;

import app.trecho.protocol.model.SeatChange;
import app.trecho.protocol.model.SeatState;
import app.trecho.server.state.SeatDelta;
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

    private final SmallMap<SeatInventory, SmallMap<String, SeatState>> changed = new SmallMap<>();

    void set(SeatInventory inventory, String seat, SeatState state, String account) {
        int index = inventory.segment.seatIndex(seat);
        inventory.set(index, state, account);
        SmallMap<String, SeatState> seats = changed.get(inventory);
        if (seats == null) {
            seats = new SmallMap<>();
            changed.put(inventory, seats);
        }
        seats.put(seat, state);
    }

    /** Publishes every touched segment (new version, new free count); call once, at the end of the mutation. */
    List<SeatDelta> finish() {
        SeatDelta[] deltas = new SeatDelta[changed.size()];
        for (int s = 0; s < deltas.length; s++) {
            SeatInventory inventory = changed.key(s);
            SmallMap<String, SeatState> seats = changed.value(s);
            inventory.publish();
            SeatChange[] changes = new SeatChange[seats.size()];
            for (int i = 0; i < changes.length; i++) {
                changes[i] = new SeatChange(seats.key(i), seats.value(i));
            }
            deltas[s] = new SeatDelta(
                    inventory.segment.id(), List.of(changes), inventory.free(), inventory.size(), inventory.version());
        }
        return List.of(deltas);
    }

    /**
     * A map in the order keys were first put (a key put again keeps its place and takes the new
     * value): its keys looked through while few, indexed by a hash map past {@link #LINEAR}.
     */
    private static final class SmallMap<K, V> {
        private Object[] keys = new Object[4];
        private Object[] values = new Object[4];
        private int count;
        private Map<K, Integer> positions; // once more than LINEAR keys

        @SuppressWarnings("unchecked") // only Vs are stored
        V get(K key) {
            int at = positionOf(key);
            return at < 0 ? null : (V) values[at];
        }

        void put(K key, V value) {
            int at = positionOf(key);
            if (at >= 0) {
                values[at] = value;
                return;
            }
            if (count == keys.length) {
                keys = Arrays.copyOf(keys, count * 2);
                values = Arrays.copyOf(values, count * 2);
            }
            keys[count] = key;
            values[count] = value;
            count++;
            if (positions != null) {
                positions.put(key, count - 1);
            } else if (count > LINEAR) {
                positions = new HashMap<>();
                for (int i = 0; i < count; i++) {
                    positions.put(key(i), i);
                }
            }
        }

        int size() {
            return count;
        }

        @SuppressWarnings("unchecked") // only Ks are stored
        K key(int position) {
            return (K) keys[position];
        }

        @SuppressWarnings("unchecked") // only Vs are stored
        V value(int position) {
            return (V) values[position];
        }

        private int positionOf(K key) {
            if (positions != null) {
                Integer at = positions.get(key);
                return at == null ? -1 : at;
            }
            for (int i = 0; i < count; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
