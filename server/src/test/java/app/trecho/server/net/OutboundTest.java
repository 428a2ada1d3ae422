package app.trecho.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.Codec;
import app.trecho.protocol.Event;
import app.trecho.protocol.LineWriter;
import app.trecho.protocol.Message;
import app.trecho.protocol.Response;
import app.trecho.protocol.SharedEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bounded outbound queue: overflow drops events for one resync, responses are kept, seq has no gaps. */
class OutboundTest {
    private final Codec codec = new Codec();

    /** An output that blocks every write until released: a client that does not read. */
    static final class GatedOutput extends OutputStream {
        final CountDownLatch gate = new CountDownLatch(1);
        /** Counts down when the writer first reaches the socket: from then on it is stuck until the gate opens. */
        final CountDownLatch entered = new CountDownLatch(1);

        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            entered.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                throw new IOException("interrupted", e);
            }
            synchronized (bytes) {
                bytes.write(b, off, len);
            }
        }
    }

    static final class RecordingCloser implements Outbound.Closer {
        final CountDownLatch done = new CountDownLatch(1);
        volatile boolean overflowed;
        volatile boolean clean;

        @Override
        public void writerDone(boolean clean) {
            this.clean = clean;
            done.countDown();
        }

        @Override
        public void overflowed() {
            overflowed = true;
        }
    }

    @Test
    void overflowDropsQueuedEventsForOneResyncAndKeepsResponses() throws Exception {
        GatedOutput out = new GatedOutput();
        RecordingCloser closer = new RecordingCloser();
        Outbound outbound = new Outbound(1, new LineWriter(out), codec, 8, Duration.ofSeconds(30), closer);
        outbound.start();
        outbound.reply(new Response.PingOk("first", java.time.Instant.EPOCH));
        assertTrue(out.entered.await(10, TimeUnit.SECONDS), "the writer took the first reply and blocks on the gate");
        for (int i = 0; i < 100; i++) {
            outbound.send(new SharedEvent(codec, seq -> new Event.Availability(seq, "TR1001-2026-11-27", 10, 20)));
        }
        outbound.reply(new Response.PingOk("last", java.time.Instant.EPOCH));
        out.gate.countDown();
        outbound.finish();
        assertTrue(closer.done.await(10, TimeUnit.SECONDS));

        List<Message> written = decode(out);
        assertEquals("first", ((Response) written.getFirst()).id());
        assertTrue(written.stream().anyMatch(Event.Resync.class::isInstance), "a resync replaces the dropped events");
        assertTrue(written.stream().anyMatch(m -> m instanceof Response r && "last".equals(r.id())));
        assertTrue(written.size() < 20, "most events were dropped: " + written.size());
        long expected = 1;
        for (Message m : written) {
            if (m instanceof Event e) {
                assertEquals(expected++, e.seq(), "delivered events have no seq gaps");
            }
        }
        assertTrue(!closer.overflowed);
    }

    @Test
    void queueFullOfResponsesDisconnects() throws Exception {
        GatedOutput out = new GatedOutput();
        RecordingCloser closer = new RecordingCloser();
        Outbound outbound = new Outbound(2, new LineWriter(out), codec, 4, Duration.ofMillis(50), closer);
        outbound.start();
        outbound.reply(new Response.PingOk("p0", java.time.Instant.EPOCH));
        assertTrue(out.entered.await(10, TimeUnit.SECONDS), "the writer took the first reply and blocks on the gate");
        for (int i = 1; i < 10; i++) {
            outbound.reply(new Response.PingOk("p" + i, java.time.Instant.EPOCH));
        }
        assertTrue(closer.overflowed);
        out.gate.countDown();
        assertTrue(outbound.awaitDone(Duration.ofSeconds(10)));
    }

    @Test
    void anAnswerWithNothingQueuedIsWrittenOnTheCallersThread() throws Exception {
        List<Thread> writers = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                writers.add(Thread.currentThread());
                bytes.write(b, off, len);
            }
        };
        RecordingCloser closer = new RecordingCloser();
        Outbound outbound = new Outbound(3, new LineWriter(out), codec, 8, Duration.ofSeconds(30), closer);
        outbound.start();

        outbound.answer(new Response.PingOk("now", java.time.Instant.EPOCH));

        synchronized (out) {
            assertEquals(List.of(Thread.currentThread()), writers, "no hand-off to the writer thread");
            assertEquals(
                    "now",
                    ((Response) codec.decodeServerMessage(
                                    bytes.toString(StandardCharsets.UTF_8).strip()))
                            .id());
        }
        outbound.finish();
        assertTrue(closer.done.await(10, TimeUnit.SECONDS));
        assertTrue(closer.clean);
    }

    @Test
    void anAnswerWhileTheWriterIsBusyIsQueuedBehindWhatItHoldsWithoutBlocking() throws Exception {
        GatedOutput out = new GatedOutput();
        RecordingCloser closer = new RecordingCloser();
        Outbound outbound = new Outbound(4, new LineWriter(out), codec, 8, Duration.ofSeconds(30), closer);
        outbound.start();
        outbound.send(new SharedEvent(codec, seq -> new Event.Availability(seq, "TR1001-2026-11-27", 10, 20)));
        assertTrue(out.entered.await(10, TimeUnit.SECONDS), "the writer took the event and blocks on the gate");

        outbound.answer(new Response.PingOk("after-event", java.time.Instant.EPOCH)); // returns: queued

        out.gate.countDown();
        outbound.finish();
        assertTrue(closer.done.await(10, TimeUnit.SECONDS));
        String[] lines;
        synchronized (out.bytes) {
            lines = out.bytes.toString(StandardCharsets.UTF_8).split("\n");
        }
        assertEquals(2, lines.length);
        assertInstanceOf(Event.Availability.class, codec.decodeServerMessage(lines[0]));
        assertEquals("after-event", ((Response) codec.decodeServerMessage(lines[1])).id());
    }

    @Test
    void aFailedInlineWriteStopsTheWriterAndClosesTheConnection() throws Exception {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("connection reset");
            }
        };
        RecordingCloser closer = new RecordingCloser();
        Outbound outbound = new Outbound(5, new LineWriter(broken), codec, 8, Duration.ofSeconds(30), closer);
        outbound.start();

        outbound.answer(new Response.PingOk("lost", java.time.Instant.EPOCH));

        assertTrue(closer.done.await(10, TimeUnit.SECONDS), "the writer thread stopped");
        assertTrue(!closer.clean, "closed as failed, so the socket is closed at once");
    }

    private List<Message> decode(GatedOutput out) throws Exception {
        String text;
        synchronized (out.bytes) {
            text = out.bytes.toString(StandardCharsets.UTF_8);
        }
        List<Message> messages = new ArrayList<>();
        for (String line : text.split("\n")) {
            messages.add(codec.decodeServerMessage(line));
        }
        assertInstanceOf(Response.PingOk.class, messages.getFirst());
        return messages;
    }
}
