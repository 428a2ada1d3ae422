package app.trecho.server.net;

import app.trecho.protocol.Codec;
import app.trecho.protocol.Event;
import app.trecho.protocol.Response;
import app.trecho.protocol.SharedEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's bounded outbound queue, written into its non-blocking channel by its event loop.
 * Events, from any thread, never block: when the queue is full, queued events are dropped for one
 * {@code event.resync}, and a queue still full after that (urgent messages only) drops the
 * connection. Answers to the connection's own requests are queued by the loop itself, which stops
 * reading the connection while what it wrote has not left (see {@link #backedUp}): a client that
 * does not read holds back only its own requests. Event {@code seq} numbers are assigned as events
 * are encoded for writing, so the delivered ones have no gaps.
 */
final class Outbound implements EventSink {
    private static final Logger log = LoggerFactory.getLogger(Outbound.class);
    /** Lines taken from the queue and written with one gathering write. */
    private static final int BATCH = 64;
    /** Buffers one line may take: a shared or spliced answer's three parts, and the newline. */
    private static final int MAX_BUFFERS_PER_LINE = 4;

    private static final ByteBuffer NEWLINE = ByteBuffer.wrap(new byte[] {'\n'}).asReadOnlyBuffer();

    private sealed interface Item {}

    /** A response encoded when it is written. */
    private record Reply(Response response) implements Item {}

    /** @param utf8 a response already encoded, in parts written one after another (a shared or spliced answer) */
    private record EncodedReply(ByteBuffer[] utf8) implements Item {}

    /** @param droppable ordinary events may be dropped for a resync; resync and shutdown may not */
    private record Note(SharedEvent event, boolean droppable) implements Item {}

    private final long connectionId;
    private final GatheringByteChannel channel;
    private final Codec codec;
    private final int capacity;
    private final Executor loop;
    private final Runnable flushOnLoop;
    private final Runnable overflowed;

    // guarded by this: the queue is filled from any thread
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private boolean closed;
    private boolean flushScheduled;
    private boolean resyncQueued;

    // the loop's own: lines taken from the queue and not yet written
    private Item[] taken; // both arrays allocated on first use: most of 10,000 idle connections never write
    private ByteBuffer[] unwritten;
    private int unwrittenStart;
    private int unwrittenEnd;
    private long seq;

    /**
     * @param loop the connection's event loop; {@code flushOnLoop} runs there after events were queued
     * @param overflowed called (on any thread) when the queue stays full: the client must be dropped
     */
    Outbound(
            long connectionId,
            GatheringByteChannel channel,
            Codec codec,
            int capacity,
            Executor loop,
            Runnable flushOnLoop,
            Runnable overflowed) {
        this.connectionId = connectionId;
        this.channel = channel;
        this.codec = codec;
        this.capacity = capacity;
        this.loop = loop;
        this.flushOnLoop = flushOnLoop;
        this.overflowed = overflowed;
    }

    /** Queues the answer to one of the connection's requests; on the loop, which then {@link #flush}es. */
    void answer(Answer answer) {
        if (answer.utf8() != null) {
            answerUtf8(answer.utf8());
        } else {
            enqueue(new Reply(answer.response()), false);
        }
    }

    /** As {@link #answer}, for a response already encoded (a shared or spliced answer), its parts written in order. */
    void answerUtf8(ByteBuffer[] utf8) {
        if (utf8.length >= MAX_BUFFERS_PER_LINE) {
            throw new IllegalArgumentException("a line in " + utf8.length + " parts");
        }
        enqueue(new EncodedReply(utf8), false);
    }

    @Override
    public void send(SharedEvent event) {
        enqueue(new Note(event, true), true);
    }

    /** Queues an event that survives overflow (resync, shutdown); from any thread. */
    void sendUrgent(SharedEvent event) {
        enqueue(new Note(event, false), true);
    }

    /** True once closed, or overflowed: nothing more is queued. */
    synchronized boolean closed() {
        return closed;
    }

    /** Nothing more is queued or written (the connection closed). */
    synchronized void close() {
        closed = true;
        queue.clear();
    }

    /**
     * True when the queue is half full (or holds a batch): a loop answering a pipelined burst writes
     * now, so that answers never fill the queue.
     */
    synchronized boolean fillingUp() {
        return queue.size() >= Math.max(1, Math.min(BATCH, capacity / 2));
    }

    /** On the loop: true while lines taken for writing have not all left (the client is not reading). */
    boolean backedUp() {
        return unwrittenStart < unwrittenEnd;
    }

    /** On the loop: nothing queued and nothing unwritten. */
    boolean drained() {
        synchronized (this) {
            if (!queue.isEmpty()) {
                return false;
            }
        }
        return !backedUp();
    }

    /**
     * On the loop: writes what is queued until the channel takes no more.
     *
     * @return true when everything was written, false when the rest waits for the channel
     * @throws IOException when the channel fails: the connection is gone
     */
    boolean flush() throws IOException {
        synchronized (this) {
            flushScheduled = false;
        }
        while (true) {
            if (!backedUp() && !takeBatch()) {
                return true;
            }
            channel.write(unwritten, unwrittenStart, unwrittenEnd - unwrittenStart);
            while (unwrittenStart < unwrittenEnd && !unwritten[unwrittenStart].hasRemaining()) {
                unwritten[unwrittenStart++] = null;
            }
            if (backedUp()) {
                return false; // the socket is full: wait until it is writable
            }
        }
    }

    /** Encodes the next lines from the queue for writing; false when it was empty. */
    private boolean takeBatch() {
        if (taken == null) {
            taken = new Item[BATCH];
            unwritten = new ByteBuffer[BATCH * MAX_BUFFERS_PER_LINE];
        }
        int n = 0;
        synchronized (this) {
            while (n < BATCH && !queue.isEmpty()) {
                taken[n++] = queue.pollFirst();
            }
        }
        unwrittenStart = 0;
        unwrittenEnd = 0;
        for (int i = 0; i < n; i++) {
            addLine(taken[i]);
            taken[i] = null;
        }
        return n > 0;
    }

    /** Adds the item's line and its newline to the buffers to write. */
    private void addLine(Item item) {
        switch (item) {
            case EncodedReply r -> {
                for (ByteBuffer part : r.utf8()) {
                    unwritten[unwrittenEnd++] = part;
                }
            }
            case Reply r -> addText(codec.encode(r.response()));
            case Note n -> addText(eventLine(n));
        }
        unwritten[unwrittenEnd++] = NEWLINE.duplicate(); // not a second copy of the line (a week's board is ~70 KB)
    }

    private void addText(String line) {
        unwritten[unwrittenEnd++] = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
    }

    /** The event's line: it gets the next {@code seq} now, so delivered ones have no gaps. */
    private String eventLine(Note n) {
        if (n.event().type() == Event.Resync.class) {
            synchronized (this) {
                resyncQueued = false;
            }
        }
        return n.event().line(++seq);
    }

    private void enqueue(Item item, boolean scheduleFlush) {
        boolean overflow;
        boolean schedule = false;
        synchronized (this) {
            if (closed) {
                return;
            }
            overflow = queue.size() >= capacity && !makeRoom();
            if (overflow) {
                closed = true;
                queue.clear();
            } else {
                queue.addLast(item);
                if (scheduleFlush && !flushScheduled) {
                    flushScheduled = true;
                    schedule = true;
                }
            }
        }
        if (overflow) {
            log.info("conn {} outbound queue stayed full: disconnecting", connectionId);
            overflowed.run();
        } else if (schedule) {
            loop.execute(flushOnLoop);
        }
    }

    /** Under the lock: drops every droppable event for one resync; false when that made no room. */
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
}
