package app.trecho.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.Codec;
import app.trecho.protocol.Event;
import app.trecho.protocol.Message;
import app.trecho.protocol.Response;
import app.trecho.protocol.SharedAnswer;
import app.trecho.protocol.SharedEvent;
import app.trecho.protocol.model.SegmentInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The bounded outbound queue: overflow drops events for one resync, answers are kept, seq has no
 * gaps, a channel that takes only part leaves the connection backed up, and events from other
 * threads ask the loop for one flush.
 */
class OutboundTest {
    private final Codec codec = new Codec();
    private final FakeChannel channel = new FakeChannel();
    private final Queue<Runnable> loop = new ArrayDeque<>();
    private final AtomicInteger flushes = new AtomicInteger();
    private final AtomicInteger overflows = new AtomicInteger();

    /** A socket that takes only {@link #room} more bytes: a client that reads that much and no more. */
    static final class FakeChannel implements GatheringByteChannel {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long room = Long.MAX_VALUE;
        boolean broken;

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            if (broken) {
                throw new IOException("connection reset");
            }
            long wrote = 0;
            for (int i = offset; i < offset + length && room > 0; i++) {
                ByteBuffer b = srcs[i];
                int n = (int) Math.min(b.remaining(), room);
                byte[] chunk = new byte[n];
                b.get(chunk);
                bytes.write(chunk, 0, n);
                room -= n;
                wrote += n;
            }
            return wrote;
        }

        @Override
        public long write(ByteBuffer[] srcs) throws IOException {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return (int) write(new ByteBuffer[] {src});
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }

    private Outbound outbound(int capacity) {
        return new Outbound(
                1, channel, codec, capacity, loop::add, flushes::incrementAndGet, overflows::incrementAndGet);
    }

    private SharedEvent availability() {
        return new SharedEvent(codec, seq -> new Event.Availability(seq, "TR1001-2026-11-27", 10, 20));
    }

    private static Answer ping(String id) {
        return Answer.of(new Response.PingOk(id, Instant.EPOCH));
    }

    private List<Message> written() throws Exception {
        List<Message> messages = new ArrayList<>();
        for (String line : channel.bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                messages.add(codec.decodeServerMessage(line));
            }
        }
        return messages;
    }

    @Test
    void answersAreWrittenInOrderByOneFlush() throws Exception {
        Outbound out = outbound(8);
        out.answer(ping("a"));
        out.answerUtf8(new SharedAnswer(codec, id -> new Response.PingOk(id, Instant.EPOCH)).utf8("b"));
        assertTrue(out.flush());
        assertTrue(out.drained());
        List<Message> written = written();
        assertEquals(
                List.of("a", "b"),
                written.stream().map(m -> ((Response) m).id()).toList());
        assertTrue(loop.isEmpty(), "answers come from the loop itself, which flushes: nothing is scheduled");
    }

    @Test
    void eventsFromOtherThreadsAskTheLoopForOneFlush() throws Exception {
        Outbound out = outbound(8);
        out.send(availability());
        out.send(availability());
        assertEquals(1, loop.size(), "one flush for both events");
        loop.poll().run();
        assertEquals(1, flushes.get());
        assertTrue(out.flush());
        out.send(availability());
        assertEquals(1, loop.size(), "after a flush, the next event schedules another");
        assertTrue(out.flush());
        assertEquals(
                List.of(1L, 2L, 3L),
                written().stream().map(m -> ((Event) m).seq()).toList());
    }

    @Test
    void aChannelThatTakesOnlyPartLeavesTheRestForWhenItIsWritable() throws Exception {
        Outbound out = outbound(8);
        channel.room = 10;
        out.answer(ping("first"));
        out.answer(ping("second"));
        assertFalse(out.flush(), "the channel took 10 bytes and no more");
        assertTrue(out.backedUp());
        assertFalse(out.drained());
        assertEquals(10, channel.bytes.size());
        channel.room = Long.MAX_VALUE;
        assertTrue(out.flush());
        assertFalse(out.backedUp());
        assertEquals(
                List.of("first", "second"),
                written().stream().map(m -> ((Response) m).id()).toList());
    }

    @Test
    void aSharedAnswerWrittenAFewBytesAtATimeArrivesWholeForEachAsker() throws Exception {
        Response.BoardGetOk board = board("-");
        SharedAnswer shared = new SharedAnswer(codec, id -> board(id));
        Outbound out = outbound(8);
        out.answerUtf8(shared.utf8("first"));
        out.answer(ping("between"));
        out.answerUtf8(shared.utf8("ünïcode"));
        for (int step = 0; step < 10_000 && !out.drained(); step++) {
            channel.room = 7; // a client reading seven bytes at a time: parts end mid-write
            out.flush();
        }
        assertTrue(out.drained());
        assertEquals(
                codec.encode(board("first")) + "\n"
                        + codec.encode(ping("between").response()) + "\n" + codec.encode(board("ünïcode")) + "\n",
                channel.bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFullBatchOfSharedAnswersFitsOneGatheringWrite() throws Exception {
        SharedAnswer shared = new SharedAnswer(codec, id -> board(id));
        Outbound out = outbound(256);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 200; i++) { // more than a batch of 64, each line in four buffers
            out.answerUtf8(shared.utf8("q" + i));
            expected.append(codec.encode(board("q" + i))).append('\n');
        }
        assertTrue(out.flush());
        assertEquals(expected.toString(), channel.bytes.toString(StandardCharsets.UTF_8));
    }

    private static Response.BoardGetOk board(String id) {
        return new Response.BoardGetOk(
                id,
                List.of(new SegmentInfo(
                        "TR1201-2026-11-27",
                        "TR1201",
                        "GRU",
                        "BSB",
                        Instant.parse("2026-11-27T10:15:00Z"),
                        Instant.parse("2026-11-27T12:00:00Z"),
                        45900,
                        87,
                        180)));
    }

    @Test
    void overflowDropsQueuedEventsForOneResyncAndKeepsAnswers() throws Exception {
        Outbound out = outbound(8);
        channel.room = 0; // the client reads nothing
        out.answer(ping("first"));
        assertFalse(out.flush());
        for (int i = 0; i < 100; i++) {
            out.send(availability());
        }
        out.answer(ping("last"));
        channel.room = Long.MAX_VALUE;
        assertTrue(out.flush());

        List<Message> written = written();
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
        assertEquals(0, overflows.get());
    }

    @Test
    void aQueueFullOfWhatCannotBeDroppedDisconnects() throws Exception {
        Outbound out = outbound(4);
        channel.room = 0;
        for (int i = 0; i < 4; i++) {
            out.sendUrgent(new SharedEvent(codec, seq -> new Event.Resync(seq, "reload")));
        }
        assertEquals(0, overflows.get());
        out.sendUrgent(new SharedEvent(codec, seq -> new Event.Shutdown(seq, "bye")));
        assertEquals(1, overflows.get(), "the fifth cannot be queued and nothing can be dropped");
        out.send(availability());
        assertEquals(1, overflows.get(), "closed: later messages are ignored");
        assertTrue(out.drained());
    }

    @Test
    void anAnswerWithItsBytesIsWrittenAsThoseBytesNotEncodedAgain() throws Exception {
        Outbound out = outbound(4);
        // The bytes say ping.ok for "a" at 1970; the response beside them (for logs) another time.
        String remembered = codec.encode(new Response.PingOk(null, Instant.EPOCH));
        channel.room = 7; // a few bytes at a time: the parts' positions carry over between writes
        out.answer(new Answer(
                new Response.PingOk("a", Instant.parse("2026-11-28T00:00:00Z")),
                SharedAnswer.withIdUtf8(codec, remembered, "a")));
        assertFalse(out.flush());
        while (!out.flush()) {
            channel.room = 7;
        }
        assertEquals(
                codec.encode(new Response.PingOk("a", Instant.EPOCH)) + "\n",
                channel.bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFailedWriteIsTheCallersToHandle() {
        Outbound out = outbound(4);
        channel.broken = true;
        out.answer(ping("x"));
        assertThrows(IOException.class, out::flush);
    }

    @Test
    void afterCloseNothingIsQueued() throws Exception {
        Outbound out = outbound(4);
        out.close();
        out.answer(ping("x"));
        out.send(availability());
        assertTrue(loop.isEmpty());
        assertTrue(out.flush());
        assertEquals(0, channel.bytes.size());
    }
}
