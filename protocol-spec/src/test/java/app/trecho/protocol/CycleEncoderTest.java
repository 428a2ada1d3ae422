package app.trecho.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.HeldSegment;
import app.trecho.protocol.model.Hold;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CycleEncoderTest {
    private static final EnumSet<MessageType> WRITTEN_DIRECTLY = EnumSet.of(
            MessageType.HOLD_CREATE,
            MessageType.CART_PURCHASE,
            MessageType.BOOKING_CANCEL,
            MessageType.HOLD_CREATE_OK,
            MessageType.CART_PURCHASE_OK,
            MessageType.BOOKING_CANCEL_OK);
    /** Nothing here needs escaping: '/', DEL, line separators and other non-ASCII are written as they are. */
    private static final String PLAIN = "abcXYZ019 -_.:/~\u007fé€ßÆЖ中\u2028\u2029\ufffd";

    private final Codec codec = new Codec();

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void everyMessageIsEncodedAsTheMapperEncodesIt(MessageType type) {
        RandomMessages random = new RandomMessages(type.ordinal());
        int direct = 0;
        for (int i = 0; i < 2_000; i++) {
            Message m = random.next(type);
            assertEquals(codec.encodeByMapper(m), codec.encode(m), () -> m.toString());
            direct += CycleEncoder.encode(m) != null ? 1 : 0;
        }
        if (WRITTEN_DIRECTLY.contains(type)) {
            assertTrue(direct > 0, "random ids without escapes take the direct path: " + direct);
        } else {
            assertEquals(0, direct, "only a booking cycle's messages are written directly");
        }
    }

    @Test
    void plainTextAndEveryNullableFieldTakeTheDirectPath() {
        Random r = new Random(7);
        for (int i = 0; i < 3_000; i++) {
            for (Message m : cycle(r)) {
                String line = CycleEncoder.encode(m);
                assertNotNull(line, () -> "written directly: " + m);
                assertEquals(codec.encodeByMapper(m), line, () -> m.toString());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\"b", "a\\b", "a\nb", "a\tb", "\u0000", "\u001f", "\ud83d\ude00", "\ud800"})
    void textThatNeedsEscapingIsLeftToTheMapper(String text) {
        Instant at = Instant.parse("2026-11-27T10:15:30Z");
        HeldSegment segment = new HeldSegment("TR1001-2026-11-27", "TR1001", "LIS", "OPO", at, List.of("12A"));
        List<Message> messages = List.of(
                new Request.HoldCreate(text, "key-1", List.of("s"), 1, null),
                new Request.CartPurchase("1", text, null),
                new Request.BookingCancel("1", "key-1", text),
                new Response.HoldCreateOk("1", new Hold("h", List.of(seated(segment, text)), 1, 100, at)),
                new Response.CartPurchaseOk("1", new Booking(text, List.of(segment), 1, 100, at)),
                new Response.BookingCancelOk(text, "ABCDEF"));
        for (Message m : messages) {
            assertNull(CycleEncoder.encode(m), () -> m.toString());
            assertEquals(codec.encodeByMapper(m), codec.encode(m));
        }
    }

    @Test
    void aThreadsBufferStartsEmptyForEachMessage() {
        Instant at = Instant.parse("2026-11-27T10:15:30Z");
        HeldSegment segment = new HeldSegment("TR1001-2026-11-27", "TR1001", "LIS", "OPO", at, List.of("12A"));
        List<HeldSegment> many = Collections.nCopies(20, segment);
        List<Message> inTurn = List.of(
                new Response.CartPurchaseOk("1", new Booking("ABCDEF", many, 9, 100, at)), // grows the buffer
                new Request.BookingCancel("1", "key-1", "a\"b"), // abandoned half-way, for the mapper
                new Request.BookingCancel("2", "key-2", "ABCDEF"),
                new Response.BookingCancelOk("3", "ABCDEF"));
        for (Message m : inTurn) {
            assertEquals(codec.encodeByMapper(m), codec.encode(m), () -> m.toString());
        }
    }

    @Test
    void threadsEncodingAtOnceDoNotShareABuffer() throws Exception {
        int threads = 4;
        try (var pool = Executors.newFixedThreadPool(threads)) {
            var start = new CountDownLatch(1);
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    start.await();
                    Random r = new Random(seed);
                    int checked = 0;
                    for (int i = 0; i < 2_000; i++) {
                        for (Message m : cycle(r)) {
                            assertEquals(codec.encodeByMapper(m), codec.encode(m), () -> m.toString());
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            start.countDown();
            for (var f : done) {
                assertEquals(12_000, f.get());
            }
        }
    }

    private static HeldSegment seated(HeldSegment s, String seat) {
        return new HeldSegment(s.segment(), s.flight(), s.from(), s.to(), s.departure(), List.of(seat));
    }

    @Test
    void theLineOfAHoldAnswerIsTheDocumentedOne() {
        Instant departure = Instant.parse("2026-11-27T08:05:00Z");
        Hold hold = new Hold(
                "h-1",
                List.of(new HeldSegment("TR1001-2026-11-27", "TR1001", "LIS", "OPO", departure, List.of("1A", "1B"))),
                2,
                12_345,
                Instant.parse("2026-11-27T07:15:00.250Z"));
        assertEquals(
                "{\"type\":\"hold.create.ok\",\"hold\":{\"holdId\":\"h-1\",\"segments\":[{\"segment\":"
                        + "\"TR1001-2026-11-27\",\"flight\":\"TR1001\",\"from\":\"LIS\",\"to\":\"OPO\",\"departure\":"
                        + "\"2026-11-27T08:05:00Z\",\"seats\":[\"1A\",\"1B\"]}],\"passengers\":2,\"priceCents\":12345,"
                        + "\"expiresAt\":\"2026-11-27T07:15:00.250Z\"}}",
                CycleEncoder.encode(new Response.HoldCreateOk(null, hold)));
    }

    /** One of each of the six messages, with plain text and each nullable part null at random. */
    private static List<Message> cycle(Random r) {
        List<String> segments = r.nextInt(6) == 0 ? null : texts(r, 1 + r.nextInt(3));
        List<List<String>> seats =
                r.nextBoolean() ? null : Arrays.asList(texts(r, 2), r.nextInt(4) == 0 ? null : texts(r, 1), List.of());
        List<HeldSegment> held =
                r.nextInt(5) == 0 ? null : Arrays.asList(heldSegment(r), r.nextInt(4) == 0 ? null : heldSegment(r));
        long cents = r.nextInt(3) == 0 ? -r.nextLong(1_000) : r.nextLong(Long.MAX_VALUE);
        return List.of(
                new Request.HoldCreate(maybe(r), maybe(r), segments, r.nextInt(21) - 10, seats),
                new Request.CartPurchase(maybe(r), maybe(r), r.nextBoolean() ? null : texts(r, r.nextInt(3))),
                new Request.BookingCancel(maybe(r), maybe(r), maybe(r)),
                new Response.HoldCreateOk(
                        maybe(r), r.nextInt(6) == 0 ? null : new Hold(maybe(r), held, r.nextInt(), cents, instant(r))),
                new Response.CartPurchaseOk(
                        maybe(r),
                        r.nextInt(6) == 0 ? null : new Booking(maybe(r), held, r.nextInt(9), cents, instant(r))),
                new Response.BookingCancelOk(maybe(r), maybe(r)));
    }

    private static HeldSegment heldSegment(Random r) {
        return new HeldSegment(
                maybe(r), maybe(r), maybe(r), maybe(r), instant(r), r.nextInt(4) == 0 ? null : texts(r, 3));
    }

    /** Null in a fifth of the cases, else plain text, sometimes empty. */
    private static String maybe(Random r) {
        return r.nextInt(5) == 0 ? null : text(r);
    }

    private static String text(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(12); i > 0; i--) {
            b.append(PLAIN.charAt(r.nextInt(PLAIN.length())));
        }
        return b.toString();
    }

    private static List<String> texts(Random r, int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextInt(8) == 0 ? null : text(r);
        }
        return Arrays.asList(out);
    }

    private static Instant instant(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> null;
            case 1 -> Instant.ofEpochSecond(r.nextLong(253_402_300_800L)); // up to 9999-12-31
            case 2 -> Instant.ofEpochSecond(r.nextLong(4_000_000_000L), 1_000_000L * r.nextInt(1_000));
            case 3 -> Instant.ofEpochSecond(r.nextLong(4_000_000_000L), r.nextInt(1_000_000_000));
            default -> Instant.ofEpochSecond(-r.nextLong(100_000_000_000L)); // before year 0: toString
        };
    }
}
