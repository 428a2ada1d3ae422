package app.trecho.protocol;

import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.City;
import app.trecho.protocol.model.ErrorBody;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.Itinerary;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.protocol.model.StoreStatus;
import java.time.Instant;
import java.util.List;

/**
 * Server-to-client responses; each echoes the {@code id} of its request. Success types are named
 * after their request with {@code .ok}; failures are {@link Error}.
 */
public sealed interface Response extends Message {

    /** The id of the request answered; null only on an error for a line whose id could not be read. */
    String id();

    /**
     * @param version the major version chosen
     * @param minor the server's minor version of it (what optional additions it knows)
     * @param maxLineBytes the longest line the server accepts
     * @param holdTtlSeconds how long a hold lasts
     * @param heartbeatMs (1.2) the client sends a line at least this often; the server closes a
     *     connection silent for three of them. Null from a 1.0/1.1 server.
     */
    record HelloOk(
            String id,
            int version,
            int minor,
            String server,
            int maxLineBytes,
            long holdTtlSeconds,
            Integer heartbeatMs)
            implements Response {

        /** A hello.ok as a 1.0 or 1.1 server sends it, without {@code heartbeatMs}. */
        public HelloOk(String id, int version, int minor, String server, int maxLineBytes, long holdTtlSeconds) {
            this(id, version, minor, server, maxLineBytes, holdTtlSeconds, null);
        }
    }

    record PingOk(String id, Instant serverTime) implements Response {}

    /** @param token the session token (32 hex characters) for {@code session.resume} */
    record AccountRegisterOk(String id, String username, String token) implements Response {}

    record AccountLoginOk(String id, String username, String token) implements Response {}

    record AccountLogoutOk(String id) implements Response {}

    record SessionResumeOk(String id, String username) implements Response {}

    record CityListOk(String id, List<City> cities) implements Response {}

    record BoardGetOk(String id, List<SegmentInfo> segments) implements Response {}

    record ItinerarySearchOk(String id, List<Itinerary> itineraries) implements Response {}

    /**
     * @param columns the seat letters of a row, e.g. {@code ABCDEF}
     * @param seats one character per seat, row by row ({@code rows * columns.length()} of them):
     *     {@code .} free, {@code h} held, {@code s} sold, {@code H} held by you, {@code S} sold to you
     * @param version increases with every change to this seat map
     */
    record SeatMapGetOk(String id, String segment, int rows, String columns, String seats, long version)
            implements Response {}

    record HoldCreateOk(String id, Hold hold) implements Response {}

    record HoldReleaseOk(String id, String holdId) implements Response {}

    record CartGetOk(String id, List<Hold> holds, long totalCents) implements Response {}

    record CartPurchaseOk(String id, Booking booking) implements Response {}

    record BookingListOk(String id, List<Booking> bookings) implements Response {}

    record BookingCancelOk(String id, String reference) implements Response {}

    /** @param topics every topic this connection is now subscribed to */
    record SubscribeOk(String id, List<String> topics) implements Response {}

    /** @param topics every topic this connection is still subscribed to */
    record UnsubscribeOk(String id, List<String> topics) implements Response {}

    /**
     * The operator's view of the server (protocol 1.1).
     *
     * @param connections connections open now, this one included
     * @param liveHolds holds not yet purchased, released or expired
     * @param bookings bookings not cancelled
     * @param requestsPerSecond requests handled per second over the last 10 s, rounded
     * @param uptimeSeconds time since the server started
     */
    record AdminStatusOk(
            String id,
            int connections,
            int accounts,
            int liveHolds,
            int bookings,
            int requestsPerSecond,
            long uptimeSeconds,
            StoreStatus store)
            implements Response {}

    record Error(String id, ErrorBody error) implements Response {}
}
