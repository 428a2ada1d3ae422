package app.trecho.protocol;

import app.trecho.protocol.model.SortOrder;
import java.time.LocalDate;
import java.util.List;

/**
 * Client-to-server requests. Every request carries a client-chosen {@code id} that its response
 * echoes. Nullable components are optional on the wire (absent or null).
 */
public sealed interface Request extends Message {

    /** The client-chosen correlation id (1–64 characters). */
    String id();

    /** Requests that change booking state carry an idempotency key (8–64 of {@code [A-Za-z0-9_-]}). */
    sealed interface Mutation extends Request {
        String idempotencyKey();
    }

    /** Handshake: the protocol major versions the client speaks, and optionally its name. */
    record Hello(String id, List<Integer> versions, String client) implements Request {}

    record Ping(String id) implements Request {}

    /** Creates an account and logs this connection in. */
    record AccountRegister(String id, String username, String password) implements Request {}

    record AccountLogin(String id, String username, String password) implements Request {}

    /** Ends the session: its token can no longer be resumed. Holds and bookings stay with the account. */
    record AccountLogout(String id) implements Request {}

    /** Restores the identity of an earlier session on this connection. */
    record SessionResume(String id, String token) implements Request {}

    record CityList(String id) implements Request {}

    /** Departures board; {@code date} and {@code from} filter when present. */
    record BoardGet(String id, LocalDate date, String from) implements Request {}

    /** {@code sort} defaults to arrival, {@code limit} to 20 (at most 100). */
    record ItinerarySearch(
            String id, String from, String to, LocalDate date, int passengers, SortOrder sort, Integer limit)
            implements Request {}

    record SeatMapGet(String id, String segment) implements Request {}

    /**
     * Holds one seat per passenger on every segment, all or nothing. {@code seats}, when present, has
     * one list per segment (in the order of {@code segments}) of exactly {@code passengers} seats;
     * absent means any seats (adjacent where possible).
     */
    record HoldCreate(String id, String idempotencyKey, List<String> segments, int passengers, List<List<String>> seats)
            implements Mutation {}

    record HoldRelease(String id, String idempotencyKey, String holdId) implements Mutation {}

    record CartGet(String id) implements Request {}

    /** Buys every hold in the cart at once. {@code holds}, when present, must be exactly the cart's hold ids. */
    record CartPurchase(String id, String idempotencyKey, List<String> holds) implements Mutation {}

    record BookingList(String id) implements Request {}

    record BookingCancel(String id, String idempotencyKey, String reference) implements Mutation {}

    /** Topics: {@code board} (all availability changes) or {@code seats:<segment>} (one seat map). */
    record Subscribe(String id, List<String> topics) implements Request {}

    record Unsubscribe(String id, List<String> topics) implements Request {}

    /**
     * Operator status (protocol 1.1): authorised by the server's operator token, not by a login.
     * {@link #toString()} leaves the token out so it never reaches a log.
     */
    record AdminStatus(String id, String token) implements Request {
        @Override
        public String toString() {
            return "AdminStatus[id=" + id + ", token=(redacted)]";
        }
    }
}
