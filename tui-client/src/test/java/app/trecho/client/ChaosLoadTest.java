package app.trecho.client;

import static app.trecho.client.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.server.booking.BookingCore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A load run through a proxy that cuts single connections at random moments (seeded): 100 real
 * clients hold and buy seats while their connections keep dying under them. Afterwards every
 * acknowledged booking exists exactly once, no request was performed twice, and no seat is in two
 * bookings.
 */
class ChaosLoadTest {
    private static final int CLIENTS = 100;
    private static final int ROUNDS = 3;
    private static final long SEED = 20261126L;

    @TempDir
    Path dataDir;

    /** What one customer asked for and what it was told. */
    private record Customer(String username, TrechoClient client, List<Booking> acknowledged, AtomicInteger holds) {}

    @Test
    void randomCutsDuringALoadRunNeverLoseOrDuplicateABooking() throws Exception {
        try (RealServer server = new RealServer(dataDir);
                FaultProxy proxy = new FaultProxy(server.server.port())) {
            List<Customer> customers = new ArrayList<>();
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    TrechoClient client = TrechoClients.connect(RealServer.configVia(proxy));
                    String username = RealServer.newUsername();
                    customers.add(new Customer(username, client, new ArrayList<>(), new AtomicInteger()));
                    await(client.register(username, "correct horse"));
                }
                List<String> segments = bookableSegments(customers.getFirst().client());

                proxy.cutRandomly(SEED, 0.03);
                CountDownLatch done = new CountDownLatch(CLIENTS);
                AtomicReference<Throwable> unexpected = new AtomicReference<>();
                for (int i = 0; i < CLIENTS; i++) {
                    Customer customer = customers.get(i);
                    SplittableRandom random = new SplittableRandom(SEED + i);
                    Thread.ofVirtual().start(() -> {
                        try {
                            shop(customer, segments, random);
                        } catch (Throwable t) {
                            unexpected.compareAndSet(null, t);
                        } finally {
                            done.countDown();
                        }
                    });
                }
                assertTrue(done.await(60, TimeUnit.SECONDS), "the load run did not finish");
                proxy.cutRandomly(SEED, 0);
                if (unexpected.get() != null) {
                    throw new AssertionError("a customer failed", unexpected.get());
                }
                assertTrue(proxy.randomCuts() > 0, "the proxy never cut a connection");

                BookingCore core = server.server.core();
                Set<String> references = new HashSet<>();
                int acknowledged = 0;
                for (Customer customer : customers) {
                    List<Booking> onServer = core.bookings(customer.username());
                    for (Booking booking : customer.acknowledged()) {
                        assertEquals(
                                1,
                                onServer.stream()
                                        .filter(b -> b.reference().equals(booking.reference()))
                                        .count(),
                                "acknowledged booking " + booking.reference() + " exists once");
                    }
                    acknowledged += customer.acknowledged().size();
                    onServer.forEach(b -> assertTrue(references.add(b.reference()), "reference used twice"));
                    // Each hold.create asked for one seat: a request performed twice would show more.
                    int seats = seats(onServer) + seatsHeld(core.cart(customer.username()));
                    assertTrue(
                            seats <= customer.holds().get(),
                            customer.username() + " has " + seats + " seats from " + customer.holds() + " holds");
                }
                assertTrue(acknowledged > 0, "nothing was bought");
                assertEquals(List.of(), core.auditSnapshot().violations(core.network()));
            } finally {
                customers.forEach(c -> c.client().close());
            }
        }
    }

    /** Holds one seat on a random segment and buys it, {@link #ROUNDS} times. */
    private static void shop(Customer customer, List<String> segments, SplittableRandom random) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String segment = segments.get(random.nextInt(segments.size()));
            customer.holds().incrementAndGet();
            Hold hold = outcome(customer.client().hold(List.of(segment), 1, null));
            if (hold == null) {
                continue;
            }
            Booking booking = outcome(customer.client().purchase(List.of(hold.holdId())));
            if (booking != null) {
                customer.acknowledged().add(booking);
            }
        }
    }

    /** The value, or null when the request failed with a client error (allowed under chaos). */
    private static <T> T outcome(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(FakePeer.WAIT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ClientException) {
                return null;
            }
            throw e;
        }
    }

    private static List<String> bookableSegments(TrechoClient client) throws InterruptedException {
        Instant soon = Instant.now().plusSeconds(3600);
        List<String> segments = await(client.board(null, null)).stream()
                .filter(s -> s.seatsFree() > 20 && s.departure().isAfter(soon))
                .map(SegmentInfo::segment)
                .limit(20)
                .toList();
        assertTrue(segments.size() >= 5, "the sample network has too few bookable segments");
        return segments;
    }

    private static int seats(List<Booking> bookings) {
        return bookings.stream()
                .flatMap(b -> b.segments().stream())
                .mapToInt(s -> s.seats().size())
                .sum();
    }

    private static int seatsHeld(List<Hold> holds) {
        return holds.stream()
                .flatMap(h -> h.segments().stream())
                .mapToInt(s -> s.seats().size())
                .sum();
    }
}
