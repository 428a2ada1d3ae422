package app.trecho.server.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One platform thread with a selector that does every connection's reading, request handling and
 * writing for the connections it owns, and runs tasks other threads hand it ({@link #execute}: a
 * durable mutation's answer, a queued event, a timeout). A connection's state is touched only here,
 * so it needs no locks. With a virtual thread per connection every request cost a park, an unpark
 * and an epoll re-arm around its read; here one {@code epoll_wait} serves every ready connection.
 *
 * <p>Nothing run here may block for long: requests that wait (a login's password hash, a mutation
 * until it is durable) finish elsewhere and come back as a task.
 */
final class EventLoop implements Executor {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    /** One read takes at most this much; a connection keeps only the part of a line it could not use. */
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    /** Tasks run per turn before the selector is asked again: tasks that post tasks cannot starve it. */
    private static final int TASKS_PER_TURN = 4_096;

    /** What a registered channel's attachment does when the selector finds it ready. */
    interface Ready {
        void readable(ByteBuffer scratch);

        void writable();

        /** A handler threw: close at once. */
        void failed(RuntimeException e);
    }

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;

    EventLoop(String name) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on this loop's thread, after what is already queued. */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop()) {
            selector.wakeup(); // cheap when a wake-up is already pending
        }
    }

    /** Stops after the current turn and closes what is still registered; tasks still queued are not run. */
    void stop() {
        running = false;
        selector.wakeup();
    }

    void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    private void run() {
        try {
            while (running) {
                runTasks();
                if (tasks.isEmpty()) {
                    selector.select(this::dispatch);
                } else {
                    selector.selectNow(this::dispatch);
                }
            }
        } catch (IOException e) {
            log.error("event loop {} stopped: selector failed: {}", thread.getName(), e.getMessage());
        } finally {
            closeAll();
            stopped.countDown();
        }
    }

    private void runTasks() {
        Runnable task;
        for (int n = 0; n < TASKS_PER_TURN && (task = tasks.poll()) != null; n++) {
            try {
                task.run();
            } catch (RuntimeException | Error e) { // a task's failure must not stop its loop's other connections
                log.error("event loop task failed", e);
            }
        }
    }

    private void dispatch(SelectionKey key) {
        Ready ready = (Ready) key.attachment();
        try {
            if (key.isValid() && key.isWritable()) {
                ready.writable();
            }
            if (key.isValid() && key.isReadable()) {
                ready.readable(scratch);
            }
        } catch (RuntimeException | Error e) {
            try {
                ready.failed(e instanceof RuntimeException r ? r : new IllegalStateException(e));
            } catch (RuntimeException | Error again) {
                log.error("event loop could not close a failed connection", again);
            }
        }
    }

    /** On the way out: channels still registered (connections past the shutdown grace) are closed. */
    private void closeAll() {
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException e) {
                log.debug("closing a channel failed: {}", e.getMessage());
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("closing the selector failed: {}", e.getMessage());
        }
    }
}
