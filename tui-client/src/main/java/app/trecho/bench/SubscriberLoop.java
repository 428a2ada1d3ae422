package app.trecho.bench;

import static app.trecho.bench.RawSockets.bytes;
import static app.trecho.bench.RawSockets.closeQuietly;
import static app.trecho.bench.RawSockets.indexOf;

import app.trecho.protocol.Codec;
import app.trecho.protocol.Event;
import app.trecho.protocol.Message;
import app.trecho.protocol.ProtocolException;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The {@code connections} scenario's subscribers: real connections, each through the handshake and
 * subscribed to the board, all read by one platform thread with a selector. Through the client
 * library every connection has its own reader thread, and at 10,000 connections the bench then
 * spent as much CPU per delivered event as the server did, on the same two cores: the bench, not
 * the server, set the fan-out figure. Here a delivery costs a share of one {@code epoll_wait}, a
 * {@code read} and a byte search. Subscribers send a ping whenever they have sent nothing for the
 * server's heartbeat interval, as the client library does.
 */
final class SubscriberLoop implements AutoCloseable {
    private static final Codec CODEC = new Codec();
    private static final byte[] AVAILABILITY = bytes("\"type\":\"event.availability\"");
    private static final byte[] PING_OK = bytes("\"type\":\"ping.ok\"");
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int HANDSHAKES_IN_FLIGHT = 256;
    private static final long SELECT_TIMEOUT_MS = 50;
    /**
     * How often the loop looks for subscribers due a heartbeat. Each is due by its own clock, so
     * their pings stay spread as their connections were; a coarser tick would bunch thousands of
     * pings (and their answers) into one moment and into whichever fan-out is running then.
     */
    private static final long PING_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** A change being timed: the bytes that name its segment, and what to do when a subscriber sees it. */
    record Watch(byte[] segmentMarker, LongConsumer seen) {
        static Watch segment(String segment, LongConsumer seen) {
            return new Watch(bytes("\"segment\":" + CODEC.quote(segment)), seen);
        }
    }

    private static final class Subscriber {
        final SocketChannel channel;
        final LineAssembler lines = new LineAssembler();
        boolean subscribed;
        long lastSentNanos;
        /** The last watch this subscriber reported: each counts once per watch. */
        Watch reported;

        Subscriber(SocketChannel channel, long now) {
            this.channel = channel;
            this.lastSentNanos = now;
        }
    }

    private final Selector selector;
    private final Queue<Subscriber> arriving = new ConcurrentLinkedQueue<>();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private final Queue<String> problems;
    private final Semaphore handshakes = new Semaphore(HANDSHAKES_IN_FLIGHT);
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    private final byte[] ping = bytes(CODEC.encode(new Request.Ping("hb")) + "\n");
    private final Thread thread;
    private volatile Watch watch;
    private volatile boolean closing;
    /** Guarded by this: handshakes done, subscribers lost since, why the set-up failed (or null). */
    private int subscribedCount;

    private int lostCount;

    private String failure;
    /** The shortest heartbeat any hello.ok announced; the loop's own. */
    private long heartbeatNanos = Long.MAX_VALUE;

    private SubscriberLoop(Queue<String> problems) throws IOException {
        this.selector = Selector.open();
        this.problems = problems;
        this.thread = Thread.ofPlatform().name("bench-subscribers").daemon().unstarted(this::loop);
    }

    /**
     * Opens {@code count} connections to {@code host:port}, each sending {@code hello} and
     * {@code subscribe board}, and returns once all are subscribed; a subscriber that fails later is
     * reported to {@code problems}.
     *
     * @throws BenchContext.SetupException when a connection cannot be opened or subscribed in time
     */
    static SubscriberLoop open(String host, int port, int count, Duration timeout, Queue<String> problems)
            throws InterruptedException {
        SubscriberLoop loop;
        try {
            loop = new SubscriberLoop(problems);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        loop.thread.start();
        try {
            loop.connectAll(new InetSocketAddress(host, port), count, System.nanoTime() + timeout.toNanos());
            return loop;
        } catch (IOException e) {
            loop.close();
            throw new BenchContext.SetupException(
                    "could only open " + loop.subscribed() + " of " + count + " subscribed connections: "
                            + BenchContext.rootMessage(e),
                    e);
        } catch (RuntimeException | InterruptedException e) {
            loop.close();
            throw e;
        }
    }

    /** Starts timing a change: every subscriber that sees {@code next}'s event calls its consumer once. */
    void watch(Watch next) {
        watch = next;
    }

    synchronized int subscribed() {
        return subscribedCount;
    }

    /** Subscribers still connected: how many a change can reach. */
    synchronized int live() {
        return subscribedCount - lostCount;
    }

    private void connectAll(InetSocketAddress address, int count, long deadline)
            throws IOException, InterruptedException {
        byte[] handshake = bytes(CODEC.encode(new Request.Hello("1", List.of(1), "trecho-bench"))
                + "\n"
                + CODEC.encode(new Request.Subscribe("2", List.of("board")))
                + "\n");
        for (int i = 0; i < count; i++) {
            if (!handshakes.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IOException("handshakes did not finish in time");
            }
            checkFailure();
            SocketChannel channel = RawSockets.connect(address, handshake);
            arriving.add(new Subscriber(channel, System.nanoTime()));
            selector.wakeup();
        }
        awaitSubscribed(count, deadline);
    }

    private synchronized void awaitSubscribed(int count, long deadline) throws IOException, InterruptedException {
        while (subscribedCount < count && failure == null) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new IOException("subscriptions did not finish in time");
            }
            wait(left);
        }
        checkFailure();
    }

    private synchronized void checkFailure() throws IOException {
        if (failure != null) {
            throw new IOException(failure);
        }
    }

    private synchronized void failed(String why) {
        if (failure == null) {
            failure = why;
        }
        handshakes.release(HANDSHAKES_IN_FLIGHT);
        notifyAll();
    }

    private synchronized void subscribedOne() {
        subscribedCount++;
        notifyAll();
    }

    private void loop() {
        long lastPingTick = System.nanoTime();
        try {
            while (!closing) {
                // Each ready key straight to its reader: through the selected-key set every select also
                // cleared that set's table, sized for all 10,000 subscribers (~5% of the bench's CPU).
                selector.select(this::ready, SELECT_TIMEOUT_MS);
                register();
                long now = System.nanoTime();
                if (heartbeatNanos != Long.MAX_VALUE && now - lastPingTick >= PING_TICK_NANOS) {
                    lastPingTick = now;
                    pingIdle(now);
                }
            }
        } catch (IOException | RuntimeException e) {
            failed("subscriber loop failed: " + e);
            problems.add("subscriber loop failed: " + e);
        } finally {
            closeAll();
        }
    }

    private void register() throws IOException {
        Subscriber s;
        while ((s = arriving.poll()) != null) {
            s.channel.register(selector, SelectionKey.OP_READ, s);
            subscribers.add(s);
        }
    }

    private void ready(SelectionKey key) {
        if (key.isValid() && key.isReadable()) {
            read(key);
        }
    }

    private void read(SelectionKey key) {
        Subscriber s = (Subscriber) key.attachment();
        readBuffer.clear();
        int n;
        try {
            n = s.channel.read(readBuffer);
        } catch (IOException e) {
            lost(key, s, "read failed: " + e.getMessage());
            return;
        }
        if (n < 0) {
            lost(key, s, "the server closed the connection");
            return;
        }
        s.lines.feed(readBuffer.array(), 0, n, (buf, from, length) -> line(key, s, buf, from, length));
    }

    private void line(SelectionKey key, Subscriber s, byte[] buf, int from, int length) {
        if (!s.channel.isOpen()) {
            return; // lost earlier in this read: the rest of its lines tell nothing more
        }
        if (s.subscribed && indexOf(buf, from, length, AVAILABILITY) >= 0) {
            Watch w = watch;
            if (w != null && s.reported != w && indexOf(buf, from, length, w.segmentMarker()) >= 0) {
                s.reported = w;
                w.seen().accept(System.nanoTime());
            }
        } else if (!s.subscribed || indexOf(buf, from, length, PING_OK) < 0) {
            message(key, s, new String(buf, from, length, StandardCharsets.UTF_8));
        }
    }

    /** A line that is neither an availability event nor a heartbeat's answer: the handshake, or trouble. */
    private void message(SelectionKey key, Subscriber s, String line) {
        Message message;
        try {
            message = CODEC.decodeServerMessage(line);
        } catch (ProtocolException e) {
            lost(key, s, "the server sent an invalid line: " + e.getMessage());
            return;
        }
        switch (message) {
            case Response.HelloOk ok
            when ok.heartbeatMs() != null ->
                heartbeatNanos = Math.min(heartbeatNanos, TimeUnit.MILLISECONDS.toNanos(ok.heartbeatMs()));
            case Response.SubscribeOk ok -> {
                s.subscribed = true;
                handshakes.release();
                subscribedOne();
            }
            case Response.Error error -> {
                String why = "the server refused a subscriber: " + error.error().code() + " "
                        + error.error().message();
                if (s.subscribed) {
                    lost(key, s, why);
                } else {
                    failed(why);
                }
            }
            case Event.Resync resync -> problems.add("a subscriber was told to resync: " + resync.reason());
            case Event.Shutdown shutdown -> lost(key, s, "the server shuts down: " + shutdown.reason());
            default -> {
                // hello.ok from an old server, other events: nothing to time
            }
        }
    }

    private void pingIdle(long now) {
        for (Subscriber s : subscribers) {
            if (s.subscribed && s.channel.isOpen() && now - s.lastSentNanos >= heartbeatNanos) {
                try {
                    int written = s.channel.write(ByteBuffer.wrap(ping));
                    if (written < ping.length) {
                        throw new IOException("the socket is full");
                    }
                    s.lastSentNanos = now;
                } catch (IOException e) {
                    lost(s.channel.keyFor(selector), s, "heartbeat failed: " + e.getMessage());
                }
            }
        }
    }

    private void lost(SelectionKey key, Subscriber s, String why) {
        if (key != null) {
            key.cancel();
        }
        closeQuietly(s.channel);
        if (s.subscribed) {
            synchronized (this) {
                lostCount++;
            }
            problems.add("a subscriber lost its connection: " + why);
        } else {
            failed(why);
        }
    }

    private void closeAll() {
        arriving.forEach(s -> closeQuietly(s.channel));
        subscribers.forEach(s -> closeQuietly(s.channel));
        try {
            selector.close();
        } catch (IOException e) {
            problems.add("closing the selector failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
