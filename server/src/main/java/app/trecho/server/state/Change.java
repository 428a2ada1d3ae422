package app.trecho.server.state;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * One explicit, serializable change to the server's state. The core returns these with every
 * successful mutation; the store persists them, in order, before the response (and its events)
 * leave the server, and start-up replays the stored state into the core.
 */
public sealed interface Change {

    /** Seats on one segment, as seat labels like {@code 12C}. */
    record SegmentSeats(String segment, List<String> seats) {}

    record HoldPlaced(
            String holdId,
            String account,
            int passengers,
            long priceCents,
            Instant createdAt,
            Instant expiresAt,
            List<SegmentSeats> seats)
            implements Change {}

    /** Why a hold ended without a purchase. */
    enum ReleaseReason {
        RELEASED,
        EXPIRED
    }

    record HoldReleased(String holdId, String account, ReleaseReason reason, Instant at) implements Change {}

    /** Every hold in {@code holdIds} became the booking {@code reference}. */
    record Purchased(String reference, String account, List<String> holdIds, long priceCents, Instant at)
            implements Change {}

    record BookingCancelled(String reference, String account, Instant at) implements Change {}

    /**
     * Bookings cancelled before the store was loaded: all start-up keeps of them is their
     * references, separated by spaces, which are never issued again. Only the store's load
     * produces it (the core never does), many references to a change: ~7 bytes each, where a
     * record each took ~70 and a busy airline cancels millions.
     */
    record ReferencesRetired(String spaceSeparated) implements Change {

        /** Each reference in turn. */
        public void forEach(Consumer<String> action) {
            int from = 0;
            while (from < spaceSeparated.length()) {
                int end = spaceSeparated.indexOf(' ', from);
                if (end < 0) {
                    end = spaceSeparated.length();
                }
                action.accept(spaceSeparated.substring(from, end));
                from = end + 1;
            }
        }
    }

    /** A new account, with its password hash and the parameters that produced it. */
    record AccountCreated(String username, String algorithm, int iterations, byte[] salt, byte[] hash, Instant at)
            implements Change {}

    /** A session opened; only a hash of the token is kept, so a stolen store yields no usable token. */
    record SessionOpened(String tokenHash, String username, Instant at) implements Change {}

    record SessionClosed(String tokenHash, Instant at) implements Change {}

    /**
     * The result of a state-changing request, remembered per account by its idempotency key so a
     * retry returns it again. Appended right after the changes the request made.
     *
     * @param fingerprint identifies the request (type and fields, without its id): a retry with the
     *     same key and another fingerprint is an IDEMPOTENCY_CONFLICT
     * @param response the encoded response, without its id; null when loaded from the store, which
     *     keeps it and reads it back when a retry asks for it
     * @param row where the store put it, once it has (not part of the value)
     */
    record IdempotencyRecorded(
            String account, String key, String fingerprint, String response, Instant at, StoredRow row)
            implements Change {

        /** A result not stored yet. */
        public IdempotencyRecorded(String account, String key, String fingerprint, String response, Instant at) {
            this(account, key, fingerprint, response, at, StoredRow.unassigned());
        }
    }
}
