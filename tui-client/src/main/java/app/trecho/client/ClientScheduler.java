package app.trecho.client;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The one timer thread shared by every client in the JVM (request timeouts, heartbeats, reconnect
 * delays), so a thousand clients cost one thread. Tasks only decide; anything that may block or
 * runs caller code is handed to a virtual thread with {@link #offload}.
 */
final class ClientScheduler {
    private static final ScheduledExecutorService SCHEDULER = create();

    private ClientScheduler() {}

    static ScheduledExecutorService get() {
        return SCHEDULER;
    }

    static void offload(Runnable task) {
        Thread.ofVirtual().name("trecho-client-task").start(task);
    }

    private static ScheduledExecutorService create() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "trecho-client-timer");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
