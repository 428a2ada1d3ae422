package app.trecho.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loop's task queue, handed tasks from other threads while it sleeps in its selector. */
class EventLoopTest {
    private final EventLoop loop = new EventLoop("test-loop");

    @AfterEach
    void stop() throws InterruptedException {
        loop.stop();
        loop.awaitStopped();
    }

    /**
     * Each thread waits for its task to run before it hands over the next, so most tasks arrive
     * while the loop sleeps with nothing registered. A lost wake-up leaves a task queued until
     * another thread's task wakes the loop; once no other is coming, its thread's wait runs out.
     */
    @Test
    void everyTaskFromAnotherThreadWakesTheLoopOrFindsItAwake() throws Exception {
        loop.start();
        int threads = 4;
        int rounds = 3_000;
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger onLoop = new AtomicInteger();
        List<Thread> senders = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            senders.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < rounds; i++) {
                        CountDownLatch done = new CountDownLatch(1);
                        loop.execute(() -> {
                            if (loop.inLoop()) {
                                onLoop.incrementAndGet();
                            }
                            ran.incrementAndGet();
                            done.countDown();
                        });
                        if (!done.await(10, TimeUnit.SECONDS)) {
                            throw new AssertionError("task " + i + " still waits: the loop was not woken");
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join();
        }
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        assertEquals(threads * rounds, ran.get());
        assertEquals(threads * rounds, onLoop.get()); // all of them on the loop's own thread
    }

    /**
     * Tasks queued from the loop's own thread wake nothing: more than one turn's share of them
     * still all run, on the turns that follow.
     */
    @Test
    void tasksQueuedOnTheLoopBeyondOneTurnAllRun() throws Exception {
        loop.start();
        int count = 10_000; // more than a turn takes
        CountDownLatch all = new CountDownLatch(count);
        loop.execute(() -> {
            for (int i = 0; i < count; i++) {
                loop.execute(all::countDown);
            }
        });
        assertTrue(all.await(10, TimeUnit.SECONDS), () -> all.getCount() + " tasks queued on the loop never ran");
    }
}
