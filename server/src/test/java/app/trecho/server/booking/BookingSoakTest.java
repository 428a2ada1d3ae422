package app.trecho.server.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.Itinerary;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.protocol.model.SortOrder;
import app.trecho.server.state.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A bounded randomized soak on the sample network: many threads search, hold, release, purchase
 * and cancel while one thread plays the expiry scheduler and moves the clock. Audits run while the
 * load is on and at the end; the log replays to the same seats.
 */
class BookingSoakTest {

    private static final Duration RUN_FOR = Duration.ofMillis(2_500);
    private static final int CLIENTS = 12;
    private static final List<String> CITIES = List.of("GRU", "BSB", "GIG", "MAO", "REC", "POA", "FLN", "SSA");

    @Test
    void randomConcurrentTrafficKeepsEveryInvariant() throws Exception {
        LocalDate today = LocalDate.of(2030, 3, 4);
        Network network = SampleNetwork.create(today);
        MutableClock clock = new MutableClock(today.atStartOfDay(Network.ZONE).toInstant());
        RecordingLog log = new RecordingLog();
        BookingCore core = new BookingCore(network, clock, Duration.ofMinutes(10), log, new Random(2030));
        Instant deadline = Instant.now().plus(RUN_FOR);
        AtomicLong operations = new AtomicLong();

        BookingRaceTest.race(CLIENTS + 1, thread -> {
            if (thread == CLIENTS) {
                while (Instant.now().isBefore(deadline)) {
                    clock.advance(Duration.ofSeconds(1));
                    core.expireDue();
                    assertEquals(List.of(), core.auditSnapshot().violations(network));
                }
                return;
            }
            Random random = new Random(7_000 + thread);
            String account = "client" + (thread % 8);
            while (Instant.now().isBefore(deadline)) {
                step(core, random, account, today);
                operations.incrementAndGet();
            }
        });

        AuditSnapshot audit = core.auditSnapshot();
        assertEquals(List.of(), audit.violations(network));
        BookingRaceTest.assertReplayRebuilds(network, log.changes(), audit);
        assertTrue(operations.get() > 1_000, "the soak did real work: " + operations.get());
        assertTrue(audit.bookings().size() + audit.holds().size() > 0);
    }

    private static void step(BookingCore core, Random random, String account, LocalDate today) {
        switch (random.nextInt(10)) {
            case 0, 1, 2, 3 -> {
                String from = CITIES.get(random.nextInt(CITIES.size()));
                String to = CITIES.get(random.nextInt(CITIES.size()));
                if (from.equals(to)) {
                    return;
                }
                int passengers = 1 + random.nextInt(4);
                Outcome<List<Itinerary>> found =
                        core.search(from, to, today.plusDays(random.nextInt(2)), passengers, SortOrder.PRICE, 5);
                if (found instanceof Outcome.Ok<List<Itinerary>> ok
                        && !ok.value().isEmpty()) {
                    Itinerary pick = ok.value().get(random.nextInt(ok.value().size()));
                    core.hold(
                            account,
                            pick.legs().stream().map(SegmentInfo::segment).toList(),
                            passengers,
                            null);
                }
            }
            case 4, 5 -> core.purchase(account, null);
            case 6 -> {
                List<Hold> cart = core.cart(account);
                if (!cart.isEmpty()) {
                    core.release(account, cart.get(random.nextInt(cart.size())).holdId());
                }
            }
            case 7 -> {
                List<Booking> bookings = core.bookings(account);
                if (!bookings.isEmpty()) {
                    core.cancel(
                            account,
                            bookings.get(random.nextInt(bookings.size())).reference());
                }
            }
            default -> core.board(today, CITIES.get(random.nextInt(CITIES.size())));
        }
    }
}
