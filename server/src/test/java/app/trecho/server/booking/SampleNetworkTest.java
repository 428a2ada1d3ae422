package app.trecho.server.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.model.City;
import app.trecho.protocol.model.Itinerary;
import app.trecho.protocol.model.SortOrder;
import app.trecho.server.state.ChangeLog;
import app.trecho.server.state.Outcome;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SampleNetworkTest {

    private static final LocalDate TODAY = LocalDate.of(2030, 3, 4);
    private final Network network = SampleNetwork.create(TODAY);

    @Test
    void fliesAtLeastTwelveBrazilianCitiesAndFortySegmentsOverSevenDays() {
        Set<String> codes = Set.copyOf(network.cities().stream().map(City::code).toList());
        assertTrue(codes.containsAll(
                Set.of("GRU", "GIG", "BSB", "CNF", "SSA", "REC", "FOR", "POA", "CWB", "MAO", "BEL", "FLN")));
        assertTrue(network.segments().size() >= 40);
        assertEquals(TODAY, network.segments().getFirst().date());
        assertEquals(TODAY.plusDays(6), network.segments().getLast().date());
        assertTrue(network.segments().stream()
                .allMatch(s -> s.id().matches("^[A-Z0-9]{2}[0-9]{1,4}-\\d{4}-\\d{2}-\\d{2}$")));
    }

    @Test
    void isDeterministic() {
        assertEquals(network.segments(), SampleNetwork.create(TODAY).segments());
    }

    @Test
    void everyCityReachesEveryOtherWithinThreeLegs() {
        MutableClock clock = new MutableClock(TODAY.atStartOfDay(Network.ZONE).toInstant());
        BookingCore core = new BookingCore(network, clock, Duration.ofMinutes(10), ChangeLog.NONE);
        int withConnections = 0;
        List<String> unreachable = new java.util.ArrayList<>();
        for (City from : network.cities()) {
            for (City to : network.cities()) {
                if (from.equals(to)) {
                    continue;
                }
                List<Itinerary> found = ((Outcome.Ok<List<Itinerary>>)
                                core.search(from.code(), to.code(), TODAY.plusDays(1), 1, SortOrder.ARRIVAL, 100))
                        .value();
                if (found.isEmpty()) {
                    unreachable.add(from.code() + "-" + to.code());
                }
                withConnections += found.stream().anyMatch(i -> i.legs().size() > 1) ? 1 : 0;
            }
        }
        assertEquals(List.of(), unreachable);
        assertTrue(withConnections > 100, "connections: " + withConnections);
    }
}
