package app.trecho.server.booking;

import static app.trecho.server.booking.HoldTest.ok;
import static app.trecho.server.booking.TestNetworks.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.trecho.server.state.Change;
import app.trecho.server.state.ChangeLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplayTest {

    private final MutableClock clock = new MutableClock(TestNetworks.START);
    private final RecordingLog log = new RecordingLog();
    private final Network network = TestNetworks.small();
    private final BookingCore core = new BookingCore(network, clock, Duration.ofMinutes(10), log, new Random(11));

    private BookingCore replayed(List<Change> changes) {
        BookingCore fresh = new BookingCore(network, clock, Duration.ofMinutes(10), ChangeLog.NONE, new Random(99));
        changes.forEach(fresh::replay);
        return fresh;
    }

    @Test
    void replayingTheLogRebuildsHoldsBookingsAndSeats() {
        String kept = ok(core.hold("ana", List.of(id("TR100"), id("TR200")), 2, null))
                .value()
                .holdId();
        ok(core.hold("bob", List.of(id("TR100")), 1, List.of(List.of("3C"))));
        ok(core.purchase("bob", null));
        String released =
                ok(core.hold("bob", List.of(id("TR300")), 3, null)).value().holdId();
        ok(core.release("bob", released));
        ok(core.hold("carl", List.of(id("TR300")), 1, null));
        String cancelled = ok(core.purchase("carl", null)).value().reference();
        ok(core.cancel("carl", cancelled));
        clock.advance(Duration.ofMinutes(1));
        ok(core.hold("carl", List.of(id("TR800")), 4, null));

        BookingCore fresh = replayed(log.changes());

        AuditSnapshot original = core.auditSnapshot();
        AuditSnapshot rebuilt = fresh.auditSnapshot();
        assertEquals(List.of(), rebuilt.violations(network));
        for (String segment : original.segments().keySet()) {
            assertEquals(
                    original.segments().get(segment).seats(),
                    rebuilt.segments().get(segment).seats(),
                    segment);
            assertEquals(
                    original.segments().get(segment).owners(),
                    rebuilt.segments().get(segment).owners());
        }
        for (String account : List.of("ana", "bob", "carl")) {
            assertEquals(core.cart(account), fresh.cart(account), account);
            assertEquals(core.bookings(account), fresh.bookings(account), account);
        }
        assertEquals(core.nextExpiry(), fresh.nextExpiry());
        assertEquals(kept, fresh.cart("ana").getFirst().holdId());
    }

    @Test
    void holdsThatExpiredWhileDownAreReleasedAfterReplay() {
        ok(core.hold("ana", List.of(id("TR100")), 1, null));
        clock.advance(Duration.ofMinutes(5));
        ok(core.hold("bob", List.of(id("TR100")), 1, null));
        List<Change> stored = log.changes();

        clock.advance(Duration.ofMinutes(7));
        RecordingLog afterRestart = new RecordingLog();
        BookingCore fresh = new BookingCore(network, clock, Duration.ofMinutes(10), afterRestart, new Random(1));
        stored.forEach(fresh::replay);
        assertEquals(List.of(), afterRestart.changes(), "replay appends nothing");

        List<ExpiredHold> expired = ok(fresh.expireDue()).value();
        assertEquals(List.of("ana"), expired.stream().map(ExpiredHold::account).toList());
        assertEquals(1, fresh.cart("bob").size(), "bob's hold keeps its remaining time");
        assertEquals(TestNetworks.START.plus(Duration.ofMinutes(15)), fresh.nextExpiry());
        assertEquals(1, afterRestart.changes().size(), "the expiry itself is logged");
    }

    @Test
    void replayPlacesExactlyTheRecordedSeatsAndExpiry() {
        Instant expires = TestNetworks.START.plus(Duration.ofMinutes(42));
        core.replay(new Change.HoldPlaced(
                "h1",
                "ana",
                2,
                20_000,
                TestNetworks.START,
                expires,
                List.of(new Change.SegmentSeats(id("TR100"), List.of("2A", "3C")))));
        assertEquals("...H....H", ok(core.seatMap(id("TR100"), "ana")).value().seats());
        assertEquals(expires, core.nextExpiry());
        assertEquals(List.of(), log.changes());
    }

    @Test
    void replayRefusesAChangeThatDoesNotFit() {
        Change.HoldPlaced placed = new Change.HoldPlaced(
                "h1",
                "ana",
                1,
                10_000,
                TestNetworks.START,
                TestNetworks.START.plusSeconds(600),
                List.of(new Change.SegmentSeats(id("TR100"), List.of("1A"))));
        core.replay(placed);
        assertThrows(IllegalStateException.class, () -> core.replay(placed));
        assertThrows(
                IllegalStateException.class,
                () -> core.replay(
                        new Change.HoldReleased("nope", "ana", Change.ReleaseReason.RELEASED, clock.instant())));
        assertThrows(
                IllegalStateException.class,
                () -> core.replay(new Change.Purchased("ABCDEF", "bob", List.of("h1"), 1, clock.instant())));
        assertEquals("h........", ok(core.seatMap(id("TR100"), null)).value().seats());
    }
}
