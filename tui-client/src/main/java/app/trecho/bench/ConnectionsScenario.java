package app.trecho.bench;

import app.trecho.client.TrechoClient;
import app.trecho.protocol.model.Hold;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Many idle connections subscribed to the board; one customer changes a seat, and we time how long
 * the change takes to reach every subscriber ({@code delivery}: each one; {@code fanout}: the last).
 * Changes during {@code --warmup} fan out the same way but are not measured (the first ones time
 * JIT compilation of the event path on both sides). The subscribers are raw connections on one
 * selector thread ({@link SubscriberLoop}), so that the bench's own reading costs little of the
 * CPU the server's fan-out needs; the customer uses the client library.
 */
final class ConnectionsScenario implements Scenario {
    private static final long SAMPLE_TIMEOUT_SECONDS = 30;
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(120);

    /** Changes that did not reach every live subscriber in time. */
    private int incompleteFanouts;

    @Override
    public Map<String, Object> run(BenchContext context) throws InterruptedException {
        BenchOptions options = context.options();
        Histogram delivery = new Histogram(3); // the subscriber loop's alone until it is closed
        System.err.printf("[connections] opening %d subscribed connections%n", options.clients());
        SubscriberLoop subscribers = SubscriberLoop.open(
                options.host(), options.port(), options.clients(), SETUP_TIMEOUT, context.problems());
        Histogram fanout = new Histogram(3);
        int samples = 0;
        try {
            TrechoClient customer = context.openCustomers(1).getFirst();
            SplittableRandom random = new SplittableRandom(options.seed());
            long warmupEnd = System.nanoTime() + options.warmup().toNanos();
            int warmups = 0;
            while (System.nanoTime() < warmupEnd) {
                String segment = context.catalog().randomSegment(random).segment();
                warmups += changeTwice(context, customer, segment, subscribers, false, delivery, fanout);
                System.err.printf("\r[connections] warm-up: %d changes fanned out   ", warmups);
            }
            context.metrics().startMeasuring();
            long deadline = System.nanoTime() + options.duration().toNanos();
            while (samples < options.rounds() && System.nanoTime() < deadline) {
                String segment = context.catalog().randomSegment(random).segment();
                samples += changeTwice(context, customer, segment, subscribers, true, delivery, fanout);
                System.err.printf(
                        "\r[connections] %d subscribers, %d changes fanned out   ", options.clients(), samples);
            }
            System.err.println();
            context.metrics().stopMeasuring();
        } finally {
            subscribers.close();
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("connections", options.clients());
        figures.put("changes", samples);
        figures.put("incompleteFanouts", incompleteFanouts);
        // per second over the time measured, as for every operation: --rounds may end it before --duration
        Duration measured = context.metrics().measured();
        figures.put("delivery", Report.latency(delivery, measured));
        figures.put("fanout", Report.latency(fanout, measured));
        return figures;
    }

    /**
     * Holds a seat on {@code segment}, then releases it, each time waiting until every subscriber
     * saw the change; returns how many changes were made (0–2).
     */
    private int changeTwice(
            BenchContext context,
            TrechoClient customer,
            String segment,
            SubscriberLoop subscribers,
            boolean measured,
            Histogram delivery,
            Histogram fanout)
            throws InterruptedException {
        Hold hold = null;
        int changes = 0;
        for (int change = 0; change < 2; change++) {
            long sentNanos = System.nanoTime();
            CountDownLatch pending = new CountDownLatch(subscribers.live());
            subscribers.watch(SubscriberLoop.Watch.segment(segment, seenNanos -> {
                if (measured) {
                    delivery.recordValue(seenNanos - sentNanos);
                }
                pending.countDown();
            }));
            if (change == 0) {
                hold = context.call("hold", () -> customer.hold(List.of(segment), 1, null));
                if (hold == null) {
                    break;
                }
            } else {
                String holdId = hold.holdId();
                if (!context.attempt("release", () -> customer.release(holdId))) {
                    break;
                }
            }
            if (pending.await(SAMPLE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                if (measured) {
                    fanout.recordValue(System.nanoTime() - sentNanos);
                }
            } else {
                incompleteFanouts++;
                context.problems().add(pending.getCount() + " subscribers never saw a change on " + segment);
            }
            changes++;
        }
        return changes;
    }
}
