package app.trecho.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import app.trecho.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ActivityTest {
    private final Activity activity = new Activity();

    @Test
    void nothingCountedGivesNoLine() {
        assertNull(activity.drain());
    }

    @Test
    void theLineNamesWhatHappenedInAFixedOrderWithRefusalsLast() {
        activity.done(Activity.Kind.CANCEL);
        activity.done(Activity.Kind.HOLD);
        activity.done(Activity.Kind.HOLD);
        activity.done(Activity.Kind.EXPIRY, 1_234);
        activity.refused(ErrorCode.SEAT_TAKEN);
        activity.refused(ErrorCode.CART_FULL);
        activity.refused(ErrorCode.CART_FULL);

        // refusals in the order ErrorCode declares them
        assertEquals(
                "2 holds placed, 1,234 holds expired, 1 bookings cancelled; refused: SEAT_TAKEN 1, CART_FULL 2",
                activity.drain());
    }

    @Test
    void refusalsAloneAreStillReported() {
        activity.refused(ErrorCode.RATE_LIMITED);
        assertEquals("no changes; refused: RATE_LIMITED 1", activity.drain());
    }

    @Test
    void drainingStartsTheCountsAgain() {
        activity.done(Activity.Kind.PURCHASE);
        assertEquals("1 bookings purchased", activity.drain());
        assertNull(activity.drain());
        activity.done(Activity.Kind.PURCHASE);
        assertEquals("1 bookings purchased", activity.drain());
    }

    @Test
    void countsFromManyThreadsAtOnceAddUp() throws Exception {
        int threads = 8;
        int each = 50_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> counting = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            counting.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    activity.done(Activity.Kind.HOLD);
                    activity.refused(ErrorCode.CART_FULL);
                }
            }));
        }
        start.countDown();
        for (Thread thread : counting) {
            thread.join();
        }
        assertEquals("400,000 holds placed; refused: CART_FULL 400,000", activity.drain());
    }
}
