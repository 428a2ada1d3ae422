package app.trecho.server.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.trecho.protocol.model.SeatChange;
import app.trecho.protocol.model.SeatState;
import app.trecho.server.state.SeatDelta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deltas name segments in the order first touched, each seat once where it was first changed,
 * with its last state: what two levels of linked hash maps gave, below the linear limit and past it.
 */
class DeltaCollectorTest {
    private static final Instant DEPARTURE = Instant.parse("2026-11-28T08:00:00Z");
    private static final SeatState[] STATES = {SeatState.FREE, SeatState.HELD, SeatState.SOLD};

    @ParameterizedTest
    @ValueSource(ints = {1, 3, DeltaCollector.LINEAR, DeltaCollector.LINEAR + 1, 40})
    void deltasAreThoseOfTheMapsTheyReplace(int segmentCount) {
        SplittableRandom random = new SplittableRandom(segmentCount);
        for (int round = 0; round < 50; round++) {
            List<SeatInventory> inventories = new ArrayList<>();
            for (int s = 0; s < segmentCount; s++) {
                inventories.add(new SeatInventory(new Segment(
                        "TR" + s + "-2026-11-28",
                        "TR" + s,
                        "GRU",
                        "BSB",
                        DEPARTURE,
                        DEPARTURE.plusSeconds(3_600),
                        5,
                        "ABCD",
                        100)));
            }
            DeltaCollector collector = new DeltaCollector();
            Map<SeatInventory, Map<String, SeatState>> expected = new LinkedHashMap<>();
            int changes = 1 + random.nextInt(round < 25 ? 6 : 200);
            for (int c = 0; c < changes; c++) {
                SeatInventory inventory = inventories.get(random.nextInt(segmentCount));
                String seat = inventory.segment.seatLabel(random.nextInt(inventory.size()));
                SeatState state = STATES[random.nextInt(STATES.length)];
                collector.set(inventory, seat, state, state == SeatState.FREE ? null : "ana");
                expected.computeIfAbsent(inventory, k -> new LinkedHashMap<>()).put(seat, state);
            }
            List<SeatDelta> deltas = collector.finish();
            List<SeatDelta> wanted = new ArrayList<>();
            expected.forEach((inventory, seats) -> {
                List<SeatChange> seatChanges = new ArrayList<>();
                seats.forEach((seat, state) -> seatChanges.add(new SeatChange(seat, state)));
                wanted.add(new SeatDelta(
                        inventory.segment.id(), seatChanges, inventory.free(), inventory.size(), inventory.version()));
            });
            assertEquals(wanted, deltas);
            for (SeatDelta delta : deltas) {
                assertEquals(1, delta.version(), "each touched segment's version moves once");
            }
        }
    }
}
