package app.trecho.bench;

import app.trecho.client.ClientListener;
import app.trecho.client.TrechoClient;
import app.trecho.protocol.Event;
import app.trecho.protocol.model.Hold;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Many idle connections subscribed to the board; one customer changes a seat, and we time how long
 * the change takes to reach every subscriber ({@code delivery}: each one; {@code fanout}: the last).
 * Changes during {@code --warmup} fan out the same way but are not measured (the first ones time
 * JIT compilation of the event path on both sides).
 */
final class ConnectionsScenario implements Scenario {
    private static final long SAMPLE_TIMEOUT_SECONDS = 30;

    /** The sample in flight: when the change was sent and who still waits for it. */
    private record Sample(String segment, long sentNanos, CountDownLatch pending, boolean measured) {}

    @Override
    public Map<String, Object> run(BenchContext context) throws InterruptedException {
        BenchOptions options = context.options();
        AtomicReference<Sample> current = new AtomicReference<>();
        Recorder delivery = new Recorder(3); // recorded by 10,000 reader threads at once: lock-free
        List<TrechoClient> subscribers = openSubscribers(context, options.clients(), current, delivery);
        TrechoClient customer = context.openCustomers(1).getFirst();
        SplittableRandom random = new SplittableRandom(options.seed());
        Histogram fanout = new Histogram(3);
        long warmupEnd = System.nanoTime() + options.warmup().toNanos();
        int warmups = 0;
        while (System.nanoTime() < warmupEnd) {
            String segment = context.catalog().randomSegment(random).segment();
            warmups += changeTwice(context, customer, segment, subscribers.size(), current, false, fanout);
            System.err.printf("\r[connections] warm-up: %d changes fanned out   ", warmups);
        }
        context.metrics().startMeasuring();
        long deadline = System.nanoTime() + options.duration().toNanos();
        int samples = 0;
        while (samples < options.rounds() && System.nanoTime() < deadline) {
            String segment = context.catalog().randomSegment(random).segment();
            samples += changeTwice(context, customer, segment, subscribers.size(), current, true, fanout);
            System.err.printf("\r[connections] %d subscribers, %d changes fanned out   ", subscribers.size(), samples);
        }
        System.err.println();
        current.set(null);
        context.metrics().stopMeasuring();
        subscribers.forEach(TrechoClient::close);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("connections", subscribers.size());
        figures.put("changes", samples);
        figures.put("incompleteFanouts", context.problems().size());
        figures.put("delivery", Report.latency(delivery.getIntervalHistogram(), options.duration()));
        figures.put("fanout", Report.latency(fanout, options.duration()));
        return figures;
    }

    /**
     * Holds a seat on {@code segment}, then releases it, each time waiting until every subscriber
     * saw the change; returns how many changes were made (0–2).
     */
    private static int changeTwice(
            BenchContext context,
            TrechoClient customer,
            String segment,
            int subscribers,
            AtomicReference<Sample> current,
            boolean measured,
            Histogram fanout)
            throws InterruptedException {
        Hold hold = null;
        int changes = 0;
        for (int change = 0; change < 2; change++) {
            Sample sample = new Sample(segment, System.nanoTime(), new CountDownLatch(subscribers), measured);
            current.set(sample);
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
            if (sample.pending().await(SAMPLE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                if (measured) {
                    fanout.recordValue(System.nanoTime() - sample.sentNanos());
                }
            } else {
                context.problems().add(sample.pending().getCount() + " subscribers never saw a change on " + segment);
            }
            changes++;
        }
        return changes;
    }

    private static List<TrechoClient> openSubscribers(
            BenchContext context, int count, AtomicReference<Sample> current, Recorder delivery)
            throws InterruptedException {
        ClientListener listener = new ClientListener() {
            @Override
            public void onAvailability(Event.Availability event) {
                Sample sample = current.get();
                if (sample != null && sample.segment().equals(event.segment())) {
                    if (sample.measured()) {
                        delivery.recordValue(System.nanoTime() - sample.sentNanos());
                    }
                    sample.pending().countDown();
                }
            }
        };
        Semaphore inFlight = new Semaphore(256);
        List<CompletableFuture<TrechoClient>> opening = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            CompletableFuture<TrechoClient> opened = new CompletableFuture<>();
            opening.add(opened);
            Thread.ofVirtual().start(() -> {
                try {
                    TrechoClient client = context.connect();
                    client.addListener(listener);
                    client.subscribe(List.of("board")).get(60, TimeUnit.SECONDS);
                    opened.complete(client);
                } catch (Exception e) {
                    opened.completeExceptionally(e);
                } finally {
                    inFlight.release();
                }
            });
            if (i % 1000 == 999) {
                System.err.printf("\r[connections] %d connections open   ", i + 1);
            }
        }
        List<TrechoClient> subscribers = new ArrayList<>(count);
        for (CompletableFuture<TrechoClient> f : opening) {
            try {
                subscribers.add(f.get());
            } catch (ExecutionException e) {
                subscribers.forEach(TrechoClient::close);
                throw new BenchContext.SetupException(
                        "could only open " + subscribers.size() + " of " + count + " subscribed connections: "
                                + BenchContext.rootMessage(e),
                        e);
            }
        }
        return subscribers;
    }
}
