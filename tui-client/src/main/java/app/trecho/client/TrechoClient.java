package app.trecho.client;

import app.trecho.protocol.Response;
import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.City;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.Itinerary;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.protocol.model.SortOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A connection to a Trecho server, as every program uses it (the TUI, the load generator, tests).
 * Every method returns at once; its future completes on the client's reader thread with the typed
 * result, or exceptionally with a {@link ClientException} ({@link ServerErrorException} carrying
 * the server's error code, or {@link ConnectionException} when the transport failed). Every
 * state-changing request carries a fresh idempotency key. Nothing here touches a UI: listeners are
 * called on the client's own thread and must hand work to their UI thread themselves.
 */
public interface TrechoClient extends AutoCloseable {

    CompletableFuture<Response.AccountRegisterOk> register(String username, String password);

    CompletableFuture<Response.AccountLoginOk> login(String username, String password);

    CompletableFuture<Void> logout();

    /** Re-establishes an earlier session's identity on this connection. */
    CompletableFuture<Response.SessionResumeOk> resume(String token);

    CompletableFuture<Instant> ping();

    CompletableFuture<List<City>> cities();

    /** @param date filter, or null; @param from origin filter, or null */
    CompletableFuture<List<SegmentInfo>> board(LocalDate date, String from);

    CompletableFuture<List<Itinerary>> search(
            String from, String to, LocalDate date, int passengers, SortOrder sort, int limit);

    CompletableFuture<Response.SeatMapGetOk> seatMap(String segment);

    /** @param seats one list of seat labels per segment, or null for any seats */
    CompletableFuture<Hold> hold(List<String> segments, int passengers, List<List<String>> seats);

    CompletableFuture<Void> release(String holdId);

    CompletableFuture<Response.CartGetOk> cart();

    /** @param holdIds the holds the user saw and confirmed (must be exactly the cart), or null for whatever is in it */
    CompletableFuture<Booking> purchase(List<String> holdIds);

    CompletableFuture<List<Booking>> bookings();

    CompletableFuture<Void> cancel(String reference);

    /** Topics: {@code board}, or {@code seats:<segment>}; completes with every topic now subscribed. */
    CompletableFuture<List<String>> subscribe(List<String> topics);

    CompletableFuture<List<String>> unsubscribe(List<String> topics);

    void addListener(ClientListener listener);

    void removeListener(ClientListener listener);

    ConnectionState state();

    /** The logged-in username, or null. */
    String username();

    /** {@code host:port} of the server. */
    String server();

    /** Closes the connection; pending futures fail with {@link ConnectionException}. Never throws. */
    @Override
    void close();
}
