package app.trecho.server.booking;

import static app.trecho.server.booking.ItinerarySearchTest.code;
import static app.trecho.server.booking.TestNetworks.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.SeatChange;
import app.trecho.protocol.model.SeatState;
import app.trecho.server.state.Change;
import app.trecho.server.state.Outcome;
import app.trecho.server.state.SeatDelta;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HoldTest {

    private final MutableClock clock = new MutableClock(TestNetworks.START);
    private final RecordingLog log = new RecordingLog();
    private final BookingCore core =
            new BookingCore(TestNetworks.small(), clock, Duration.ofMinutes(10), log, new Random(7));

    static <T> Outcome.Ok<T> ok(Outcome<T> outcome) {
        assertInstanceOf(Outcome.Ok.class, outcome, outcome::toString);
        return (Outcome.Ok<T>) outcome;
    }

    private String seats(String flight, String viewer) {
        return ok(core.seatMap(id(flight), viewer)).value().seats();
    }

    @Test
    void chosenSeatsAreHeldOnEverySegmentForTheAccount() {
        Outcome.Ok<Hold> held = ok(core.hold(
                "ana", List.of(id("TR100"), id("TR200")), 2, List.of(List.of("1A", "1B"), List.of("3C", "2C"))));
        Hold hold = held.value();
        assertEquals(2, hold.passengers());
        assertEquals(2 * 30_000, hold.priceCents());
        assertEquals(TestNetworks.START.plus(Duration.ofMinutes(10)), hold.expiresAt());
        assertEquals(List.of("1A", "1B"), hold.segments().get(0).seats());
        assertEquals(List.of("3C", "2C"), hold.segments().get(1).seats());
        assertTrue(hold.holdId().matches("^[A-Za-z0-9_-]{1,64}$"));
        assertEquals("HH.......", seats("TR100", "ana"));
        assertEquals("hh.......", seats("TR100", "bob"));
        assertEquals(".....H..H", seats("TR200", "ana"));
        assertEquals(".....h..h", seats("TR200", null));
    }

    @Test
    void holdIdsSortAsTextInTheOrderTheHoldsWereMade() {
        // the store's indexes on hold ids then grow at their end (STORAGE.md)
        String first = ok(core.hold("ana", List.of(id("TR100")), 1, List.of(List.of("1A"))))
                .value()
                .holdId();
        String sameMillisecond = ok(core.hold("bob", List.of(id("TR100")), 1, List.of(List.of("1B"))))
                .value()
                .holdId();
        clock.advance(Duration.ofMillis(1));
        String later = ok(core.hold("ana", List.of(id("TR100")), 1, List.of(List.of("1C"))))
                .value()
                .holdId();

        assertEquals(16, first.length());
        assertNotEquals(first, sameMillisecond);
        assertEquals(first.substring(0, 9), sameMillisecond.substring(0, 9), "same time prefix");
        assertTrue(first.compareTo(later) < 0 && sameMillisecond.compareTo(later) < 0, first + " < " + later);
    }

    @Test
    void everyRandomCharacterOfHoldIdsAndBookingReferencesTakesTheWholeAlphabet() {
        // Each id draws its random characters from one number: a slip in cutting it up would repeat
        // or fix characters. 300 ids show ~62 of 64 letters in each place, and ~32 of 32.
        int rounds = 300;
        List<java.util.Set<Character>> holdLetters = letterSets(7);
        List<java.util.Set<Character>> referenceLetters = letterSets(6);
        for (int i = 0; i < rounds; i++) {
            String holdId = ok(core.hold("ana", List.of(id("TR100")), 1, List.of(List.of("1A"))))
                    .value()
                    .holdId();
            String reference = ok(core.purchase("ana", List.of(holdId))).value().reference();
            ok(core.cancel("ana", reference));
            String drawn = holdId.substring(9);
            assertNotEquals(String.valueOf(drawn.charAt(0)).repeat(7), drawn, "one letter repeated: " + holdId);
            assertNotEquals(String.valueOf(reference.charAt(0)).repeat(6), reference, reference);
            for (int c = 0; c < 7; c++) {
                holdLetters.get(c).add(holdId.charAt(9 + c));
            }
            for (int c = 0; c < 6; c++) {
                referenceLetters.get(c).add(reference.charAt(c));
            }
        }
        holdLetters.forEach(seen -> assertTrue(seen.size() >= 48, () -> "hold id letters " + seen));
        referenceLetters.forEach(seen -> assertTrue(seen.size() >= 26, () -> "reference letters " + seen));
    }

    private static List<java.util.Set<Character>> letterSets(int n) {
        List<java.util.Set<Character>> sets = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            sets.add(new java.util.HashSet<>());
        }
        return sets;
    }

    @Test
    void holdReportsItsChangeAndSeatDeltasAndAppendsToTheLog() {
        Outcome.Ok<Hold> held = ok(core.hold("ana", List.of(id("TR100")), 1, List.of(List.of("2B"))));
        Change.HoldPlaced placed =
                assertInstanceOf(Change.HoldPlaced.class, held.changes().getFirst());
        assertEquals(held.value().holdId(), placed.holdId());
        assertEquals(List.of(new Change.SegmentSeats(id("TR100"), List.of("2B"))), placed.seats());
        assertEquals(List.of(placed), log.changes());
        assertTrue(held.durable().isDone());
        SeatDelta delta = held.deltas().getFirst();
        assertEquals(new SeatDelta(id("TR100"), List.of(new SeatChange("2B", SeatState.HELD)), 8, 9, 1), delta);
        assertEquals(1, ok(core.seatMap(id("TR100"), null)).value().version());
    }

    @Test
    void secondHoldOnSameSeatIsRejectedWithFreshAvailability() {
        ok(core.hold("ana", List.of(id("TR100")), 1, List.of(List.of("1A"))));
        Outcome<Hold> second = core.hold("bob", List.of(id("TR100")), 2, List.of(List.of("1B", "1A")));
        Outcome.Rejected<?> rejected = assertInstanceOf(Outcome.Rejected.class, second);
        assertEquals(ErrorCode.SEAT_TAKEN, rejected.code());
        assertEquals(Map.of("segment", id("TR100"), "seats", List.of("1A"), "seatsFree", 8), rejected.details());
        assertEquals("h........", seats("TR100", "bob"), "the rejected hold took nothing");
        assertEquals(1, log.changes().size(), "a rejection appends nothing");
    }

    @Test
    void anySeatsSitTogetherInOneRowWherePossible() {
        ok(core.hold("ana", List.of(id("TR800")), 1, List.of(List.of("1B"))));
        Hold hold = ok(core.hold("bob", List.of(id("TR800")), 3, null)).value();
        assertEquals(List.of("1C", "1D", "1E"), hold.segments().getFirst().seats());
        Hold four = ok(core.hold("bob", List.of(id("TR800")), 4, null)).value();
        assertEquals(List.of("2A", "2B", "2C", "2D"), four.segments().getFirst().seats());
    }

    @Test
    void anySeatsFallBackToTheNearestBlockWhenNoRowHasRoom() {
        ok(core.hold("ana", List.of(id("TR100")), 3, List.of(List.of("1B", "2B", "3B"))));
        Hold hold = ok(core.hold("bob", List.of(id("TR100")), 2, null)).value();
        assertEquals(
                List.of("1C", "2A"), hold.segments().getFirst().seats(), "1C and 2A are next to each other in order");
    }

    @Test
    void notEnoughSeatsOnTheSecondSegmentHoldsNothingAnywhere() {
        ok(core.hold("ana", List.of(id("TR200")), 8, null));
        Outcome<Hold> outcome = core.hold("bob", List.of(id("TR100"), id("TR200")), 2, null);
        Outcome.Rejected<?> rejected = assertInstanceOf(Outcome.Rejected.class, outcome);
        assertEquals(ErrorCode.SEATS_UNAVAILABLE, rejected.code());
        assertEquals(Map.of("segment", id("TR200"), "seatsFree", 1, "passengers", 2), rejected.details());
        assertEquals(".........", seats("TR100", null), "the first segment kept no seats");
        assertEquals(0, ok(core.seatMap(id("TR100"), null)).value().version());
        assertEquals(List.of(), core.cart("bob"));
    }

    @Test
    void aTakenChosenSeatOnTheSecondSegmentHoldsNothingAnywhere() {
        ok(core.hold("ana", List.of(id("TR200")), 1, List.of(List.of("3A"))));
        Outcome<Hold> outcome =
                core.hold("bob", List.of(id("TR100"), id("TR200")), 1, List.of(List.of("1A"), List.of("3A")));
        assertEquals(ErrorCode.SEAT_TAKEN, code(outcome));
        assertEquals(".........", seats("TR100", null));
    }

    @Test
    void segmentsThatDoNotConnectAreNotAnItinerary() {
        assertEquals(ErrorCode.INVALID_ITINERARY, code(core.hold("ana", List.of(id("TR100"), id("TR201")), 1, null)));
        assertEquals(ErrorCode.INVALID_ITINERARY, code(core.hold("ana", List.of(id("TR100"), id("TR700")), 1, null)));
        assertEquals(ErrorCode.INVALID_ITINERARY, code(core.hold("ana", List.of(id("TR200"), id("TR100")), 1, null)));
        assertEquals(ErrorCode.INVALID_ITINERARY, code(core.hold("ana", List.of(id("TR100"), id("TR100")), 1, null)));
        assertEquals(
                ErrorCode.INVALID_ITINERARY,
                code(core.hold("ana", List.of(id("TR100"), id("TR600"), id("TR101")), 1, null)),
                "GRU-BSB-GRU-BSB revisits cities (and too tight)");
        assertEquals(".........", seats("TR100", null));
    }

    @Test
    void aDepartedFirstLegCannotBeHeld() {
        clock.set(TestNetworks.at("08:00"));
        assertEquals(ErrorCode.INVALID_ITINERARY, code(core.hold("ana", List.of(id("TR100")), 1, null)));
        ok(core.hold("ana", List.of(id("TR300")), 1, null));
    }

    @Test
    void unknownSegmentIsNotFound() {
        assertEquals(ErrorCode.NOT_FOUND, code(core.hold("ana", List.of("TR999-2030-01-10"), 1, null)));
        assertEquals(ErrorCode.NOT_FOUND, code(core.seatMap("TR999-2030-01-10", null)));
    }

    @Test
    void malformedSeatChoicesAreInvalidFields() {
        List<String> one = List.of(id("TR100"));
        assertEquals(ErrorCode.INVALID_FIELD, code(core.hold("ana", one, 2, List.of(List.of("1A")))));
        assertEquals(ErrorCode.INVALID_FIELD, code(core.hold("ana", one, 2, List.of(List.of("1A", "1A")))));
        assertEquals(ErrorCode.INVALID_FIELD, code(core.hold("ana", one, 1, List.of(List.of("4A")))));
        assertEquals(ErrorCode.INVALID_FIELD, code(core.hold("ana", one, 1, List.of(List.of("1D")))));
        assertEquals(ErrorCode.INVALID_FIELD, code(core.hold("ana", one, 1, List.of(List.of("1A"), List.of("1B")))));
        assertEquals(ErrorCode.INVALID_FIELD, code(core.hold("ana", one, 0, null)));
        assertEquals(ErrorCode.INVALID_FIELD, code(core.hold("ana", one, 10, null)));
        assertEquals(ErrorCode.INVALID_FIELD, code(core.hold("ana", List.of(), 1, null)));
        assertEquals(List.of(), log.changes());
    }

    @Test
    void holdIdsAreUnique() {
        String first =
                ok(core.hold("ana", List.of(id("TR800")), 1, null)).value().holdId();
        String second =
                ok(core.hold("ana", List.of(id("TR800")), 1, null)).value().holdId();
        assertNotEquals(first, second);
    }

    @Test
    void releaseFreesTheSeatsAndOnlyTheOwnerMayReleaseIt() {
        String holdId = ok(core.hold("ana", List.of(id("TR100"), id("TR200")), 1, null))
                .value()
                .holdId();
        assertEquals(ErrorCode.NOT_FOUND, code(core.release("bob", holdId)));
        Outcome.Ok<String> released = ok(core.release("ana", holdId));
        assertEquals(
                new Change.HoldReleased(holdId, "ana", Change.ReleaseReason.RELEASED, TestNetworks.START),
                released.changes().getFirst());
        assertEquals(2, released.deltas().size());
        assertEquals(".........", seats("TR100", null));
        assertEquals(2, ok(core.seatMap(id("TR100"), null)).value().version());
        assertEquals(ErrorCode.NOT_FOUND, code(core.release("ana", holdId)));
    }
}
