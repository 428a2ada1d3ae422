package app.trecho.server.store;

import static app.trecho.server.store.Instants.fromNanos;

import app.trecho.server.state.Change;
import app.trecho.server.state.Change.SegmentSeats;
import app.trecho.server.state.StoredRow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the stored state back as the ordered changes that rebuild it (the order is the contract
 * documented in STORAGE.md): accounts, live sessions, every booking in purchase order (a live one
 * as its holds placed, then purchased; cancelled ones as their references alone, many to a change),
 * live holds, idempotency results by age (the newest 1,000 per account, without their responses,
 * which stay in the store until a retry asks for one).
 * Replaying them in this order never puts a seat in two live holds or bookings. What it reads into
 * memory grows with the live state, plus ~7 bytes for each cancelled booking's reference (which
 * the core keeps anyway, as ~8 bytes in its ReferenceSet), not with the history of holds and seats.
 */
final class StateLoader {

    /** References of cancelled bookings in one {@link Change.ReferencesRetired}: ~450 KB of text. */
    private static final int RETIRED_PER_CHANGE = 65_536;

    private StateLoader() {}

    /** Runs inside one read transaction so the picture is consistent. */
    static List<Change> load(Connection connection) throws SQLException {
        List<Change> changes = loadState(connection);
        loadResults(connection, changes::add);
        return changes;
    }

    /** Everything but the idempotency results: accounts, sessions, bookings, live holds, in that order. */
    static List<Change> loadState(Connection connection) throws SQLException {
        List<Change> changes = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            loadAccounts(statement, changes);
            loadSessions(statement, changes);
            Map<String, List<SegmentSeats>> seats = loadSeats(statement);
            Map<String, List<Change.HoldPlaced>> holdsByBooking = new HashMap<>();
            List<Change.HoldPlaced> liveHolds = new ArrayList<>();
            loadHolds(statement, seats, holdsByBooking, liveHolds);
            loadBookings(statement, holdsByBooking, changes);
            changes.addAll(liveHolds);
        }
        return changes;
    }

    /**
     * The idempotency results, oldest first, each handed to {@code into} as it is read: a busy
     * store remembers ~1,000 per account, and as one list their ~300 bytes each (account, key,
     * fingerprint) were on the heap at once, beside the edge's digests of them.
     */
    static void loadResults(Connection connection, Consumer<? super Change.IdempotencyRecorded> into)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            loadIdempotency(statement, into);
        }
    }

    private static void loadAccounts(Statement statement, List<Change> changes) throws SQLException {
        try (ResultSet rows = statement.executeQuery(
                "SELECT username, algorithm, iterations, salt, hash, created_ns FROM accounts ORDER BY rowid")) {
            while (rows.next()) {
                changes.add(new Change.AccountCreated(
                        rows.getString(1),
                        rows.getString(2),
                        rows.getInt(3),
                        rows.getBytes(4),
                        rows.getBytes(5),
                        fromNanos(rows.getLong(6))));
            }
        }
    }

    private static void loadSessions(Statement statement, List<Change> changes) throws SQLException {
        try (ResultSet rows = statement.executeQuery(
                "SELECT token_hash, username, opened_ns FROM sessions WHERE closed_ns IS NULL ORDER BY rowid")) {
            while (rows.next()) {
                changes.add(new Change.SessionOpened(rows.getString(1), rows.getString(2), fromNanos(rows.getLong(3))));
            }
        }
    }

    private static Map<String, List<SegmentSeats>> loadSeats(Statement statement) throws SQLException {
        Map<String, List<SegmentSeats>> byHold = new HashMap<>();
        try (ResultSet rows = statement.executeQuery("SELECT hold_id, segment_position, segment, seat FROM hold_seats"
                // the seats of live holds and live bookings: cancelled bookings' are live = 0
                + " WHERE live = 1 ORDER BY hold_id, segment_position, seat_position")) {
            String hold = null;
            int position = -1;
            List<SegmentSeats> segments = null;
            List<String> seats = null;
            while (rows.next()) {
                String rowHold = rows.getString(1);
                int rowPosition = rows.getInt(2);
                if (!rowHold.equals(hold)) {
                    hold = rowHold;
                    position = -1;
                    segments = new ArrayList<>();
                    byHold.put(hold, segments);
                }
                if (rowPosition != position) {
                    position = rowPosition;
                    seats = new ArrayList<>();
                    segments.add(new SegmentSeats(rows.getString(3), seats));
                }
                seats.add(rows.getString(4));
            }
        }
        return byHold;
    }

    private static void loadHolds(
            Statement statement,
            Map<String, List<SegmentSeats>> seats,
            Map<String, List<Change.HoldPlaced>> holdsByBooking,
            List<Change.HoldPlaced> liveHolds)
            throws SQLException {
        try (ResultSet rows = statement.executeQuery(
                "SELECT id, account, passengers, price_cents, created_ns, expires_ns, booking FROM holds"
                        + " WHERE booking IS NULL OR booking IN (SELECT reference FROM bookings WHERE cancelled_ns IS NULL)"
                        + " ORDER BY booking, booking_position, rowid")) {
            while (rows.next()) {
                String id = rows.getString(1);
                var hold = new Change.HoldPlaced(
                        id,
                        rows.getString(2),
                        rows.getInt(3),
                        rows.getLong(4),
                        fromNanos(rows.getLong(5)),
                        fromNanos(rows.getLong(6)),
                        seatsOf(seats, id));
                String booking = rows.getString(7);
                if (booking == null) {
                    liveHolds.add(hold);
                } else {
                    holdsByBooking
                            .computeIfAbsent(booking, b -> new ArrayList<>())
                            .add(hold);
                }
            }
        }
    }

    /** A live hold's live seats; none means the store contradicts itself, which must not pass unseen. */
    private static List<SegmentSeats> seatsOf(Map<String, List<SegmentSeats>> seats, String holdId)
            throws SQLException {
        List<SegmentSeats> held = seats.get(holdId);
        if (held == null) {
            throw new SQLException("store inconsistent: live hold " + holdId + " has no live seats");
        }
        return held;
    }

    private static void loadBookings(
            Statement statement, Map<String, List<Change.HoldPlaced>> holdsByBooking, List<Change> changes)
            throws SQLException {
        try (ResultSet rows = statement.executeQuery(
                "SELECT reference, account, price_cents, created_ns, cancelled_ns FROM bookings ORDER BY rowid")) {
            var retired = new RetiredReferences(changes);
            while (rows.next()) {
                String reference = rows.getString(1);
                rows.getLong(5);
                boolean cancelled = !rows.wasNull();
                if (cancelled) {
                    retired.add(reference);
                    continue;
                }
                retired.flush(); // purchase order holds: those cancelled before this one come first
                List<Change.HoldPlaced> holds = holdsByBooking.getOrDefault(reference, List.of());
                changes.addAll(holds);
                changes.add(new Change.Purchased(
                        reference,
                        rows.getString(2),
                        holds.stream().map(Change.HoldPlaced::holdId).toList(),
                        rows.getLong(3),
                        fromNanos(rows.getLong(4))));
            }
            retired.flush();
        }
    }

    /** Cancelled bookings' references, gathered into few changes (see {@link Change.ReferencesRetired}). */
    private static final class RetiredReferences {
        private final List<Change> changes;
        private final StringBuilder text = new StringBuilder();
        private int count;

        RetiredReferences(List<Change> changes) {
            this.changes = changes;
        }

        void add(String reference) throws SQLException {
            if (reference.isEmpty() || reference.indexOf(' ') >= 0) { // the separator; never issued
                throw new SQLException("store inconsistent: booking reference '" + reference + "'");
            }
            if (count > 0) {
                text.append(' ');
            }
            text.append(reference);
            if (++count == RETIRED_PER_CHANGE) {
                flush();
            }
        }

        void flush() {
            if (count > 0) {
                changes.add(new Change.ReferencesRetired(text.toString()));
                text.setLength(0);
                count = 0;
            }
        }
    }

    private static void loadIdempotency(Statement statement, Consumer<? super Change.IdempotencyRecorded> into)
            throws SQLException {
        try (ResultSet rows = statement.executeQuery(
                // By rowid, the order they were stored in (the writer assigns rowids), as the writer
                // decides which are dead: a clock that stepped back must not make dead ones look newest.
                "SELECT account, key, fingerprint, at_ns, r FROM (SELECT account, key, fingerprint, at_ns, rowid AS r,"
                        + " ROW_NUMBER()"
                        + " OVER (PARTITION BY account ORDER BY rowid DESC) AS newest FROM idempotency)"
                        + " WHERE newest <= " + ChangeWriter.IDEMPOTENCY_PER_ACCOUNT + " ORDER BY r")) {
            while (rows.next()) {
                into.accept(new Change.IdempotencyRecorded(
                        rows.getString(1),
                        rows.getString(2),
                        rows.getString(3),
                        null, // stays in the store: ResultReader reads it back when a retry asks
                        fromNanos(rows.getLong(4)),
                        StoredRow.of(rows.getLong(5))));
            }
        }
    }
}
