package app.trecho.server.net;

import app.trecho.protocol.Codec;
import app.trecho.protocol.Event;
import app.trecho.protocol.LineWriter;
import app.trecho.protocol.Response;
import app.trecho.protocol.SharedEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's bounded outbound queue and the virtual thread that drains it into the socket.
 * Events never block: when the queue is full, queued events are dropped for one
 * {@code event.resync}. A response to the connection's own request may wait for room (pushing back
 * on that client alone); if the queue stays full of responses, the connection is dropped. Event {@code seq}
 * numbers are assigned as events are written, so the delivered ones have no gaps.
 *
 * <p>A response that finds nothing queued and nobody writing is written by the calling thread (the
 * connection's reader) itself: no hand-off to the writer thread, which on a 2-core machine costs as
 * much as the write. Only the connection's own reader does this, so a slow client only ever blocks
 * its own connection; events, from other connections' threads, always go through the queue.
 */
final class Outbound implements EventSink {
    private static final Logger log = LoggerFactory.getLogger(Outbound.class);

    private sealed interface Item {}

    /** @param line the response already encoded, or null to encode it when written */
    private record Reply(Response response, String line) implements Item {
        String encoded(Codec codec) {
            return line != null ? line : codec.encode(response);
        }
    }

    /** @param droppable ordinary events may be dropped for a resync; resync and shutdown may not */
    private record Note(SharedEvent event, boolean droppable) implements Item {}

    /** What the connection does when its writer can no longer deliver. */
    interface Closer {
        /** The writer stopped: cleanly after {@link #finish}, or after a write failure. */
        void writerDone(boolean clean);

        /** The queue overflowed with responses: the client is too far behind and must be dropped now. */
        void overflowed();
    }

    private final long connectionId;
    private final LineWriter writer;
    private final Codec codec;
    private final int capacity;
    private final Closer closer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final Condition space = lock.newCondition();
    private final Duration replyWait;
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private boolean finishing;
    private boolean failed;
    /** The writer thread holds an item or unflushed bytes: the socket and {@link #writer} are its own. */
    private boolean draining;
    /** A response is being written by its caller's thread (see {@link #answer}). */
    private volatile boolean writingInline;

    private boolean resyncQueued;
    private long seq;

    /** @param replyWait how long a response may wait for room before the client counts as gone */
    Outbound(long connectionId, LineWriter writer, Codec codec, int capacity, Duration replyWait, Closer closer) {
        this.connectionId = connectionId;
        this.replyWait = replyWait;
        this.writer = writer;
        this.codec = codec;
        this.capacity = capacity;
        this.closer = closer;
    }

    void start() {
        Thread.ofVirtual().name("conn-" + connectionId + "-writer").start(this::drain);
    }

    /** Queues a response to this connection's own request (from any thread). */
    void reply(Response response) {
        enqueue(new Reply(response, null));
    }

    /**
     * Sends a response to this connection's own request: at once on the calling thread when nothing
     * is queued or being written, else after what is queued. Call only from the connection's reader:
     * it may block until the client reads.
     */
    void answer(Response response) {
        answer(new Reply(response, null));
    }

    /** As {@link #answer(Response)}, using the answer's encoded line when it has one. */
    void answer(Answer answer) {
        answer(new Reply(answer.response(), answer.line()));
    }

    /** As {@link #answer(Response)}, for a response already encoded (a shared answer). */
    void answerLine(String line) {
        answer(new Reply(null, line));
    }

    private void answer(Reply reply) {
        if (claimInline()) {
            writeInline(reply);
        } else {
            enqueue(reply);
        }
    }

    private boolean claimInline() {
        lock.lock();
        try {
            if (draining || writingInline || !queue.isEmpty() || finishing || failed) {
                return false;
            }
            writingInline = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void writeInline(Reply reply) {
        boolean ok = false;
        try {
            writer.write(reply.encoded(codec)); // inside the try: a failed encode must release the claim too
            writer.flush();
            ok = true;
        } catch (IOException e) {
            log.debug("conn {} write failed: {}", connectionId, e.getMessage());
        } finally {
            lock.lock();
            try {
                writingInline = false;
                if (!ok) {
                    failed = true; // the writer thread sees it, stops and closes the connection
                    queue.clear();
                    space.signalAll();
                }
                ready.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** True while a response is being written on its caller's thread (it may be stuck on a full socket). */
    boolean writingInline() {
        return writingInline;
    }

    @Override
    public void send(SharedEvent event) {
        enqueue(new Note(event, true));
    }

    /** Queues an event that survives overflow (shutdown). */
    void sendUrgent(SharedEvent event) {
        enqueue(new Note(event, false));
    }

    /** No more messages: the writer drains what is queued, then stops. */
    void finish() {
        lock.lock();
        try {
            finishing = true;
            ready.signalAll();
            space.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the writer to stop; true when it did within {@code timeout}. */
    boolean awaitDone(Duration timeout) throws InterruptedException {
        return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void enqueue(Item item) {
        boolean overflow;
        lock.lock();
        try {
            if (finishing || failed) {
                return;
            }
            overflow = !hasRoom(item instanceof Reply);
            if (overflow) {
                failed = true;
                queue.clear();
                ready.signalAll();
            } else {
                queue.addLast(item);
                ready.signalAll();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            lock.unlock();
        }
        if (overflow) {
            log.info("conn {} outbound queue stayed full of responses: disconnecting", connectionId);
            closer.overflowed(); // outside the lock: it closes the socket the writer may be blocked on
        }
    }

    /**
     * Under the lock: true when one more item fits, after dropping events for a resync if needed.
     * A response may wait (up to {@code replyWait}) for the writer to make room: that backpressure
     * stops the connection's own reader, so a pipelining client slows down instead of being dropped.
     */
    private boolean hasRoom(boolean mayWait) throws InterruptedException {
        if (queue.size() < capacity || makeRoom()) {
            return true;
        }
        if (!mayWait) {
            return false;
        }
        long left = replyWait.toNanos();
        while (queue.size() >= capacity && !failed && !finishing && left > 0) {
            left = space.awaitNanos(left);
        }
        return queue.size() < capacity && !failed && !finishing;
    }

    /** Drops every droppable event and queues one resync in their place; false when nothing could go. */
    private boolean makeRoom() {
        int before = queue.size();
        for (Iterator<Item> it = queue.iterator(); it.hasNext(); ) {
            if (it.next() instanceof Note n && n.droppable()) {
                it.remove();
            }
        }
        int dropped = before - queue.size();
        if (dropped == 0) {
            return false;
        }
        log.info("conn {} fell behind: dropped {} events, sending resync", connectionId, dropped);
        if (!resyncQueued) {
            resyncQueued = true;
            queue.addLast(
                    new Note(new SharedEvent(codec, s -> new Event.Resync(s, "outbound queue overflowed")), false));
        }
        return queue.size() < capacity;
    }

    private void drain() {
        boolean clean = false;
        try {
            while (true) {
                Item item = next();
                if (item == null) {
                    writer.flush();
                    clean = !failed;
                    return;
                }
                writer.write(line(item));
                if (isEmpty()) {
                    writer.flush();
                    doneDraining();
                }
            }
        } catch (IOException e) {
            log.debug("conn {} write failed: {}", connectionId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.lock();
            try {
                failed = true;
                queue.clear();
                space.signalAll();
            } finally {
                lock.unlock();
            }
            done.countDown();
            closer.writerDone(clean);
        }
    }

    /** The next item, or null once finishing with nothing left (or after a failure). */
    private Item next() throws InterruptedException {
        lock.lock();
        try {
            while ((queue.isEmpty() || writingInline) && !finishing && !failed) {
                ready.await();
            }
            while (writingInline && !failed) { // finishing: let the response being written end first
                ready.await();
            }
            if (failed) {
                return null;
            }
            Item item = queue.pollFirst();
            if (item != null) {
                draining = true;
            }
            space.signalAll();
            return item;
        } finally {
            lock.unlock();
        }
    }

    /** The writer flushed everything it took: responses may be written inline again. */
    private void doneDraining() {
        lock.lock();
        try {
            draining = false;
        } finally {
            lock.unlock();
        }
    }

    private boolean isEmpty() {
        lock.lock();
        try {
            return queue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** The item's line; an event gets the next {@code seq} now, so delivered ones have no gaps. */
    private String line(Item item) {
        return switch (item) {
            case Reply r -> r.encoded(codec);
            case Note n -> {
                if (n.event().type() == Event.Resync.class) {
                    clearResync();
                }
                yield n.event().line(++seq);
            }
        };
    }

    private void clearResync() {
        lock.lock();
        try {
            resyncQueued = false;
        } finally {
            lock.unlock();
        }
    }
}
