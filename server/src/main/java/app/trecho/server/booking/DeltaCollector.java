package app.trecho.server.booking;

import app.trecho.protocol.model.SeatChange;
import app.trecho.protocol.model.SeatState;
import app.trecho.server.state.SeatDelta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the seats one mutation changes, then bumps each touched segment's version once and
 * describes the result as {@link SeatDelta}s for the live events.
 */
final class DeltaCollector {

    private final Map<SeatInventory, Map<String, SeatState>> changed = new LinkedHashMap<>();

    void set(SeatInventory inventory, String seat, SeatState state, String account) {
        int index = inventory.segment.seatIndex(seat);
        inventory.set(index, state, account);
        changed.computeIfAbsent(inventory, k -> new LinkedHashMap<>()).put(seat, state);
    }

    /** Publishes every touched segment (new version, new free count); call once, at the end of the mutation. */
    List<SeatDelta> finish() {
        List<SeatDelta> deltas = new ArrayList<>(changed.size());
        changed.forEach((inventory, seats) -> {
            inventory.publish();
            List<SeatChange> changes = new ArrayList<>(seats.size());
            seats.forEach((seat, state) -> changes.add(new SeatChange(seat, state)));
            deltas.add(new SeatDelta(
                    inventory.segment.id(),
                    List.copyOf(changes),
                    inventory.free(),
                    inventory.size(),
                    inventory.version()));
        });
        return List.copyOf(deltas);
    }
}
