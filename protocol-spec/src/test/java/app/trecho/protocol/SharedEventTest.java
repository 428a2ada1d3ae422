package app.trecho.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An event encoded once and numbered per connection is exactly the event encoded with that number. */
class SharedEventTest {
    private final Codec codec = new Codec();

    @ParameterizedTest
    @EnumSource(
            value = MessageType.class,
            names = {"EVENT_AVAILABILITY", "EVENT_SEAT", "EVENT_HOLD_EXPIRED", "EVENT_RESYNC", "EVENT_SHUTDOWN"})
    void theSplicedLineIsTheEncodedEventForEverySeq(MessageType type) {
        RandomMessages messages = new RandomMessages(9_000L + type.ordinal());
        for (int i = 0; i < 200; i++) {
            Event event = (Event) messages.next(type);
            SharedEvent shared = new SharedEvent(codec, seq -> withSeq(event, seq));
            for (long seq : List.of(0L, 1L, 42L, event.seq(), FieldRules.MAX_SAFE_INTEGER)) {
                assertEquals(codec.encode(withSeq(event, seq)), shared.line(seq));
                assertEquals(withSeq(event, seq), shared.event(seq));
            }
            assertEquals(event.getClass(), shared.type());
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = MessageType.class,
            names = {"EVENT_RESYNC", "EVENT_SHUTDOWN"})
    void aReasonThatLooksLikeTheSeqMemberDoesNotFoolIt(MessageType type) {
        String tricky = "{\"seq\":0,\"seq\":0}";
        LongFunction<Event> build = type == MessageType.EVENT_RESYNC
                ? seq -> new Event.Resync(seq, tricky)
                : seq -> new Event.Shutdown(seq, tricky);
        SharedEvent shared = new SharedEvent(codec, build);
        assertEquals(codec.encode(build.apply(77)), shared.line(77));
    }

    private static Event withSeq(Event e, long seq) {
        return switch (e) {
            case Event.Availability a -> new Event.Availability(seq, a.segment(), a.seatsFree(), a.seatsTotal());
            case Event.Seat s -> new Event.Seat(seq, s.segment(), s.changes(), s.version());
            case Event.HoldExpired h -> new Event.HoldExpired(seq, h.holdId(), h.segments());
            case Event.Resync r -> new Event.Resync(seq, r.reason());
            case Event.Shutdown s -> new Event.Shutdown(seq, s.reason());
        };
    }
}
