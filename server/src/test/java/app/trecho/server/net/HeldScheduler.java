package app.trecho.server.net;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Holds what is scheduled, with its delay, for the test to run: time stands still here. */
final class HeldScheduler extends ScheduledThreadPoolExecutor {
    final Queue<Runnable> due = new ArrayDeque<>();
    final List<Duration> delays = new ArrayList<>();

    HeldScheduler() {
        super(1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        delays.add(Duration.ofNanos(unit.toNanos(delay)));
        due.add(command);
        return null;
    }

    void runDue() {
        due.remove().run();
    }

    List<Long> delaysInSeconds() {
        return delays.stream().map(Duration::toSeconds).toList();
    }
}
