package app.trecho.server.booking;

import static app.trecho.server.booking.TestNetworks.DAY;
import static app.trecho.server.booking.TestNetworks.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.model.Itinerary;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.protocol.model.SortOrder;
import app.trecho.server.state.ChangeLog;
import app.trecho.server.state.Outcome;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ItinerarySearchTest {

    private final MutableClock clock = new MutableClock(TestNetworks.START);
    private final BookingCore core =
            new BookingCore(TestNetworks.small(), clock, Duration.ofMinutes(10), ChangeLog.NONE, new Random(1));

    private List<List<String>> search(String from, String to, int passengers, SortOrder sort, int limit) {
        Outcome<List<Itinerary>> outcome = core.search(from, to, DAY, passengers, sort, limit);
        assertInstanceOf(Outcome.Ok.class, outcome, () -> outcome.toString());
        List<Itinerary> found = ((Outcome.Ok<List<Itinerary>>) outcome).value();
        return found.stream()
                .map(i -> i.legs().stream().map(SegmentInfo::segment).toList())
                .toList();
    }

    private static List<String> legs(String... flights) {
        return Arrays.stream(flights).map(TestNetworks::id).toList();
    }

    @Test
    void findsDirectAndConnectingItinerariesSortedByArrival() {
        assertEquals(
                List.of(
                        legs("TR100", "TR200"),
                        legs("TR300"),
                        legs("TR101", "TR400", "TR500"),
                        legs("TR100", "TR400", "TR500"),
                        legs("TR101", "TR700")),
                search("GRU", "MAO", 1, SortOrder.ARRIVAL, 20),
                "equal arrivals: the shorter trip first");
    }

    @Test
    void connectionsShorterThan45MinutesOrLongerThan12HoursAreNotOffered() {
        List<List<String>> found = search("GRU", "MAO", 1, SortOrder.ARRIVAL, 20);
        assertTrue(found.stream().noneMatch(l -> l.equals(legs("TR100", "TR201"))), "30 min is too tight");
        assertTrue(found.stream().noneMatch(l -> l.equals(legs("TR100", "TR700"))), "13.5 h is too long");
        assertTrue(found.contains(legs("TR100", "TR200")), "exactly 45 min is allowed");
    }

    @Test
    void anItineraryNeverReturnsToACityItVisited() {
        List<List<String>> found = search("GRU", "MAO", 1, SortOrder.ARRIVAL, 20);
        assertTrue(found.stream().noneMatch(l -> l.contains(id("TR600"))), "BSB-GRU would revisit GRU");
    }

    @Test
    void sortsByPriceThenArrival() {
        assertEquals(
                List.of(
                        legs("TR101", "TR700"),
                        legs("TR101", "TR400", "TR500"),
                        legs("TR100", "TR400", "TR500"),
                        legs("TR100", "TR200"),
                        legs("TR300")),
                search("GRU", "MAO", 1, SortOrder.PRICE, 20));
    }

    @Test
    void sortsByDurationThenArrival() {
        assertEquals(
                List.of(
                        legs("TR300"),
                        legs("TR100", "TR200"),
                        legs("TR101", "TR400", "TR500"),
                        legs("TR100", "TR400", "TR500"),
                        legs("TR101", "TR700")),
                search("GRU", "MAO", 1, SortOrder.DURATION, 20));
    }

    @Test
    void limitCutsTheSortedList() {
        assertEquals(List.of(legs("TR100", "TR200"), legs("TR300")), search("GRU", "MAO", 1, SortOrder.ARRIVAL, 2));
    }

    @Test
    void itinerarySumsFaresAndReportsTheTightestLeg() {
        core.hold("ana", List.of(id("TR200")), 2, null);
        Itinerary first = ((Outcome.Ok<List<Itinerary>>) core.search("GRU", "MAO", DAY, 1, SortOrder.ARRIVAL, 1))
                .value()
                .getFirst();
        assertEquals(30_000, first.priceCents());
        assertEquals(7, first.seatsFree());
        assertEquals(285, first.durationMinutes());
        assertEquals(TestNetworks.at("08:00"), first.departure());
        assertEquals(TestNetworks.at("12:45"), first.arrival());
    }

    @Test
    void legsWithoutEnoughFreeSeatsForTheWholePartyAreSkipped() {
        core.hold("ana", List.of(id("TR200")), 8, null);
        assertTrue(search("GRU", "MAO", 2, SortOrder.ARRIVAL, 20).stream().noneMatch(l -> l.contains(id("TR200"))));
        assertTrue(search("GRU", "MAO", 1, SortOrder.ARRIVAL, 20).contains(legs("TR100", "TR200")));
    }

    @Test
    void departedFirstLegsAreNotOffered() {
        clock.set(TestNetworks.at("08:00"));
        List<List<String>> found = search("GRU", "MAO", 1, SortOrder.ARRIVAL, 20);
        assertTrue(found.stream().noneMatch(l -> l.getFirst().equals(id("TR100"))));
        assertTrue(found.contains(legs("TR300")));
    }

    @Test
    void anotherDayHasNoItineraries() {
        Outcome<List<Itinerary>> outcome = core.search("GRU", "MAO", DAY.plusDays(1), 1, SortOrder.ARRIVAL, 20);
        assertEquals(List.of(), ((Outcome.Ok<List<Itinerary>>) outcome).value());
    }

    @Test
    void unknownCityIsNotFoundAndSameCityIsInvalid() {
        assertEquals(ErrorCode.NOT_FOUND, code(core.search("GRU", "XYZ", DAY, 1, SortOrder.ARRIVAL, 20)));
        assertEquals(ErrorCode.NOT_FOUND, code(core.search(null, "GRU", DAY, 1, SortOrder.ARRIVAL, 20)));
        assertEquals(ErrorCode.INVALID_FIELD, code(core.search("GRU", "GRU", DAY, 1, SortOrder.ARRIVAL, 20)));
        assertEquals(ErrorCode.INVALID_FIELD, code(core.search("GRU", "MAO", DAY, 10, SortOrder.ARRIVAL, 20)));
        assertEquals(ErrorCode.INVALID_FIELD, code(core.search("GRU", "MAO", DAY, 1, SortOrder.ARRIVAL, 101)));
    }

    @Test
    void boardListsFutureDeparturesFilteredByDateAndOrigin() {
        clock.set(TestNetworks.at("09:00"));
        List<String> board =
                core.board(DAY, "GRU").stream().map(SegmentInfo::segment).toList();
        assertEquals(List.of(id("TR101")), board, "TR100 and TR300/TR800 have left");
        assertEquals(List.of(), core.board(DAY.plusDays(1), null));
        assertEquals(7, core.board(null, null).size());
    }

    static ErrorCode code(Outcome<?> outcome) {
        return assertInstanceOf(Outcome.Rejected.class, outcome).code();
    }
}
