package app.trecho.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import app.trecho.protocol.Codec;
import app.trecho.protocol.Request;
import app.trecho.protocol.model.City;
import app.trecho.protocol.model.SegmentInfo;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The book customer's steps, and what it does after a refusal. */
class BookCycleTest {
    private static final Codec CODEC = new Codec();

    private final Catalog catalog = new Catalog(
            List.of(new City("GRU", "São Paulo"), new City("GIG", "Rio de Janeiro")),
            List.of(segment("TR1001-2026-11-27"), segment("TR1002-2026-11-27"), segment("TR1003-2026-11-27")),
            List.of(),
            List.of(LocalDate.of(2026, 11, 27)));
    private final LoopDriver.Conversation customer =
            Conversations.book(catalog, new SplittableRandom(1), "alice", "secret", new Metrics());

    private static SegmentInfo segment(String id) {
        Instant at = Instant.parse("2026-11-27T10:00:00Z");
        return new SegmentInfo(id, id.substring(0, 6), "GRU", "GIG", at, at.plusSeconds(3_600), 10_000, 10, 10);
    }

    private Request ask(String id) throws Exception {
        return CODEC.decodeRequest(customer.next(id).line());
    }

    @Test
    void aTransientRefusalAsksTheSameAgainWithTheSameKey() throws Exception {
        var hold = (Request.HoldCreate) ask("1");
        customer.refused("RATE_LIMITED");
        var again = (Request.HoldCreate) ask("2");
        assertEquals(hold.idempotencyKey(), again.idempotencyKey());
        assertEquals(hold.segments(), again.segments(), "the same request, or the key would conflict");

        customer.answered("h1");
        var purchase = (Request.CartPurchase) ask("3");
        customer.refused("STORAGE_UNAVAILABLE");
        var purchaseAgain = (Request.CartPurchase) ask("4");
        assertEquals(purchase.idempotencyKey(), purchaseAgain.idempotencyKey());
        assertEquals(List.of("h1"), purchaseAgain.holds());

        customer.answered("ABC234");
        var cancel = (Request.BookingCancel) ask("5");
        customer.refused("RATE_LIMITED");
        var cancelAgain = (Request.BookingCancel) ask("6");
        assertEquals(cancel.idempotencyKey(), cancelAgain.idempotencyKey());
        assertEquals("ABC234", cancelAgain.reference());
    }

    @Test
    void aRefusedPurchaseReleasesItsHoldAndOtherRefusalsStartANewCycle() throws Exception {
        ask("1");
        customer.answered("h1");
        var purchase = (Request.CartPurchase) ask("2");
        customer.refused("CART_CHANGED");
        var release = (Request.HoldRelease) ask("3");
        assertEquals("h1", release.holdId());
        assertNotEquals(purchase.idempotencyKey(), release.idempotencyKey());
        customer.answered(null);
        var hold = (Request.HoldCreate) ask("4");
        customer.refused("SEAT_TAKEN");
        var next = (Request.HoldCreate) ask("5");
        assertNotEquals(hold.idempotencyKey(), next.idempotencyKey(), "a new cycle, a new key");
    }

    @Test
    void inMixedARetryIsAskedBeforeAnyBrowsing() throws Exception {
        LoopDriver.Conversation mixed =
                Conversations.mixed(catalog, new SplittableRandom(3), "bob", "secret", new Metrics());
        for (int i = 0; i < 200; i++) {
            Request asked = CODEC.decodeRequest(mixed.next("q" + i).line());
            if (asked instanceof Request.HoldCreate hold) {
                mixed.refused("RATE_LIMITED");
                for (int retry = 0; retry < 20; retry++) { // whatever the dice say, the retry comes first
                    var again = (Request.HoldCreate)
                            CODEC.decodeRequest(mixed.next("r" + retry).line());
                    assertEquals(hold.idempotencyKey(), again.idempotencyKey());
                    mixed.refused("RATE_LIMITED");
                }
                return;
            }
            mixed.answered(null);
        }
        throw new AssertionError("mixed never asked for a hold in 200 questions");
    }
}
