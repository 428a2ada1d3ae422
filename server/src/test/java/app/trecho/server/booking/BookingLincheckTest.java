package app.trecho.server.booking;

import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.server.state.ChangeLog;
import app.trecho.server.state.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.ThreadIdGen;
import org.junit.jupiter.api.Test;

/**
 * Model checking of the booking monitor: Lincheck explores interleavings of holds, releases,
 * purchases, cancels and availability reads by two accounts on a tiny network (two connecting
 * segments of three seats) and checks every outcome matches some sequential order. Each thread is
 * one account, so the test's own "find my hold" steps never race; accounts meet on the seats.
 */
@Param(name = "account", gen = ThreadIdGen.class)
@Param(name = "itinerary", gen = IntGen.class, conf = "0:2")
@Param(name = "seat", gen = IntGen.class, conf = "-1:2")
@Param(name = "segment", gen = IntGen.class, conf = "0:1")
public class BookingLincheckTest {

    private static final List<List<String>> ITINERARIES = List.of(
            List.of(TestNetworks.id("TR1")),
            List.of(TestNetworks.id("TR2")),
            List.of(TestNetworks.id("TR1"), TestNetworks.id("TR2")));

    /** Built once: the network and clock are immutable here, only the core is fresh per run. */
    private static final Network NETWORK = TestNetworks.tiny(3);

    private static final MutableClock CLOCK = new MutableClock(TestNetworks.START);

    private final BookingCore core =
            new BookingCore(NETWORK, CLOCK, Duration.ofMinutes(10), ChangeLog.NONE, new Random(42));

    private static String account(int thread) {
        return "acct" + thread;
    }

    /** Holds one seat on an itinerary: a chosen seat (1A, 1B, 1C by {@code seat}) or any seat when -1. */
    @Operation
    public String hold(
            @Param(name = "account") int account,
            @Param(name = "itinerary") int itinerary,
            @Param(name = "seat") int seat) {
        List<String> segments = ITINERARIES.get(itinerary);
        List<List<String>> seats = seat < 0
                ? null
                : segments.stream().map(s -> List.of("1" + "ABC".charAt(seat))).toList();
        return switch (core.hold(account(account), segments, 1, seats)) {
            case Outcome.Ok<Hold> ok ->
                "held " + ok.value().segments().stream().map(s -> s.seats()).toList();
            case Outcome.Rejected<Hold> rejected -> rejected.code().name();
        };
    }

    @Operation
    public String release(@Param(name = "account") int account) {
        List<Hold> cart = core.cart(account(account));
        if (cart.isEmpty()) {
            return "empty";
        }
        return describe(core.release(account(account), cart.getFirst().holdId()));
    }

    @Operation
    public String purchase(@Param(name = "account") int account) {
        return switch (core.purchase(account(account), null)) {
            case Outcome.Ok<Booking> ok ->
                "bought " + ok.value().segments().stream().map(s -> s.seats()).toList();
            case Outcome.Rejected<Booking> rejected -> rejected.code().name();
        };
    }

    @Operation
    public String cancel(@Param(name = "account") int account) {
        List<Booking> bookings = core.bookings(account(account));
        if (bookings.isEmpty()) {
            return "none";
        }
        return describe(core.cancel(account(account), bookings.getFirst().reference()));
    }

    /** The lock-free availability read the board and search use. */
    @Operation
    public int seatsFree(@Param(name = "segment") int segment) {
        return core.board(null, null).stream()
                .filter(s -> s.segment().equals(ITINERARIES.get(segment).getFirst()))
                .mapToInt(SegmentInfo::seatsFree)
                .sum();
    }

    @Operation
    public String seatMap(@Param(name = "segment") int segment) {
        return ((Outcome.Ok<SeatMap>) core.seatMap(ITINERARIES.get(segment).getFirst(), null))
                .value()
                .seats();
    }

    private static String describe(Outcome<?> outcome) {
        return switch (outcome) {
            case Outcome.Ok<?> ok -> "ok";
            case Outcome.Rejected<?> rejected -> rejected.code().name();
        };
    }

    @Test
    void bookingMonitorIsLinearizable() {
        new ModelCheckingOptions()
                .iterations(8)
                .invocationsPerIteration(80)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(0)
                .actorsAfter(0)
                .check(BookingLincheckTest.class);
    }
}
