package app.trecho.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestMeterTest {

    private static void mark(RequestMeter meter, int n) {
        for (int i = 0; i < n; i++) {
            meter.mark();
        }
    }

    @Test
    void rateIsZeroBeforeTheFirstSecondCloses() {
        RequestMeter meter = new RequestMeter();
        mark(meter, 50);
        assertEquals(0, meter.perSecond());
    }

    @Test
    void rateAveragesTheClosedSecondsRightAfterStart() {
        RequestMeter meter = new RequestMeter();
        mark(meter, 30);
        meter.tick();
        mark(meter, 10);
        meter.tick();
        mark(meter, 1_000); // the open second does not count yet
        assertEquals(20, meter.perSecond());
    }

    @Test
    void secondsOlderThanTheWindowDropOut() {
        RequestMeter meter = new RequestMeter();
        mark(meter, 10_000);
        meter.tick();
        for (int i = 0; i < RequestMeter.WINDOW_SECONDS - 1; i++) {
            mark(meter, 10);
            meter.tick();
        }
        assertEquals((10_000 + 90) / 10, meter.perSecond());
        mark(meter, 10);
        meter.tick();
        assertEquals(10, meter.perSecond());
    }

    @Test
    void rateRoundsToTheNearestWholeRequest() {
        RequestMeter meter = new RequestMeter();
        mark(meter, 3);
        meter.tick();
        meter.tick();
        assertEquals(2, meter.perSecond()); // 1.5 rounds up
        meter.tick();
        assertEquals(1, meter.perSecond()); // 3 over 3 seconds
    }

    @Test
    void marksFromManyThreadsAreAllCounted() throws InterruptedException {
        RequestMeter meter = new RequestMeter();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> mark(meter, 25_000)));
        }
        for (Thread t : threads) {
            t.join();
        }
        meter.tick();
        assertEquals(200_000, meter.perSecond());
    }
}
