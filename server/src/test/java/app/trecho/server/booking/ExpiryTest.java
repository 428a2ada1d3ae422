package app.trecho.server.booking;

import static app.trecho.server.booking.HoldTest.ok;
import static app.trecho.server.booking.ItinerarySearchTest.code;
import static app.trecho.server.booking.TestNetworks.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.model.Hold;
import app.trecho.server.state.Change;
import app.trecho.server.state.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExpiryTest {

    private final MutableClock clock = new MutableClock(TestNetworks.START);
    private final RecordingLog log = new RecordingLog();
    private final BookingCore core =
            new BookingCore(TestNetworks.small(), clock, Duration.ofMinutes(10), log, new Random(5));

    @Test
    void nextExpiryIsTheEarliestLiveHold() {
        assertNull(core.nextExpiry());
        Hold first = ok(core.hold("ana", List.of(id("TR100")), 1, null)).value();
        clock.advance(Duration.ofMinutes(3));
        ok(core.hold("bob", List.of(id("TR100")), 1, null));
        assertEquals(first.expiresAt(), core.nextExpiry());
        ok(core.release("ana", first.holdId()));
        assertEquals(TestNetworks.START.plus(Duration.ofMinutes(13)), core.nextExpiry());
    }

    @Test
    void holdsExpireExactlyAtTheirExpiryAndNotBefore() {
        Hold hold =
                ok(core.hold("ana", List.of(id("TR100"), id("TR200")), 2, null)).value();
        clock.set(hold.expiresAt().minusNanos(1));
        assertEquals(List.of(), ok(core.expireDue()).value());
        assertEquals(1, core.cart("ana").size());

        clock.set(hold.expiresAt());
        Outcome.Ok<List<ExpiredHold>> expired = ok(core.expireDue());
        assertEquals(
                List.of(new ExpiredHold(hold.holdId(), "ana", List.of(id("TR100"), id("TR200")))), expired.value());
        assertEquals(
                List.of(new Change.HoldReleased(hold.holdId(), "ana", Change.ReleaseReason.EXPIRED, hold.expiresAt())),
                expired.changes());
        assertEquals(2, expired.deltas().size());
        assertEquals(9, expired.deltas().getFirst().seatsFree());
        assertEquals(".........", ok(core.seatMap(id("TR100"), null)).value().seats());
        assertNull(core.nextExpiry());
        assertEquals(expired.changes().getFirst(), log.changes().getLast());
        assertEquals(ErrorCode.NOT_FOUND, code(core.release("ana", hold.holdId())));
    }

    @Test
    void oneCallExpiresEveryDueHoldAndMergesDeltasPerSegment() {
        ok(core.hold("ana", List.of(id("TR100")), 1, null));
        ok(core.hold("bob", List.of(id("TR100")), 2, null));
        clock.advance(Duration.ofMinutes(1));
        Hold later = ok(core.hold("carl", List.of(id("TR100")), 1, null)).value();
        clock.advance(Duration.ofMinutes(9));
        Outcome.Ok<List<ExpiredHold>> expired = ok(core.expireDue());
        assertEquals(2, expired.value().size());
        assertEquals(1, expired.deltas().size(), "one delta per segment");
        assertEquals(3, expired.deltas().getFirst().changes().size());
        assertEquals(8, expired.deltas().getFirst().seatsFree());
        assertEquals(later.expiresAt(), core.nextExpiry());
    }

    @Test
    void aDueHoldIsNoLongerInTheCartEvenBeforeTheSchedulerRuns() {
        Hold hold = ok(core.hold("ana", List.of(id("TR100")), 1, null)).value();
        clock.set(hold.expiresAt());
        assertEquals(List.of(), core.cart("ana"));
        assertEquals(ErrorCode.CART_EMPTY, code(core.purchase("ana", List.of(hold.holdId()))));
    }

    @Test
    void purchasedHoldsNeverExpire() {
        ok(core.hold("ana", List.of(id("TR100")), 1, null));
        String reference = ok(core.purchase("ana", null)).value().reference();
        clock.advance(Duration.ofHours(1));
        assertEquals(List.of(), ok(core.expireDue()).value());
        assertEquals(reference, core.bookings("ana").getFirst().reference());
    }
}
