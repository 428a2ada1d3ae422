package app.trecho.client;

import app.trecho.protocol.Request;
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

/** {@link TrechoClient} over one TCP connection at a time; made by {@link TrechoClients}. */
final class TcpTrechoClient implements TrechoClient {
    private final ClientCore core;

    TcpTrechoClient(ClientCore core) {
        this.core = core;
    }

    @Override
    public CompletableFuture<Response.AccountRegisterOk> register(String username, String password) {
        return core.call(
                id -> new Request.AccountRegister(id, username, password), Response.AccountRegisterOk.class, ok -> {
                    core.loggedIn(ok.username(), ok.token());
                    return ok;
                });
    }

    @Override
    public CompletableFuture<Response.AccountLoginOk> login(String username, String password) {
        return core.call(id -> new Request.AccountLogin(id, username, password), Response.AccountLoginOk.class, ok -> {
            core.loggedIn(ok.username(), ok.token());
            return ok;
        });
    }

    @Override
    public CompletableFuture<Void> logout() {
        return core.call(Request.AccountLogout::new, Response.AccountLogoutOk.class, ok -> {
            core.loggedOut();
            return null;
        });
    }

    @Override
    public CompletableFuture<Response.SessionResumeOk> resume(String token) {
        return core.call(id -> new Request.SessionResume(id, token), Response.SessionResumeOk.class, ok -> {
            core.loggedIn(ok.username(), token);
            return ok;
        });
    }

    @Override
    public CompletableFuture<Instant> ping() {
        return core.call(Request.Ping::new, Response.PingOk.class, Response.PingOk::serverTime);
    }

    @Override
    public CompletableFuture<List<City>> cities() {
        return core.call(Request.CityList::new, Response.CityListOk.class, Response.CityListOk::cities);
    }

    @Override
    public CompletableFuture<List<SegmentInfo>> board(LocalDate date, String from) {
        return core.call(
                id -> new Request.BoardGet(id, date, from), Response.BoardGetOk.class, Response.BoardGetOk::segments);
    }

    @Override
    public CompletableFuture<List<Itinerary>> search(
            String from, String to, LocalDate date, int passengers, SortOrder sort, int limit) {
        return core.call(
                id -> new Request.ItinerarySearch(id, from, to, date, passengers, sort, limit > 0 ? limit : null),
                Response.ItinerarySearchOk.class,
                Response.ItinerarySearchOk::itineraries);
    }

    @Override
    public CompletableFuture<Response.SeatMapGetOk> seatMap(String segment) {
        return core.call(id -> new Request.SeatMapGet(id, segment), Response.SeatMapGetOk.class, ok -> ok);
    }

    @Override
    public CompletableFuture<Hold> hold(List<String> segments, int passengers, List<List<String>> seats) {
        String key = IdempotencyKeys.next();
        return core.call(
                id -> new Request.HoldCreate(id, key, segments, passengers, seats),
                Response.HoldCreateOk.class,
                Response.HoldCreateOk::hold);
    }

    @Override
    public CompletableFuture<Void> release(String holdId) {
        String key = IdempotencyKeys.next();
        return core.call(id -> new Request.HoldRelease(id, key, holdId), Response.HoldReleaseOk.class, ok -> null);
    }

    @Override
    public CompletableFuture<Response.CartGetOk> cart() {
        return core.call(Request.CartGet::new, Response.CartGetOk.class, ok -> ok);
    }

    @Override
    public CompletableFuture<Booking> purchase(List<String> holdIds) {
        String key = IdempotencyKeys.next();
        return core.call(
                id -> new Request.CartPurchase(id, key, holdIds),
                Response.CartPurchaseOk.class,
                Response.CartPurchaseOk::booking);
    }

    @Override
    public CompletableFuture<List<Booking>> bookings() {
        return core.call(Request.BookingList::new, Response.BookingListOk.class, Response.BookingListOk::bookings);
    }

    @Override
    public CompletableFuture<Void> cancel(String reference) {
        String key = IdempotencyKeys.next();
        return core.call(
                id -> new Request.BookingCancel(id, key, reference), Response.BookingCancelOk.class, ok -> null);
    }

    @Override
    public CompletableFuture<List<String>> subscribe(List<String> topics) {
        return core.call(id -> new Request.Subscribe(id, topics), Response.SubscribeOk.class, ok -> {
            core.subscribed(ok.topics());
            return ok.topics();
        });
    }

    @Override
    public CompletableFuture<List<String>> unsubscribe(List<String> topics) {
        return core.call(id -> new Request.Unsubscribe(id, topics), Response.UnsubscribeOk.class, ok -> {
            core.subscribed(ok.topics());
            return ok.topics();
        });
    }

    @Override
    public void addListener(ClientListener listener) {
        core.addListener(listener);
    }

    @Override
    public void removeListener(ClientListener listener) {
        core.removeListener(listener);
    }

    @Override
    public ConnectionState state() {
        return core.state();
    }

    @Override
    public String username() {
        return core.username();
    }

    @Override
    public String server() {
        return core.server();
    }

    /** Requests sent or queued and not yet answered (for tests and diagnostics). */
    int pendingCount() {
        return core.pendingCount();
    }

    @Override
    public void close() {
        core.close();
    }
}
