package app.trecho.bench;

import app.trecho.client.TrechoClient;
import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.City;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.SortOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * Customers that each loop on their own connection until the time is up: booking cycles, browsing,
 * a blend, or bare pings. Closed loop by default; with {@code --rate} each customer keeps a fixed schedule and
 * latency counts from the intended start.
 */
final class ClosedLoopScenario implements Scenario {

    enum Mix {
        BOOK,
        BROWSE,
        MIXED,
        /** Round trips that do no work on either side: what any request costs at least. */
        PING
    }

    private final Mix mix;

    ClosedLoopScenario(Mix mix) {
        this.mix = mix;
    }

    @Override
    public Map<String, Object> run(BenchContext context) throws InterruptedException {
        BenchOptions options = context.options();
        List<TrechoClient> clients = context.openCustomers(options.clients());
        long warmupNanos = options.warmup().toNanos();
        long measureNanos = options.duration().toNanos();
        long start = System.nanoTime();
        long measureStart = start + warmupNanos;
        long end = measureStart + measureNanos;
        long intervalNanos = options.rate() > 0 ? (long) (1e9 * options.clients() / options.rate()) : 0;

        if (warmupNanos == 0) {
            context.metrics().startMeasuring();
        }
        CountDownLatch done = new CountDownLatch(clients.size());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            TrechoClient client = clients.get(i);
            SplittableRandom random = new SplittableRandom(options.seed() * 1_000_003L + i);
            long firstSlot = start + (intervalNanos == 0 ? 0 : random.nextLong(intervalNanos));
            threads.add(Thread.ofVirtual().name("bench-customer-" + i).start(() -> {
                try {
                    long slot = firstSlot;
                    while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                        long began;
                        if (intervalNanos > 0) {
                            long wait = slot - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait);
                            }
                            began = slot;
                            slot += intervalNanos;
                        } else {
                            began = System.nanoTime();
                        }
                        step(context, client, random, began);
                    }
                } finally {
                    done.countDown();
                }
            }));
        }
        Progress.track(context, mix.name().toLowerCase(java.util.Locale.ROOT), start, measureStart, end, done);
        context.metrics().stopMeasuring();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("openLoopRequestsPerSecond", options.rate());
        return figures;
    }

    private void step(BenchContext context, TrechoClient client, SplittableRandom random, long began) {
        switch (mix) {
            case BOOK -> bookCycle(context, client, random, began);
            case BROWSE -> browse(context, client, random, began);
            case PING -> context.call("ping", began, client::ping);
            case MIXED -> {
                if (random.nextInt(10) < 3) {
                    bookCycle(context, client, random, began);
                } else {
                    browse(context, client, random, began);
                }
            }
        }
    }

    /** hold -> purchase -> cancel on a random itinerary; a cycle counts when all three succeed. */
    static void bookCycle(BenchContext context, TrechoClient client, SplittableRandom random, long began) {
        List<String> itinerary = context.catalog().randomItinerary(random);
        Hold hold = context.call("hold", began, () -> client.hold(itinerary, 1, null));
        if (hold == null) {
            return;
        }
        Booking booking = context.call("purchase", () -> client.purchase(List.of(hold.holdId())));
        if (booking == null) {
            context.attempt("release", () -> client.release(hold.holdId()));
            return;
        }
        if (context.attempt("cancel", () -> client.cancel(booking.reference()))) {
            context.metrics().cycle();
        }
    }

    /** One read: the board, a search, or a seat map. */
    static void browse(BenchContext context, TrechoClient client, SplittableRandom random, long began) {
        Catalog catalog = context.catalog();
        switch (random.nextInt(3)) {
            // One day's departures, as the TUI's board shows a day at a time: the whole week's board
            // is a 70 KB answer that measures JSON encoding more than the server.
            case 0 -> {
                var date = catalog.randomDate(random);
                context.call("board", began, () -> client.board(date, null));
            }
            case 1 -> {
                City from = catalog.randomCity(random);
                City to = catalog.randomCity(random);
                if (from.equals(to)) {
                    to = catalog.cities()
                            .get((catalog.cities().indexOf(from) + 1)
                                    % catalog.cities().size());
                }
                String fromCode = from.code();
                String toCode = to.code();
                context.call(
                        "search",
                        began,
                        () -> client.search(fromCode, toCode, catalog.randomDate(random), 1, SortOrder.ARRIVAL, 20));
            }
            default -> {
                String segment = catalog.randomSegment(random).segment();
                context.call("seatmap", began, () -> client.seatMap(segment));
            }
        }
    }
}
