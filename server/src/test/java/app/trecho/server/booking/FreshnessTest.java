package app.trecho.server.booking;

import static app.trecho.server.booking.TestNetworks.DAY;
import static app.trecho.server.booking.TestNetworks.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.SortOrder;
import app.trecho.server.state.ChangeLog;
import app.trecho.server.state.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Equal freshness means equal board and search answers: what lets the edge reuse them. */
class FreshnessTest {

    private final MutableClock clock = new MutableClock(TestNetworks.START);
    private final BookingCore core =
            new BookingCore(TestNetworks.small(), clock, Duration.ofMinutes(10), ChangeLog.NONE, new Random(1));

    @Test
    void itStaysWhileNothingChangesAndMovesWithEverySeatChange() {
        BookingCore.Freshness before = core.freshness();
        assertEquals(before, core.freshness());
        core.board(DAY, null);
        core.seatMap(id("TR100"), null);
        assertEquals(before, core.freshness(), "reads change nothing");

        Hold hold = held(core.hold("alice", List.of(id("TR100")), 1, null));
        BookingCore.Freshness afterHold = core.freshness();
        assertNotEquals(before, afterHold);

        core.release("alice", hold.holdId());
        assertNotEquals(afterHold, core.freshness(), "free again, but a new version: answers are recomputed");
    }

    @Test
    void itMovesExactlyWhenASegmentDeparts() {
        Segment first = TestNetworks.small().segments().getFirst();
        clock.set(first.departure().minusNanos(1));
        BookingCore.Freshness justBefore = core.freshness();
        assertTrue(core.board(DAY, null).stream().anyMatch(s -> s.segment().equals(first.id())));

        clock.set(first.departure());
        assertNotEquals(justBefore, core.freshness());
        assertTrue(core.board(DAY, null).stream().noneMatch(s -> s.segment().equals(first.id())));
    }

    @Test
    void equalFreshnessAlwaysMeansEqualAnswers() {
        Random random = new Random(7);
        List<String> segments =
                TestNetworks.small().segments().stream().map(Segment::id).toList();
        List<String> cities = List.of("GRU", "BSB", "MAO", "REC", "SSA");
        Map<List<Object>, Object> seen = new HashMap<>();
        List<String[]> holds = new ArrayList<>(); // account, hold id
        int compared = 0;
        for (int step = 0; step < 3_000; step++) {
            switch (random.nextInt(4)) {
                case 0, 1 -> {
                    String account = "u" + random.nextInt(5);
                    String segment = segments.get(random.nextInt(segments.size()));
                    if (core.hold(account, List.of(segment), 1, null) instanceof Outcome.Ok<Hold> ok) {
                        holds.add(new String[] {account, ok.value().holdId()});
                    }
                }
                case 2 -> {
                    if (!holds.isEmpty()) {
                        String[] hold = holds.remove(random.nextInt(holds.size()));
                        core.release(hold[0], hold[1]);
                    }
                }
                default -> clock.advance(Duration.ofMinutes(random.nextInt(20)));
            }
            String from = cities.get(random.nextInt(cities.size()));
            String to = cities.get((cities.indexOf(from) + 1 + random.nextInt(cities.size() - 1)) % cities.size());
            BookingCore.Freshness freshness = core.freshness();
            Map<List<Object>, Object> answers = Map.of(
                    List.of(freshness, "board"),
                    core.board(DAY, null),
                    List.of(freshness, from, to),
                    found(core.search(from, to, DAY, 1, SortOrder.ARRIVAL, 20)));
            for (var answer : answers.entrySet()) {
                Object earlier = seen.putIfAbsent(answer.getKey(), answer.getValue());
                if (earlier != null) {
                    assertEquals(earlier, answer.getValue(), "step " + step + ", " + answer.getKey());
                    compared++;
                }
            }
        }
        assertTrue(compared > 1_000, "only " + compared + " answers met an earlier one");
    }

    private static Object found(Outcome<?> outcome) {
        return outcome instanceof Outcome.Ok<?> ok ? ok.value() : outcome.toString();
    }

    private static Hold held(Outcome<Hold> outcome) {
        assertInstanceOf(Outcome.Ok.class, outcome, outcome::toString);
        return ((Outcome.Ok<Hold>) outcome).value();
    }
}
