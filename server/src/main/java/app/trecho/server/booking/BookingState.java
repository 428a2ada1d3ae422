package app.trecho.server.booking;

import app.trecho.protocol.model.SeatState;
import app.trecho.server.state.Change;
import app.trecho.server.state.Change.SegmentSeats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The mutable booking state and its primitive moves (place, remove, sell, cancel). Not
 * thread-safe: {@link BookingCore} calls it only while holding its monitor. The rules (who may do
 * what) live in the core; the moves here only refuse what would corrupt the state.
 */
final class BookingState {

    private final Map<String, SeatInventory> inventories = new LinkedHashMap<>();
    private final Map<String, LiveHold> holds = new HashMap<>();
    private final Map<String, Map<String, LiveHold>> holdsByAccount = new HashMap<>();
    private final TreeSet<LiveHold> byExpiry = new TreeSet<>(LiveHold.BY_EXPIRY);
    private final Map<String, LiveBooking> bookings = new HashMap<>();
    private final Map<String, Map<String, LiveBooking>> bookingsByAccount = new HashMap<>();
    /** Every reference ever issued, cancelled ones too: a reference never names two bookings. */
    private final ReferenceSet references = new ReferenceSet();

    BookingState(Network network) {
        for (Segment segment : network.segments()) {
            inventories.put(segment.id(), new SeatInventory(segment));
        }
    }

    SeatInventory inventory(String segmentId) {
        return inventories.get(segmentId);
    }

    LiveHold hold(String holdId) {
        return holds.get(holdId);
    }

    int holdCount() {
        return holds.size();
    }

    int bookingCount() {
        return bookings.size();
    }

    /** How many live holds the account has (its cart's size). */
    int holdCount(String account) {
        return holdsByAccount.getOrDefault(account, Map.of()).size();
    }

    /** The account's holds, oldest first. */
    List<LiveHold> holdsOf(String account) {
        return List.copyOf(holdsByAccount.getOrDefault(account, Map.of()).values());
    }

    LiveBooking booking(String reference) {
        return bookings.get(reference);
    }

    /** The account's bookings, oldest first. */
    List<LiveBooking> bookingsOf(String account) {
        return List.copyOf(bookingsByAccount.getOrDefault(account, Map.of()).values());
    }

    boolean holdIdInUse(String holdId) {
        return holds.containsKey(holdId);
    }

    boolean referenceUsed(String reference) {
        return references.contains(reference);
    }

    /** The hold that expires first, or null. */
    LiveHold nextToExpire() {
        return byExpiry.isEmpty() ? null : byExpiry.first();
    }

    /** Holds expiring at or before {@code now}, earliest first. */
    List<LiveHold> dueAt(Instant now) {
        List<LiveHold> due = new ArrayList<>();
        for (LiveHold hold : byExpiry) {
            if (hold.expiresAt().isAfter(now)) {
                break;
            }
            due.add(hold);
        }
        return due;
    }

    /** Takes every seat of the hold; refuses (changing nothing) if one is not free or the id is in use. */
    void place(LiveHold hold, DeltaCollector deltas) {
        if (holds.containsKey(hold.id())) {
            throw new IllegalStateException("hold " + hold.id() + " exists");
        }
        for (Placement placement : hold.placements()) {
            SeatInventory inventory = requireInventory(placement.segment().id());
            for (String seat : placement.seats()) {
                int index = placement.segment().seatIndex(seat);
                if (index < 0 || inventory.state(index) != SeatState.FREE) {
                    throw new IllegalStateException(
                            "seat " + seat + " on " + placement.segment().id() + " is not free");
                }
            }
        }
        for (Placement placement : hold.placements()) {
            SeatInventory inventory = inventories.get(placement.segment().id());
            for (String seat : placement.seats()) {
                deltas.set(inventory, seat, SeatState.HELD, hold.account());
            }
        }
        holds.put(hold.id(), hold);
        holdsByAccount
                .computeIfAbsent(hold.account(), k -> new LinkedHashMap<>())
                .put(hold.id(), hold);
        byExpiry.add(hold);
    }

    /** Ends the hold and frees its seats. */
    LiveHold remove(String holdId, DeltaCollector deltas) {
        LiveHold hold = forget(holdId);
        for (Placement placement : hold.placements()) {
            SeatInventory inventory = inventories.get(placement.segment().id());
            for (String seat : placement.seats()) {
                deltas.set(inventory, seat, SeatState.FREE, null);
            }
        }
        return hold;
    }

    /** Turns the holds into one booking: their seats become sold. */
    LiveBooking sell(
            String reference,
            String account,
            List<String> holdIds,
            long priceCents,
            Instant at,
            DeltaCollector deltas) {
        if (references.contains(reference)) {
            throw new IllegalStateException("reference " + reference + " was issued before");
        }
        for (String holdId : holdIds) {
            LiveHold hold = holds.get(holdId);
            if (hold == null || !hold.account().equals(account)) {
                throw new IllegalStateException("hold " + holdId + " is not a live hold of " + account);
            }
        }
        List<Placement> placements = new ArrayList<>();
        int passengers = 0;
        for (String holdId : holdIds) {
            LiveHold hold = forget(holdId);
            passengers = Math.max(passengers, hold.passengers());
            for (Placement placement : hold.placements()) {
                SeatInventory inventory = inventories.get(placement.segment().id());
                for (String seat : placement.seats()) {
                    deltas.set(inventory, seat, SeatState.SOLD, account);
                }
                placements.add(placement);
            }
        }
        LiveBooking booking = new LiveBooking(reference, account, passengers, priceCents, at, holdIds, placements);
        references.add(reference);
        bookings.put(reference, booking);
        bookingsByAccount.computeIfAbsent(account, k -> new LinkedHashMap<>()).put(reference, booking);
        return booking;
    }

    /** Cancels the booking: its seats are free again at once. */
    LiveBooking cancel(String reference, DeltaCollector deltas) {
        LiveBooking booking = bookings.remove(reference);
        if (booking == null) {
            throw new IllegalStateException("no booking " + reference);
        }
        removeFromIndex(bookingsByAccount, booking.account(), reference);
        for (Placement placement : booking.placements()) {
            SeatInventory inventory = inventories.get(placement.segment().id());
            for (String seat : placement.seats()) {
                deltas.set(inventory, seat, SeatState.FREE, null);
            }
        }
        return booking;
    }

    /** Applies a stored change exactly as recorded (start-up rebuild); account changes are not ours. */
    void replay(Change change, Network network, DeltaCollector deltas) {
        switch (change) {
            case Change.HoldPlaced placed -> place(replayedHold(placed, network), deltas);
            case Change.HoldReleased released -> remove(released.holdId(), deltas);
            case Change.Purchased purchased ->
                sell(
                        purchased.reference(),
                        purchased.account(),
                        purchased.holdIds(),
                        purchased.priceCents(),
                        purchased.at(),
                        deltas);
            case Change.BookingCancelled cancelled -> {
                LiveBooking booking = bookings.get(cancelled.reference());
                if (booking == null || !booking.account().equals(cancelled.account())) {
                    throw new IllegalStateException(
                            "no booking " + cancelled.reference() + " of " + cancelled.account());
                }
                cancel(cancelled.reference(), deltas);
            }
            case Change.ReferencesRetired retired -> retired.forEach(references::add);
            case Change.AccountCreated a -> {}
            case Change.SessionOpened s -> {}
            case Change.SessionClosed s -> {}
            case Change.IdempotencyRecorded r -> {}
        }
    }

    private static LiveHold replayedHold(Change.HoldPlaced placed, Network network) {
        List<Placement> placements = new ArrayList<>();
        for (SegmentSeats seats : placed.seats()) {
            Segment segment = network.segment(seats.segment())
                    .orElseThrow(() -> new IllegalStateException(
                            "hold " + placed.holdId() + " names unknown segment " + seats.segment()));
            placements.add(new Placement(segment, seats.seats()));
        }
        return new LiveHold(
                placed.holdId(),
                placed.account(),
                placed.passengers(),
                placed.priceCents(),
                placed.createdAt(),
                placed.expiresAt(),
                placements);
    }

    AuditSnapshot audit() {
        Map<String, AuditSnapshot.SegmentAudit> segments = new HashMap<>();
        inventories.forEach((id, inventory) -> {
            List<String> owners = new ArrayList<>(inventory.size());
            for (int i = 0; i < inventory.size(); i++) {
                owners.add(inventory.account(i));
            }
            segments.put(
                    id,
                    new AuditSnapshot.SegmentAudit(
                            inventory.render(null),
                            java.util.Collections.unmodifiableList(owners),
                            inventory.free(),
                            inventory.publishedFree(),
                            inventory.version()));
        });
        List<AuditSnapshot.HoldEntry> holdEntries = holds.values().stream()
                .map(h -> new AuditSnapshot.HoldEntry(h.id(), h.account(), h.expiresAt(), seatsOf(h.placements())))
                .toList();
        List<AuditSnapshot.BookingEntry> bookingEntries = bookings.values().stream()
                .map(b -> new AuditSnapshot.BookingEntry(b.reference(), b.account(), seatsOf(b.placements())))
                .toList();
        return new AuditSnapshot(segments, holdEntries, bookingEntries);
    }

    static List<SegmentSeats> seatsOf(List<Placement> placements) {
        return placements.stream()
                .map(p -> new SegmentSeats(p.segment().id(), p.seats()))
                .toList();
    }

    private LiveHold forget(String holdId) {
        LiveHold hold = holds.remove(holdId);
        if (hold == null) {
            throw new IllegalStateException("no hold " + holdId);
        }
        removeFromIndex(holdsByAccount, hold.account(), holdId);
        byExpiry.remove(hold);
        return hold;
    }

    private SeatInventory requireInventory(String segmentId) {
        SeatInventory inventory = inventories.get(segmentId);
        if (inventory == null) {
            throw new IllegalStateException("no segment " + segmentId);
        }
        return inventory;
    }

    private static <V> void removeFromIndex(Map<String, Map<String, V>> index, String account, String key) {
        Map<String, V> own = index.get(account);
        own.remove(key);
        if (own.isEmpty()) {
            index.remove(account);
        }
    }
}
