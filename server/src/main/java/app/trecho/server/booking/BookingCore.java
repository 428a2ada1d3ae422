package app.trecho.server.booking;

import static app.trecho.server.booking.ItineraryRules.details;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.City;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.Itinerary;
import app.trecho.protocol.model.SeatState;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.protocol.model.SortOrder;
import app.trecho.server.state.Change;
import app.trecho.server.state.ChangeLog;
import app.trecho.server.state.Outcome;
import app.trecho.server.state.SeatDelta;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The booking rules over one flight network: seat maps, holds, carts, bookings. Thread-safe; every
 * decision is made inside one monitor (see server/CONCURRENCY.md) and no I/O ever happens here.
 * Mutations return the {@link Change}s they made, for the store, and the {@link SeatDelta}s to
 * announce; the changes are handed to the {@link ChangeLog} inside the monitor, so the log sees
 * them in the order they happened.
 */
public final class BookingCore {
    /** Live holds one account may have at once: the most a {@code cart.get.ok} can list. */
    public static final int MAX_HOLDS_PER_ACCOUNT = 100;

    /** Base 36 in ASCII order; 9 digits hold epoch milliseconds until the year 5188. */
    private static final char[] SORTABLE_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

    private static final int HOLD_ID_TIME_CHARS = 9;
    private static final int HOLD_ID_RANDOM_CHARS = 7;
    private static final char[] ID_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    /** 64 letters: a character is 6 random bits, so 7 of them come from one {@code long}. */
    private static final int ID_BITS_PER_CHAR = 6;
    /** {@link ReferenceSet#ALPHABET} has 32 letters: 5 bits a character. */
    private static final int REFERENCE_BITS_PER_CHAR = 5;

    static {
        if (ID_ALPHABET.length != 1 << ID_BITS_PER_CHAR
                || ReferenceSet.ALPHABET.length() != 1 << REFERENCE_BITS_PER_CHAR) {
            throw new AssertionError("an id alphabet no longer matches the bits drawn for each of its characters");
        }
    }

    private static final int MAX_SEARCH_LIMIT = 100;

    private final Network network;
    private final InstantSource clock;
    private final Duration holdTtl;
    private final ChangeLog log;
    private final RandomGenerator random;
    /** Guards {@link #state}, and makes every decision plus its log append one atomic step. */
    private final Object monitor = new Object();

    /** Replaced only by {@link #rebuild}; volatile because free counts are read off the monitor. */
    private volatile BookingState state;
    /** Bumped, under the monitor, after every publication of free counts (see {@link #freshness}). */
    private volatile long availability;

    public BookingCore(Network network, InstantSource clock, Duration holdTtl, ChangeLog log) {
        this(network, clock, holdTtl, log, new SecureRandom());
    }

    /** @param random draws hold ids and booking references (a seeded one makes tests repeatable) */
    public BookingCore(Network network, InstantSource clock, Duration holdTtl, ChangeLog log, RandomGenerator random) {
        this.network = Objects.requireNonNull(network, "network");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.holdTtl = Objects.requireNonNull(holdTtl, "holdTtl");
        this.log = Objects.requireNonNull(log, "log");
        this.random = Objects.requireNonNull(random, "random");
        if (holdTtl.isNegative() || holdTtl.isZero()) {
            throw new IllegalArgumentException("hold TTL must be positive: " + holdTtl);
        }
        this.state = new BookingState(network);
    }

    public Network network() {
        return network;
    }

    public Duration holdTtl() {
        return holdTtl;
    }

    public List<City> cities() {
        return network.cities();
    }

    /**
     * Departures from now on, by departure time; {@code date} (airline time zone) and {@code from}
     * filter when non-null. Reads published free counts without taking the monitor.
     */
    public List<SegmentInfo> board(LocalDate date, String from) {
        Instant now = clock.instant();
        List<Segment> candidates = from == null ? network.segments() : network.departures(from);
        List<SegmentInfo> board = new ArrayList<>();
        for (Segment segment : candidates) {
            if (segment.departure().isAfter(now) && (date == null || date.equals(segment.date()))) {
                board.add(info(segment, publishedFree(segment)));
            }
        }
        return board;
    }

    /**
     * Direct and up to two connections (45 min to 12 h between legs, no city twice), first leg
     * leaving on {@code date} and not yet departed, only with enough free seats. Reads published
     * free counts without taking the monitor.
     */
    public Outcome<List<Itinerary>> search(
            String from, String to, LocalDate date, int passengers, SortOrder sort, int limit) {
        if (date == null) {
            return Outcome.rejected(ErrorCode.INVALID_FIELD, "date: required");
        }
        if (passengers < 1 || passengers > ItineraryRules.MAX_PASSENGERS) {
            return Outcome.rejected(ErrorCode.INVALID_FIELD, "passengers: must be 1-9");
        }
        if (limit < 1 || limit > MAX_SEARCH_LIMIT) {
            return Outcome.rejected(ErrorCode.INVALID_FIELD, "limit: must be 1-" + MAX_SEARCH_LIMIT);
        }
        for (String city : new String[] {from, to}) {
            if (network.city(city).isEmpty()) {
                return Outcome.rejected(ErrorCode.NOT_FOUND, "no city " + city, details("city", city));
            }
        }
        if (from.equals(to)) {
            return Outcome.rejected(ErrorCode.INVALID_FIELD, "to: must differ from 'from'");
        }
        return Outcome.Ok.of(ItinerarySearch.find(
                network,
                this::publishedFree,
                clock.instant(),
                from,
                to,
                date,
                passengers,
                sort == null ? SortOrder.ARRIVAL : sort,
                limit));
    }

    /**
     * What the board and search depend on besides their arguments: the published free counts (by
     * their version) and which segments have departed. Equal freshness, equal answers: the edge may
     * reuse an answer computed under the freshness that still holds. Take it before computing the
     * answer, so that an answer never carries a newer stamp than the counts it read.
     */
    public Freshness freshness() {
        long counts = availability; // read first: a newer value guarantees the newer counts are visible
        return new Freshness(counts, network.departedBy(clock.instant()));
    }

    /** @see #freshness() */
    public record Freshness(long availability, int departed) {}

    /** @param viewer the account looking (its own seats show as H/S), or null */
    public Outcome<SeatMap> seatMap(String segment, String viewer) {
        Segment known = network.segment(segment).orElse(null);
        if (known == null) {
            return Outcome.rejected(ErrorCode.NOT_FOUND, "no segment " + segment, details("segment", segment));
        }
        synchronized (monitor) {
            SeatInventory inventory = state.inventory(segment);
            return Outcome.Ok.of(
                    new SeatMap(segment, known.rows(), known.columns(), inventory.render(viewer), inventory.version()));
        }
    }

    /**
     * Holds one seat per passenger on every segment of an itinerary, all or nothing.
     *
     * @param seats one list per segment of exactly {@code passengers} seat labels, or null for any seats
     */
    public Outcome<Hold> hold(String account, List<String> segments, int passengers, List<List<String>> seats) {
        Objects.requireNonNull(account, "account");
        if (passengers < 1 || passengers > ItineraryRules.MAX_PASSENGERS) {
            return Outcome.rejected(ErrorCode.INVALID_FIELD, "passengers: must be 1-9");
        }
        Outcome<List<Segment>> checked = ItineraryRules.legs(network, segments);
        if (checked instanceof Outcome.Rejected<?> rejected) {
            return Outcome.retype(rejected);
        }
        List<Segment> legs = ((Outcome.Ok<List<Segment>>) checked).value();
        if (seats != null) {
            Outcome.Rejected<?> problem = ItineraryRules.checkChosenSeats(legs, passengers, seats);
            if (problem != null) {
                return Outcome.retype(problem);
            }
        }
        synchronized (monitor) {
            if (state.holdCount(account) >= MAX_HOLDS_PER_ACCOUNT) {
                return Outcome.rejected(
                        ErrorCode.CART_FULL,
                        "the cart already has " + MAX_HOLDS_PER_ACCOUNT + " holds: purchase or release some first",
                        details("holds", MAX_HOLDS_PER_ACCOUNT));
            }
            Instant now = clock.instant();
            if (!legs.getFirst().departure().isAfter(now)) {
                return Outcome.rejected(
                        ErrorCode.INVALID_ITINERARY,
                        legs.getFirst().id() + " has departed",
                        details("segment", legs.getFirst().id()));
            }
            List<Placement> placements = new ArrayList<>(legs.size());
            for (int i = 0; i < legs.size(); i++) {
                Segment leg = legs.get(i);
                SeatInventory inventory = state.inventory(leg.id());
                if (seats != null) {
                    List<String> taken = seats.get(i).stream()
                            .filter(seat -> inventory.state(leg.seatIndex(seat)) != SeatState.FREE)
                            .toList();
                    if (!taken.isEmpty()) {
                        return Outcome.rejected(
                                ErrorCode.SEAT_TAKEN,
                                "seat " + String.join(", ", taken) + " on " + leg.id() + " is taken",
                                details("segment", leg.id(), "seats", taken, "seatsFree", inventory.free()));
                    }
                    placements.add(new Placement(leg, seats.get(i)));
                } else {
                    List<String> picked = SeatPicker.pick(inventory, passengers);
                    if (picked == null) {
                        return Outcome.rejected(
                                ErrorCode.SEATS_UNAVAILABLE,
                                leg.id() + " has " + inventory.free() + " free seats, " + passengers + " needed",
                                details("segment", leg.id(), "seatsFree", inventory.free(), "passengers", passengers));
                    }
                    placements.add(new Placement(leg, picked));
                }
            }
            long price = legs.stream().mapToLong(Segment::priceCents).sum() * passengers;
            LiveHold hold =
                    new LiveHold(newHoldId(now), account, passengers, price, now, now.plus(holdTtl), placements);
            DeltaCollector deltas = new DeltaCollector();
            state.place(hold, deltas);
            Change placed = new Change.HoldPlaced(
                    hold.id(), account, passengers, price, now, hold.expiresAt(), BookingState.seatsOf(placements));
            return committed(hold.view(), List.of(placed), deltas);
        }
    }

    /** Releases one of the account's holds; another account's hold is NOT_FOUND. */
    public Outcome<String> release(String account, String holdId) {
        synchronized (monitor) {
            LiveHold hold = state.hold(holdId);
            if (hold == null || !hold.account().equals(account)) {
                return Outcome.rejected(ErrorCode.NOT_FOUND, "no hold " + holdId, details("holdId", holdId));
            }
            DeltaCollector deltas = new DeltaCollector();
            state.remove(holdId, deltas);
            Change released = new Change.HoldReleased(holdId, account, Change.ReleaseReason.RELEASED, clock.instant());
            return committed(holdId, List.of(released), deltas);
        }
    }

    /** The account's live holds (not yet expired), oldest first. */
    public List<Hold> cart(String account) {
        synchronized (monitor) {
            return liveHolds(account, clock.instant()).stream()
                    .map(LiveHold::view)
                    .toList();
        }
    }

    /**
     * Turns every hold in the cart into one booking, atomically. The booking's passengers is the
     * largest party among the holds; its price the sum of theirs.
     *
     * @param holdIds when non-null, must be exactly the cart's holds (else CART_CHANGED)
     */
    public Outcome<Booking> purchase(String account, List<String> holdIds) {
        synchronized (monitor) {
            Instant now = clock.instant();
            List<LiveHold> cart = liveHolds(account, now);
            if (cart.isEmpty()) {
                return Outcome.rejected(ErrorCode.CART_EMPTY, "the cart is empty");
            }
            String[] ids = new String[cart.size()];
            long price = 0;
            for (int i = 0; i < ids.length; i++) {
                ids[i] = cart.get(i).id();
                price += cart.get(i).priceCents();
            }
            List<String> cartIds = List.of(ids);
            // The cart's ids are distinct: a list as long as the cart that names each of them is the cart.
            if (holdIds != null && (holdIds.size() != cartIds.size() || !holdIds.containsAll(cartIds))) {
                return Outcome.rejected(
                        ErrorCode.CART_CHANGED, "the cart is not the holds named", details("holds", cartIds));
            }
            String reference = newReference();
            DeltaCollector deltas = new DeltaCollector();
            LiveBooking booking = state.sell(reference, account, cartIds, price, now, deltas);
            Change purchased = new Change.Purchased(reference, account, cartIds, price, now);
            return committed(booking.view(), List.of(purchased), deltas);
        }
    }

    /** The account's bookings, oldest first. */
    public List<Booking> bookings(String account) {
        synchronized (monitor) {
            return state.bookingsOf(account).stream().map(LiveBooking::view).toList();
        }
    }

    /** Cancels one of the account's bookings (seats on sale at once); another account's is NOT_FOUND. */
    public Outcome<String> cancel(String account, String reference) {
        synchronized (monitor) {
            LiveBooking booking = state.booking(reference);
            if (booking == null || !booking.account().equals(account)) {
                return Outcome.rejected(
                        ErrorCode.NOT_FOUND, "no booking " + reference, details("reference", reference));
            }
            DeltaCollector deltas = new DeltaCollector();
            state.cancel(reference, deltas);
            Change cancelled = new Change.BookingCancelled(reference, account, clock.instant());
            return committed(reference, List.of(cancelled), deltas);
        }
    }

    /** Releases every hold whose expiry is at or before the clock's now. */
    public Outcome<List<ExpiredHold>> expireDue() {
        synchronized (monitor) {
            Instant now = clock.instant();
            List<LiveHold> due = state.dueAt(now);
            if (due.isEmpty()) {
                return Outcome.Ok.of(List.of());
            }
            DeltaCollector deltas = new DeltaCollector();
            List<ExpiredHold> expired = new ArrayList<>(due.size());
            List<Change> changes = new ArrayList<>(due.size());
            for (LiveHold hold : due) {
                state.remove(hold.id(), deltas);
                expired.add(new ExpiredHold(
                        hold.id(),
                        hold.account(),
                        hold.placements().stream().map(p -> p.segment().id()).toList()));
                changes.add(new Change.HoldReleased(hold.id(), hold.account(), Change.ReleaseReason.EXPIRED, now));
            }
            return committed(List.copyOf(expired), List.copyOf(changes), deltas);
        }
    }

    /** The earliest expiry among live holds, or null when there are none (for the one scheduler). */
    public Instant nextExpiry() {
        synchronized (monitor) {
            LiveHold next = state.nextToExpire();
            return next == null ? null : next.expiresAt();
        }
    }

    /**
     * Applies a stored change exactly as recorded, without appending it to the log: start-up
     * rebuilds memory from the store this way, in the order the changes were made. Account and
     * idempotency changes are ignored here. Call {@link #expireDue()} afterwards to release holds
     * that expired while the server was down.
     *
     * @throws IllegalStateException when the change does not fit the state (a seat already taken,
     *     an unknown hold or segment): the store and the network disagree
     */
    public void replay(Change change) {
        synchronized (monitor) {
            DeltaCollector deltas = new DeltaCollector();
            state.replay(change, network, deltas);
            deltas.finish();
            availability++;
        }
    }

    /** Holds not yet purchased, released or expired (for the operator's status). */
    public int liveHoldCount() {
        synchronized (monitor) {
            return state.holdCount();
        }
    }

    /** Bookings not cancelled (for the operator's status). */
    public int bookingCount() {
        synchronized (monitor) {
            return state.bookingCount();
        }
    }

    /**
     * Replaces the whole booking state with {@code changes} replayed onto an empty one, in one step
     * under the monitor (start-up, and the reload after a failed write: the store is the truth).
     * Call {@link #expireDue()} afterwards. On a change that does not fit, nothing is replaced.
     *
     * @throws IllegalStateException as {@link #replay}
     */
    public void rebuild(List<Change> changes) {
        synchronized (monitor) {
            BookingState fresh = new BookingState(network);
            DeltaCollector deltas = new DeltaCollector();
            for (Change change : changes) {
                fresh.replay(change, network, deltas);
            }
            deltas.finish();
            state = fresh;
            availability++;
        }
    }

    /** A consistent copy of every seat, hold and booking, for invariant checks. */
    public AuditSnapshot auditSnapshot() {
        synchronized (monitor) {
            return state.audit();
        }
    }

    static SegmentInfo info(Segment segment, int seatsFree) {
        return new SegmentInfo(
                segment.id(),
                segment.flight(),
                segment.origin(),
                segment.destination(),
                segment.departure(),
                segment.arrival(),
                segment.priceCents(),
                seatsFree,
                segment.seatsTotal());
    }

    private int publishedFree(Segment segment) {
        return state.inventory(segment.id()).publishedFree();
    }

    private List<LiveHold> liveHolds(String account, Instant now) {
        return state.holdsOf(account).stream()
                .filter(h -> h.expiresAt().isAfter(now))
                .toList();
    }

    /** Publishes the seat changes and queues the changes for the store; call inside the monitor. */
    private <T> Outcome<T> committed(T value, List<Change> changes, DeltaCollector deltas) {
        List<SeatDelta> seatDeltas = deltas.finish();
        availability++; // after the counts: whoever sees the new value sees them too
        return new Outcome.Ok<>(value, changes, seatDeltas, log.append(changes));
    }

    /**
     * 9 characters of the creation time in milliseconds, in base 36 whose digits sort like the
     * numbers they stand for, then 7 random characters (42 bits). The store's indexes on hold ids
     * then grow at their end, where one page takes many new holds, instead of every hold writing a
     * page of its own somewhere in the middle.
     */
    private String newHoldId(Instant now) {
        String id;
        do {
            char[] out = new char[HOLD_ID_TIME_CHARS + HOLD_ID_RANDOM_CHARS];
            long millis = now.toEpochMilli();
            for (int i = HOLD_ID_TIME_CHARS - 1; i >= 0; i--) {
                out[i] = SORTABLE_DIGITS[(int) (millis % SORTABLE_DIGITS.length)];
                millis /= SORTABLE_DIGITS.length;
            }
            // one draw for all seven (6 bits each): each draw from the SecureRandom is a synchronized
            // call that may read the kernel's random source
            long bits = random.nextLong();
            for (int i = HOLD_ID_TIME_CHARS; i < out.length; i++) {
                out[i] = ID_ALPHABET[(int) (bits & (ID_ALPHABET.length - 1))];
                bits >>>= ID_BITS_PER_CHAR;
            }
            id = new String(out);
        } while (state.holdIdInUse(id));
        return id;
    }

    private String newReference() {
        String reference;
        do {
            char[] out = new char[ReferenceSet.LENGTH];
            long bits = random.nextLong(); // one draw for all six characters, 5 bits each
            for (int i = 0; i < out.length; i++) {
                out[i] = ReferenceSet.ALPHABET.charAt((int) (bits & (ReferenceSet.ALPHABET.length() - 1)));
                bits >>>= REFERENCE_BITS_PER_CHAR;
            }
            reference = new String(out);
        } while (state.referenceUsed(reference));
        return reference;
    }
}
