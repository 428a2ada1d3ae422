package app.trecho.server.booking;

import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.City;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.Itinerary;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.protocol.model.SortOrder;
import app.trecho.server.state.ChangeLog;
import app.trecho.server.state.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.List;

/**
 * The booking rules over one flight network: seat maps, holds, carts, bookings. Thread-safe; every
 * decision is made inside a monitor (see server/CONCURRENCY.md) and no I/O ever happens here.
 * Mutations return the {@link app.trecho.server.state.Change}s they made, for the store, and the
 * {@link app.trecho.server.state.SeatDelta}s to announce.
 */
public final class BookingCore {

    public BookingCore(Network network, InstantSource clock, Duration holdTtl, ChangeLog log) {
        throw new UnsupportedOperationException("TODO core helper");
    }

    public Network network() {
        throw new UnsupportedOperationException("TODO core helper");
    }

    public List<City> cities() {
        throw new UnsupportedOperationException("TODO core helper");
    }

    /** Departures from now on, by departure time; {@code date} (airline time zone) and {@code from} filter when non-null. */
    public List<SegmentInfo> board(LocalDate date, String from) {
        throw new UnsupportedOperationException("TODO core helper");
    }

    /** Direct and up to two connections (minimum connection 45 min), only with enough free seats. */
    public Outcome<List<Itinerary>> search(
            String from, String to, LocalDate date, int passengers, SortOrder sort, int limit) {
        throw new UnsupportedOperationException("TODO core helper");
    }

    /** @param viewer the account looking (its own seats show as H/S), or null */
    public Outcome<SeatMap> seatMap(String segment, String viewer) {
        throw new UnsupportedOperationException("TODO core helper");
    }

    /** @param seats one list per segment of exactly {@code passengers} seat labels, or null for any seats */
    public Outcome<Hold> hold(String account, List<String> segments, int passengers, List<List<String>> seats) {
        throw new UnsupportedOperationException("TODO core helper");
    }

    public Outcome<String> release(String account, String holdId) {
        throw new UnsupportedOperationException("TODO core helper");
    }

    public List<Hold> cart(String account) {
        throw new UnsupportedOperationException("TODO core helper");
    }

    /** @param holdIds when non-null, must be exactly the cart's holds (else CART_CHANGED) */
    public Outcome<Booking> purchase(String account, List<String> holdIds) {
        throw new UnsupportedOperationException("TODO core helper");
    }

    public List<Booking> bookings(String account) {
        throw new UnsupportedOperationException("TODO core helper");
    }

    public Outcome<String> cancel(String account, String reference) {
        throw new UnsupportedOperationException("TODO core helper");
    }

    /** Releases every hold whose expiry is at or before the clock's now. */
    public Outcome<List<ExpiredHold>> expireDue() {
        throw new UnsupportedOperationException("TODO core helper");
    }

    /** The earliest expiry among live holds, or null when there are none (for the one scheduler). */
    public Instant nextExpiry() {
        throw new UnsupportedOperationException("TODO core helper");
    }
}
