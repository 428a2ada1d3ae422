package app.trecho.server.booking;

import static app.trecho.server.booking.HoldTest.ok;
import static app.trecho.server.booking.ItinerarySearchTest.code;
import static app.trecho.server.booking.TestNetworks.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.SeatState;
import app.trecho.server.state.Change;
import app.trecho.server.state.ChangeLog;
import app.trecho.server.state.Outcome;
import app.trecho.server.state.SeatDelta;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CartAndBookingTest {

    private final MutableClock clock = new MutableClock(TestNetworks.START);
    private final BookingCore core =
            new BookingCore(TestNetworks.small(), clock, Duration.ofMinutes(10), ChangeLog.NONE, new Random(3));

    private String hold(String account, int passengers, String... flights) {
        List<String> segments =
                java.util.Arrays.stream(flights).map(TestNetworks::id).toList();
        return ok(core.hold(account, segments, passengers, null)).value().holdId();
    }

    private String seats(String flight, String viewer) {
        return ok(core.seatMap(id(flight), viewer)).value().seats();
    }

    @Test
    void cartListsTheAccountsOwnHoldsOldestFirst() {
        String first = hold("ana", 1, "TR100", "TR200");
        String other = hold("bob", 1, "TR100");
        String second = hold("ana", 2, "TR300");
        assertEquals(
                List.of(first, second),
                core.cart("ana").stream().map(Hold::holdId).toList());
        assertEquals(List.of(other), core.cart("bob").stream().map(Hold::holdId).toList());
        assertEquals(List.of(), core.cart("carl"));
    }

    @Test
    void purchaseTurnsTheWholeCartIntoOneBooking() {
        String first = hold("ana", 1, "TR100", "TR200");
        String second = hold("ana", 2, "TR300");
        Outcome.Ok<Booking> bought = ok(core.purchase("ana", List.of(second, first)));
        Booking booking = bought.value();
        assertTrue(booking.reference().matches("^[A-HJ-NP-Z2-9]{6}$"), booking.reference());
        assertEquals(30_000 + 2 * 40_000, booking.priceCents());
        assertEquals(2, booking.passengers(), "the largest party of the cart");
        assertEquals(
                List.of(id("TR100"), id("TR200"), id("TR300")),
                booking.segments().stream().map(s -> s.segment()).toList());
        assertEquals(
                new Change.Purchased(booking.reference(), "ana", List.of(first, second), 110_000, TestNetworks.START),
                bought.changes().getFirst());
        assertTrue(
                bought.deltas().stream().flatMap(d -> d.changes().stream()).allMatch(c -> c.state() == SeatState.SOLD));
        assertEquals(List.of(), core.cart("ana"));
        assertEquals(List.of(booking), core.bookings("ana"));
        assertEquals("S........", seats("TR100", "ana"));
        assertEquals("s........", seats("TR100", "bob"));
    }

    @Test
    void purchaseWithoutNamingHoldsBuysTheCart() {
        hold("ana", 1, "TR100");
        assertEquals(1, ok(core.purchase("ana", null)).value().segments().size());
    }

    @Test
    void emptyCartCannotBePurchased() {
        assertEquals(ErrorCode.CART_EMPTY, code(core.purchase("ana", null)));
        hold("bob", 1, "TR100");
        assertEquals(ErrorCode.CART_EMPTY, code(core.purchase("ana", List.of())));
    }

    @Test
    void namedHoldsThatAreNotExactlyTheCartAreRejected() {
        String first = hold("ana", 1, "TR100");
        String second = hold("ana", 1, "TR300");
        Outcome<Booking> partial = core.purchase("ana", List.of(first));
        Outcome.Rejected<?> rejected = assertInstanceOf(Outcome.Rejected.class, partial);
        assertEquals(ErrorCode.CART_CHANGED, rejected.code());
        assertEquals(Map.of("holds", List.of(first, second)), rejected.details());
        assertEquals(ErrorCode.CART_CHANGED, code(core.purchase("ana", List.of(first, second, "gone"))));
        assertEquals(ErrorCode.CART_CHANGED, code(core.purchase("ana", List.of(first, first))));
        assertEquals(2, core.cart("ana").size(), "nothing was bought");
        assertInstanceOf(Outcome.Ok.class, core.purchase("ana", List.of(second, first)), "the cart, in another order");
    }

    @Test
    void anotherAccountsHoldIsNotInMyCart() {
        String bobs = hold("bob", 1, "TR100");
        hold("ana", 1, "TR300");
        assertEquals(ErrorCode.CART_CHANGED, code(core.purchase("ana", List.of(bobs))));
    }

    @Test
    void cancelPutsTheSeatsBackOnSaleAtOnce() {
        hold("ana", 2, "TR100");
        String reference = ok(core.purchase("ana", null)).value().reference();
        Outcome.Ok<String> cancelled = ok(core.cancel("ana", reference));
        assertEquals(
                new Change.BookingCancelled(reference, "ana", TestNetworks.START),
                cancelled.changes().getFirst());
        SeatDelta delta = cancelled.deltas().getFirst();
        assertEquals(9, delta.seatsFree());
        assertEquals(".........", seats("TR100", null));
        assertEquals(List.of(), core.bookings("ana"));
        ok(core.hold("bob", List.of(id("TR100")), 9, null));
    }

    @Test
    void anotherAccountsBookingIsNotFoundAndUntouched() {
        hold("ana", 1, "TR100");
        String reference = ok(core.purchase("ana", null)).value().reference();
        assertEquals(ErrorCode.NOT_FOUND, code(core.cancel("bob", reference)));
        assertEquals(ErrorCode.NOT_FOUND, code(core.cancel("bob", "ZZZZZZ")));
        assertEquals(List.of(), core.bookings("bob"));
        assertEquals(1, core.bookings("ana").size());
        assertEquals(ErrorCode.NOT_FOUND, code(core.cancel("ana", reference + "X")));
    }

    @Test
    void cancelledBookingCannotBeCancelledTwice() {
        hold("ana", 1, "TR100");
        String reference = ok(core.purchase("ana", null)).value().reference();
        ok(core.cancel("ana", reference));
        assertEquals(ErrorCode.NOT_FOUND, code(core.cancel("ana", reference)));
    }

    @Test
    void referencesAreUniqueAcrossManyBookings() {
        Set<String> references = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            hold("ana", 1, i % 2 == 0 ? "TR800" : "TR300");
            String reference = ok(core.purchase("ana", null)).value().reference();
            assertTrue(references.add(reference), reference);
            ok(core.cancel("ana", reference));
        }
    }

    @Test
    void aReferenceRetiredAtStartUpIsNeverIssuedAgain() {
        hold("ana", 1, "TR100");
        String first = ok(core.purchase("ana", null)).value().reference();

        // the same seed draws the same reference, unless the store's load retired it
        BookingCore restarted =
                new BookingCore(TestNetworks.small(), clock, Duration.ofMinutes(10), ChangeLog.NONE, new Random(3));
        restarted.replay(new Change.ReferencesRetired("ZZZZZZ " + first + " 222222"));
        ok(restarted.hold("ana", List.of(id("TR100")), 1, null));
        String second = ok(restarted.purchase("ana", null)).value().reference();

        assertTrue(!second.equals(first), "issued " + first + " again");
        assertEquals(ErrorCode.NOT_FOUND, code(restarted.cancel("ana", first)), "retired, not a live booking");
    }
}
