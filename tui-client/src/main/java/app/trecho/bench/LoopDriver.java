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
import app.trecho.protocol.model.ErrorBody;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Customers that each ask one question at a time on their own raw connection, all driven by one
 * platform thread with a selector: send a request, wait for its answer, record the latency, send the
 * next. Through the client library every customer costs a reader thread and a waiting thread, with
 * a park, an unpark and an epoll re-arm around every answer; on a 2-core machine the bench then took
 * about as much CPU per request as the server did, so the figure measured both. Here a request costs
 * the bench one {@code write}, one {@code read} and a look at the answer's first bytes; the one field
 * a {@link Conversation} may need is read from the bytes ({@link AnswerField}), and only errors and
 * events are decoded.
 *
 * <p>Closed loop by default; with a rate each customer keeps a fixed schedule, and latency counts
 * from the intended start, so pacing does not hide queueing. No reconnect: a lost connection is an
 * error and that customer stops.
 */
final class LoopDriver {
    private static final Codec CODEC = new Codec();
    private static final byte[] TYPE_PREFIX = bytes("{\"type\":\"");
    private static final int READ_BUFFER_BYTES = 256 * 1024;
    /** How long answers still in flight at the end may take before their customers are dropped. */
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(30);

    private static final long SETUP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** Set-up requests in flight at once: registration hashes a password, slowly on purpose. */
    private static final int SETUPS_IN_FLIGHT = 64;

    private static final long PING_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final String HEARTBEAT_ID = "hb";
    private static final byte[] HEARTBEAT_ID_MARKER = bytes("\"id\":\"" + HEARTBEAT_ID + "\"");

    /** One request: the operation it is recorded under, its encoded line, the answer's field it needs (or null). */
    record Question(String operation, String line, AnswerField wants) {}

    /** One customer's side of the conversation: what it asks next, given how its last question went. */
    interface Conversation {
        /** The next question, to be sent with request id {@code id}; null when it has nothing to ask. */
        Question next(String id);

        /** The last question succeeded; {@code wanted} is the value of the field it {@link Question#wants}, or null. */
        void answered(String wanted);

        /** The last question was refused with {@code code}. */
        void refused(String code);

        /** A request to make once after the greeting (e.g. registering), not measured; null for none. */
        default String setup(String id) {
            return null;
        }
    }

    /** Makes the {@code index}th customer's conversation, with its own random numbers. */
    @FunctionalInterface
    interface Customers {
        Conversation conversation(int index, SplittableRandom random);
    }

    /** Where a customer is before it may ask its questions. */
    private enum Stage {
        /** Its hello is out; hello.ok not yet in. */
        GREETING,
        /** Greeted; its set-up request waits for its turn or for its answer. */
        SETTING_UP,
        /** It may ask its questions. */
        READY
    }

    private static final class Customer {
        final SocketChannel channel;
        final Conversation conversation;
        final LineAssembler lines = new LineAssembler();
        Stage stage = Stage.GREETING;
        boolean stopped;
        long lastSentNanos;
        long nextId;
        Question asked;
        byte[] idMarker;
        long startedNanos;
        long slotNanos;
        ByteBuffer unsent;

        Customer(SocketChannel channel, Conversation conversation) {
            this.channel = channel;
            this.conversation = conversation;
        }
    }

    private final Metrics metrics;
    private final Selector selector;
    private final List<Customer> customers = new ArrayList<>();
    private final PriorityQueue<Customer> waiting =
            new PriorityQueue<>((a, b) -> Long.compare(a.slotNanos, b.slotNanos));
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES);
    private final long intervalNanos;
    private long endNanos = Long.MAX_VALUE;
    private int readyCount;
    /** Customers with a question in flight. */
    private int busy;
    /** Customers whose connection was lost: they ask nothing more. */
    private int lost;

    private String setupFailure;
    /** The shortest heartbeat a hello.ok announced: a customer silent that long sends a ping. */
    private long heartbeatNanos = Long.MAX_VALUE;

    private long lastPingTickNanos;
    /** Greeted customers waiting for their turn to make their set-up request. */
    private final ArrayDeque<Customer> setupQueue = new ArrayDeque<>();
    /** Answered in this turn of the selector: they ask again once all of its answers are taken. */
    private final ArrayDeque<Customer> answered = new ArrayDeque<>();

    private int setupsInFlight;

    /**
     * @param rate requests per second over all customers, or 0 for a closed loop
     */
    private LoopDriver(Metrics metrics, int customerCount, double rate) throws IOException {
        this.metrics = metrics;
        this.selector = Selector.open();
        this.intervalNanos = rate > 0 ? (long) (1e9 * customerCount / rate) : 0;
    }

    /**
     * Opens one connection per conversation, greets the server on each and makes the conversation's
     * set-up request; returns once every customer is ready.
     *
     * @throws BenchContext.SetupException when a connection cannot be opened or is refused
     */
    static LoopDriver open(
            String host, int port, List<Conversation> conversations, Metrics metrics, double rate, long timeoutNanos) {
        LoopDriver driver;
        try {
            driver = new LoopDriver(metrics, conversations.size(), rate);
        } catch (IOException e) {
            throw new BenchContext.SetupException("cannot open a selector: " + e.getMessage(), e);
        }
        try {
            driver.connect(new InetSocketAddress(host, port), conversations);
            driver.awaitReady(System.nanoTime() + timeoutNanos);
            return driver;
        } catch (IOException e) {
            driver.closeAll();
            throw new BenchContext.SetupException(
                    "could not open customer connections: " + BenchContext.rootMessage(e), e);
        }
    }

    private void connect(InetSocketAddress address, List<Conversation> conversations) throws IOException {
        byte[] hello = bytes(CODEC.encode(new Request.Hello("hello", List.of(1), "trecho-bench")) + "\n");
        for (Conversation conversation : conversations) {
            SocketChannel channel = RawSockets.connect(address, hello);
            Customer customer = new Customer(channel, conversation);
            customer.lastSentNanos = System.nanoTime(); // the hello: no heartbeat due yet
            try {
                channel.register(selector, SelectionKey.OP_READ, customer);
            } catch (IOException e) {
                closeQuietly(channel);
                throw e;
            }
            customers.add(customer);
        }
    }

    private void awaitReady(long deadline) throws IOException {
        while (readyCount < customers.size() && setupFailure == null) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new IOException("only " + readyCount + " of " + customers.size() + " set up in time");
            }
            selector.select(Math.min(left, TimeUnit.NANOSECONDS.toMillis(PING_TICK_NANOS)));
            handleReady();
            pingIdle(System.nanoTime());
        }
        if (setupFailure != null) {
            throw new IOException(setupFailure);
        }
    }

    /**
     * Runs every customer from {@code startNanos} until {@code endNanos}, then waits for the answers
     * still in flight, on the calling thread; closes every connection before it returns.
     */
    void run(long startNanos, long endNanos, SplittableRandom random) throws IOException {
        this.endNanos = endNanos;
        long drainDeadline = endNanos + DRAIN_NANOS;
        try {
            for (Customer c : customers) {
                if (c.stopped) {
                    continue; // lost while the others were set up: counted then
                }
                c.slotNanos = startNanos + (intervalNanos == 0 ? 0 : random.nextLong(intervalNanos));
                if (intervalNanos == 0) {
                    ask(c, System.nanoTime());
                } else {
                    waiting.add(c);
                }
            }
            while (true) {
                long now = System.nanoTime();
                if ((now >= endNanos && busy == 0) || lost == customers.size()) {
                    return;
                }
                if (now >= drainDeadline) {
                    for (Customer c : customers) {
                        if (c.asked != null && !c.stopped) {
                            lose(
                                    c,
                                    "no answer within " + TimeUnit.NANOSECONDS.toSeconds(DRAIN_NANOS)
                                            + " s of the end");
                        }
                    }
                    return;
                }
                askDue(now, endNanos);
                long until = waiting.isEmpty() ? endNanos : Math.min(endNanos, waiting.peek().slotNanos);
                long waitNanos = Math.min(until - now, PING_TICK_NANOS);
                if (now >= endNanos) {
                    waitNanos = Math.min(drainDeadline - now, PING_TICK_NANOS);
                }
                if (waitNanos < 1_000_000) {
                    selector.selectNow(); // a slot due within the millisecond select() counts in
                } else {
                    selector.select(TimeUnit.NANOSECONDS.toMillis(waitNanos));
                }
                handleReady();
                pingIdle(System.nanoTime());
            }
        } finally {
            closeAll();
        }
    }

    private void askDue(long now, long end) {
        while (!waiting.isEmpty() && waiting.peek().slotNanos <= now) {
            Customer c = waiting.poll();
            if (c.slotNanos < end && !c.stopped) {
                ask(c, c.slotNanos);
            }
        }
    }

    /**
     * Takes every answer the selector found before asking any next question: a send is a {@code
     * write} that also delivers into the server, and an answer read after hundreds of them was timed
     * late by all of them.
     */
    private void handleReady() {
        for (SelectionKey key : selector.selectedKeys()) {
            Customer c = (Customer) key.attachment();
            if (key.isValid() && key.isWritable()) {
                flush(c);
            }
            if (key.isValid() && key.isReadable()) {
                read(c);
            }
        }
        selector.selectedKeys().clear();
        Customer c;
        while ((c = answered.poll()) != null) {
            next(c);
        }
    }

    /**
     * For tests, on the driver's thread outside a turn: how many customers have something to read
     * now; they stay selected, so the next turn takes them all.
     */
    int readableNow() throws IOException {
        selector.selectNow();
        return (int) selector.selectedKeys().stream()
                .filter(k -> k.isValid() && k.isReadable())
                .count();
    }

    /** Sends the customer's next question, timed from {@code startedNanos}. */
    private void ask(Customer c, long startedNanos) {
        if (c.stopped) {
            return;
        }
        String id = Long.toString(++c.nextId);
        Question question = c.conversation.next(id);
        if (question == null) {
            return;
        }
        c.asked = question;
        c.idMarker = bytes("\"id\":\"" + id + "\"");
        c.startedNanos = startedNanos;
        busy++;
        send(c, question.line());
    }

    private void send(Customer c, String line) {
        ByteBuffer out = ByteBuffer.wrap(bytes(line + "\n"));
        c.lastSentNanos = System.nanoTime();
        try {
            c.channel.write(out);
        } catch (IOException e) {
            lose(c, "write failed: " + e.getMessage());
            return;
        }
        if (out.hasRemaining()) {
            c.unsent = out;
            c.channel.keyFor(selector).interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private void flush(Customer c) {
        try {
            c.channel.write(c.unsent);
        } catch (IOException e) {
            lose(c, "write failed: " + e.getMessage());
            return;
        }
        if (!c.unsent.hasRemaining()) {
            c.unsent = null;
            c.channel.keyFor(selector).interestOps(SelectionKey.OP_READ);
        }
    }

    private void read(Customer c) {
        readBuffer.clear();
        int n;
        try {
            n = c.channel.read(readBuffer);
        } catch (IOException e) {
            lose(c, "read failed: " + e.getMessage());
            return;
        }
        if (n < 0) {
            lose(c, "the server closed the connection");
            return;
        }
        c.lines.feed(readBuffer.array(), 0, n, (buf, from, length) -> line(c, buf, from, length));
    }

    private void line(Customer c, byte[] buf, int from, int length) {
        if (c.stopped) {
            return;
        }
        if (c.stage != Stage.READY) {
            setUp(c, text(buf, from, length));
            return;
        }
        String type = type(buf, from, length);
        if ("ping.ok".equals(type) && indexOf(buf, from, length, HEARTBEAT_ID_MARKER) >= 0) {
            return; // a heartbeat's answer
        }
        if (type == null || type.equals("error") || type.startsWith("event.")) {
            unusual(c, text(buf, from, length));
        } else if (c.asked == null || indexOf(buf, from, length, c.idMarker) < 0) {
            lose(c, "an answer to a request it did not send: " + text(buf, from, length));
        } else if (c.asked.wants() != null) {
            String wanted = c.asked.wants().valueIn(buf, from, length);
            if (wanted == null) {
                lose(c, "an answer without a plain " + c.asked.wants().name() + ": " + text(buf, from, length));
            } else {
                succeeded(c, wanted);
            }
        } else {
            succeeded(c, null);
        }
    }

    /** The greeting's answer, then the set-up request's. */
    private void setUp(Customer c, String line) {
        Message message = decode(c, line);
        if (message instanceof Response.Error error) {
            setupFailure = "the server refused a customer: "
                    + error.error().code().wire() + " " + error.error().message();
        } else if (message instanceof Response.HelloOk hello && c.stage == Stage.GREETING) {
            if (hello.heartbeatMs() != null) {
                heartbeatNanos = Math.min(heartbeatNanos, TimeUnit.MILLISECONDS.toNanos(hello.heartbeatMs()));
            }
            c.stage = Stage.SETTING_UP;
            setupQueue.add(c);
            startSetups();
        } else if (message instanceof Response && c.stage == Stage.SETTING_UP) {
            setupsInFlight--;
            ready(c);
            startSetups();
        }
    }

    /** Makes queued set-up requests while fewer than {@link #SETUPS_IN_FLIGHT} are in flight. */
    private void startSetups() {
        while (setupsInFlight < SETUPS_IN_FLIGHT && !setupQueue.isEmpty()) {
            Customer next = setupQueue.poll();
            String setup = next.conversation.setup("setup");
            if (setup == null) {
                ready(next);
            } else {
                setupsInFlight++;
                send(next, setup);
            }
        }
    }

    /**
     * Sends a ping for each customer that has sent nothing for the server's heartbeat interval and
     * waits for nothing (set up while others are not, or waiting for its open-loop slot): the server
     * closes a connection silent for three of them.
     */
    private void pingIdle(long now) {
        if (heartbeatNanos == Long.MAX_VALUE || now - lastPingTickNanos < PING_TICK_NANOS) {
            return;
        }
        lastPingTickNanos = now;
        for (Customer c : customers) {
            if (c.stage == Stage.READY
                    && !c.stopped
                    && c.asked == null
                    && c.unsent == null
                    && now - c.lastSentNanos >= heartbeatNanos) {
                send(c, CODEC.encode(new Request.Ping(HEARTBEAT_ID)));
            }
        }
    }

    private void ready(Customer c) {
        c.stage = Stage.READY;
        readyCount++;
    }

    /** An error, an event, or a line that is not a message: only errors for our request count. */
    private void unusual(Customer c, String line) {
        Message message = decode(c, line);
        switch (message) {
            case Response.Error error
            when c.asked != null && Long.toString(c.nextId).equals(error.id()) -> {
                Question asked = finish(c);
                metrics.error(asked.operation(), error.error().code().wire());
                c.conversation.refused(error.error().code().wire());
                long retryAfterNanos = retryAfterNanos(error.error());
                if (retryAfterNanos > 0) {
                    nextAfter(c, retryAfterNanos);
                } else {
                    answered.add(c);
                }
            }
            case Response.Error error ->
                lose(
                        c,
                        "the server sent " + error.error().code().wire() + ": "
                                + error.error().message());
            case Event.Shutdown shutdown -> lose(c, "the server shuts down: " + shutdown.reason());
            case Response other -> lose(c, "an answer without its type first: " + line);
            case null, default -> {
                // other events (a resync, expired holds): nothing this customer waits for
            }
        }
    }

    private void succeeded(Customer c, String wanted) {
        long now = System.nanoTime();
        long started = c.startedNanos;
        Question asked = finish(c);
        metrics.record(asked.operation(), now - started);
        c.conversation.answered(wanted);
        answered.add(c);
    }

    private Question finish(Customer c) {
        Question asked = c.asked;
        c.asked = null;
        busy--;
        return asked;
    }

    private void next(Customer c) {
        long now = System.nanoTime();
        if (now >= endNanos) {
            return;
        }
        if (intervalNanos == 0) {
            ask(c, now);
        } else {
            c.slotNanos += intervalNanos;
            if (c.slotNanos <= now) {
                ask(c, c.slotNanos); // behind schedule: the wait counts in its latency
            } else {
                waiting.add(c);
            }
        }
    }

    /** How long a refusal asks the client to wait before asking again ({@code details.retryAfterMs}). */
    private static long retryAfterNanos(ErrorBody error) {
        return error.details() != null && error.details().get("retryAfterMs") instanceof Number millis
                ? TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis.longValue()))
                : 0;
    }

    /**
     * Asks the customer's next question no sooner than {@code delayNanos} from now, as a polite client
     * does after {@code RATE_LIMITED}; its latency counts from then. Open loop keeps the later of that
     * and its next slot.
     */
    private void nextAfter(Customer c, long delayNanos) {
        long due = System.nanoTime() + delayNanos;
        if (due >= endNanos) {
            return;
        }
        c.slotNanos = intervalNanos == 0 ? due : Math.max(c.slotNanos + intervalNanos, due);
        waiting.add(c);
    }

    private Message decode(Customer c, String line) {
        try {
            return CODEC.decodeServerMessage(line);
        } catch (ProtocolException e) {
            lose(c, "the server sent an invalid line: " + e.getMessage());
            return null;
        }
    }

    private void lose(Customer c, String why) {
        if (c.stopped) {
            return;
        }
        c.stopped = true;
        lost++;
        if (c.stage != Stage.READY) {
            setupFailure = why;
        } else if (c.asked != null) {
            Question asked = finish(c);
            metrics.error(asked.operation(), "CONNECTION");
        } else {
            metrics.error("connection", "CONNECTION"); // lost while it waited: no request to blame
        }
        SelectionKey key = c.channel.keyFor(selector);
        if (key != null) {
            key.cancel();
        }
        closeQuietly(c.channel);
    }

    private void closeAll() {
        customers.forEach(c -> closeQuietly(c.channel));
        try {
            selector.close();
        } catch (IOException e) {
            // done with it either way
        }
    }

    /** The answer's type, read from its first member ({@code type} comes first), or null. */
    static String type(byte[] buf, int from, int length) {
        if (length < TYPE_PREFIX.length || indexOf(buf, from, TYPE_PREFIX.length, TYPE_PREFIX) < 0) {
            return null;
        }
        int start = from + TYPE_PREFIX.length;
        for (int i = start; i < from + length; i++) {
            if (buf[i] == '"') {
                return new String(buf, start, i - start, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    private static String text(byte[] buf, int from, int length) {
        return new String(buf, from, length, StandardCharsets.UTF_8);
    }

    /**
     * Greets {@code count} connections, then runs a conversation on each through the warm-up and the
     * measured time, printing progress; a failure of the driver itself is reported as a problem.
     */
    static void drive(BenchContext context, int count, Customers customers, String label) throws InterruptedException {
        BenchOptions options = context.options();
        SplittableRandom random = new SplittableRandom(options.seed());
        List<Conversation> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            all.add(customers.conversation(i, random.split()));
        }
        LoopDriver driver =
                open(options.host(), options.port(), all, context.metrics(), options.rate(), SETUP_TIMEOUT_NANOS);
        long start = System.nanoTime();
        long measureStart = start + options.warmup().toNanos();
        long end = measureStart + options.duration().toNanos();
        if (options.warmup().isZero()) {
            context.metrics().startMeasuring();
        }
        CountDownLatch done = new CountDownLatch(1);
        Thread.ofPlatform().name("bench-driver").daemon().start(() -> {
            try {
                driver.run(start, end, random);
            } catch (IOException | RuntimeException e) {
                context.problems().add("the load driver failed: " + e);
            } finally {
                done.countDown();
            }
        });
        Progress.track(context, label, start, measureStart, end, done);
        context.metrics().stopMeasuring();
    }
}
