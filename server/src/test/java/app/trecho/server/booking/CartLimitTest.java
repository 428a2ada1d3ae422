package app.trecho.server.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.model.Hold;
import app.trecho.server.state.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An account's cart is bounded: the protocol can list at most 100 holds in a cart. */
class CartLimitTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final RecordingLog log = new RecordingLog();
    private final BookingCore core = new BookingCore(
            SampleNetwork.create(LocalDate.of(2026, 11, 26)), clock, Duration.ofMinutes(10), log, new Random(3));

    @Test
    void theHundredAndFirstHoldIsRefusedWithCartFullUntilOneIsReleased() {
        String segment = core.board(LocalDate.of(2026, 11, 27), null).getFirst().segment();
        Hold first = null;
        for (int i = 0; i < BookingCore.MAX_HOLDS_PER_ACCOUNT; i++) {
            var held = assertInstanceOf(Outcome.Ok.class, core.hold("ana", List.of(segment), 1, null));
            if (first == null) {
                first = (Hold) held.value();
            }
        }
        int changesBefore = log.changes().size();

        var refused = assertInstanceOf(Outcome.Rejected.class, core.hold("ana", List.of(segment), 1, null));
        assertEquals(ErrorCode.CART_FULL, refused.code());
        assertEquals(changesBefore, log.changes().size(), "a refusal changes nothing");
        assertEquals(BookingCore.MAX_HOLDS_PER_ACCOUNT, core.cart("ana").size());
        assertInstanceOf(
                Outcome.Ok.class, core.hold("bob", List.of(segment), 1, null), "other accounts are unaffected");

        assertInstanceOf(Outcome.Ok.class, core.release("ana", first.holdId()));
        assertInstanceOf(Outcome.Ok.class, core.hold("ana", List.of(segment), 1, null));
    }
}
