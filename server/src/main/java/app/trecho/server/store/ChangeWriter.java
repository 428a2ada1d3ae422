package app.trecho.server.store;

import static app.trecho.server.store.Instants.toNanos;

import app.trecho.server.state.Change;
import app.trecho.server.state.Change.AccountCreated;
import app.trecho.server.state.Change.BookingCancelled;
import app.trecho.server.state.Change.HoldPlaced;
import app.trecho.server.state.Change.HoldReleased;
import app.trecho.server.state.Change.IdempotencyRecorded;
import app.trecho.server.state.Change.Purchased;
import app.trecho.server.state.Change.SegmentSeats;
import app.trecho.server.state.Change.SessionClosed;
import app.trecho.server.state.Change.SessionOpened;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns each {@link Change} into table writes on the writer connection, inside the caller's
 * transaction. A change that does not fit what is stored (a release of an unknown hold, a seat
 * claimed twice) throws, so the whole transaction rolls back: memory and store have diverged and
 * the server must reload (see STORAGE.md).
 */
final class ChangeWriter implements AutoCloseable {
    /** Results are kept this long before the newest one, unless the server asks for longer. */
    static final Duration IDEMPOTENCY_RETENTION = Duration.ofHours(24);

    /** The results per account the server remembers, and {@link StateLoader} returns. */
    static final int IDEMPOTENCY_PER_ACCOUNT = 1_000;

    /**
     * Rows kept per account beyond {@link #IDEMPOTENCY_PER_ACCOUNT}. The edge reads a remembered
     * response back by its row, and counts an account's newest keys in the order they were claimed,
     * while rowids follow the order they were committed: with several of the account's requests in
     * flight at once the two differ, and a key the edge still remembers could otherwise have a dead
     * row. They differ by at most the account's requests in flight at the same moment: one per
     * connection. (256 cost ~9% of book throughput: see STORAGE.md.)
     */
    static final int IDEMPOTENCY_MARGIN = 64;

    /**
     * Results older than an account's newest 1,000 + {@link #IDEMPOTENCY_MARGIN} are dead; they are
     * deleted oldest first once more than this many wait (see {@link IdempotencyRows}). So the table
     * holds at most 1,064 per account plus this many in all (~25 MB of rows). With 8,192 the rows
     * deleted were still spread among live ones: at 500 busy accounts a commit wrote ~85 pages of
     * the table for ~85 new rows; with 65,536, ~31 (STORAGE.md, "Pages written per change").
     */
    static final int DEAD_RESERVE = 65_536;

    /**
     * The store keeps a result this much longer than the edge remembers it: the edge ages a result
     * from when its commit completed, the store from when it was decided, a commit earlier.
     */
    static final Duration RETENTION_SLACK = Duration.ofHours(1);

    private final PreparedStatement insertAccount;
    private final PreparedStatement insertSession;
    private final PreparedStatement closeSession;
    private final PreparedStatement insertHold;
    private final PreparedStatement insertHoldSeat;
    private final PreparedStatement deleteHoldSeats;
    private final PreparedStatement deleteLiveHold;
    private final PreparedStatement insertBooking;
    private final PreparedStatement attachHold;
    private final PreparedStatement cancelBooking;
    private final PreparedStatement freeHoldSeats;
    private final PreparedStatement insertIdempotency;
    private final PreparedStatement deleteExpiredIdempotency;
    private final PreparedStatement deleteIdempotencyRun;

    private final IdempotencyRows idempotencyRows;
    private final LiveBookings liveBookings;
    private final Duration resultRetention;
    private Instant newestIdempotency;

    ChangeWriter(Connection c, Duration resultRetention) throws SQLException {
        this.resultRetention = resultRetention;
        insertAccount = c.prepareStatement(
                "INSERT INTO accounts(username, algorithm, iterations, salt, hash, created_ns) VALUES (?,?,?,?,?,?)");
        insertSession = c.prepareStatement("INSERT INTO sessions(token_hash, username, opened_ns) VALUES (?,?,?)");
        closeSession =
                c.prepareStatement("UPDATE sessions SET closed_ns = ? WHERE token_hash = ? AND closed_ns IS NULL");
        insertHold = c.prepareStatement(
                "INSERT INTO holds(id, account, passengers, price_cents, created_ns, expires_ns) VALUES (?,?,?,?,?,?)");
        insertHoldSeat = c.prepareStatement(
                "INSERT INTO hold_seats(hold_id, segment_position, segment, seat_position, seat, live)"
                        + " VALUES (?,?,?,?,?,1)");
        deleteHoldSeats = c.prepareStatement("DELETE FROM hold_seats WHERE hold_id = ?");
        deleteLiveHold = c.prepareStatement("DELETE FROM holds WHERE id = ? AND account = ? AND booking IS NULL");
        insertBooking = c.prepareStatement(
                "INSERT INTO bookings(rowid, reference, account, price_cents, created_ns) VALUES (?,?,?,?,?)");
        attachHold = c.prepareStatement("UPDATE holds SET booking = ?, booking_position = ?"
                + " WHERE id = ? AND account = ? AND booking IS NULL");
        cancelBooking = c.prepareStatement("UPDATE bookings SET cancelled_ns = ?"
                + " WHERE rowid = ? AND reference = ? AND account = ? AND cancelled_ns IS NULL");
        freeHoldSeats = c.prepareStatement("UPDATE hold_seats SET live = 0 WHERE hold_id = ?");
        // No unique key: a key recorded again (after its first result was evicted) adds a newer row,
        // and load() replays oldest first, so the newest result wins.
        insertIdempotency = c.prepareStatement(
                "INSERT INTO idempotency(rowid, account, key, fingerprint, response, at_ns) VALUES (?,?,?,?,?,?)");
        deleteExpiredIdempotency = c.prepareStatement("DELETE FROM idempotency WHERE rowid <= ?");
        deleteIdempotencyRun = c.prepareStatement("DELETE FROM idempotency WHERE rowid BETWEEN ? AND ?");
        idempotencyRows = IdempotencyRows.read(c, IDEMPOTENCY_PER_ACCOUNT + IDEMPOTENCY_MARGIN);
        liveBookings = LiveBookings.read(c);
    }

    void apply(Change change) throws SQLException {
        switch (change) {
            case AccountCreated a -> {
                insertAccount.setString(1, a.username());
                insertAccount.setString(2, a.algorithm());
                insertAccount.setInt(3, a.iterations());
                insertAccount.setBytes(4, a.salt());
                insertAccount.setBytes(5, a.hash());
                insertAccount.setLong(6, toNanos(a.at()));
                insertAccount.executeUpdate();
            }
            case SessionOpened s -> {
                insertSession.setString(1, s.tokenHash());
                insertSession.setString(2, s.username());
                insertSession.setLong(3, toNanos(s.at()));
                insertSession.executeUpdate();
            }
            case SessionClosed s -> {
                closeSession.setLong(1, toNanos(s.at()));
                closeSession.setString(2, s.tokenHash());
                expectOne(closeSession.executeUpdate(), "close of an unknown or closed session");
            }
            case HoldPlaced h -> placeHold(h);
            case HoldReleased r -> {
                // Ended holds are not history anyone reads: drop them, the table stays small.
                deleteHoldSeats.setString(1, r.holdId());
                deleteHoldSeats.executeUpdate();
                deleteLiveHold.setString(1, r.holdId());
                deleteLiveHold.setString(2, r.account());
                expectOne(deleteLiveHold.executeUpdate(), "release of unknown hold " + r.holdId());
            }
            case Purchased p -> purchase(p);
            case BookingCancelled b -> cancel(b);
            case Change.ReferencesRetired r ->
                throw new IllegalArgumentException("retired references are read from the store, never written to it");
            case IdempotencyRecorded i -> {
                long rowid = idempotencyRows.nextRowid();
                long atNanos = toNanos(i.at());
                insertIdempotency.setLong(1, rowid);
                insertIdempotency.setString(2, i.account());
                insertIdempotency.setString(3, i.key());
                insertIdempotency.setString(4, i.fingerprint());
                insertIdempotency.setString(5, i.response());
                insertIdempotency.setLong(6, atNanos);
                insertIdempotency.executeUpdate();
                idempotencyRows.added(i.account(), rowid, atNanos);
                i.row().set(rowid); // read by the edge only once the transaction committed
                if (newestIdempotency == null || i.at().isAfter(newestIdempotency)) {
                    newestIdempotency = i.at();
                }
            }
        }
    }

    /**
     * Drops the results older than the retention (24 h unless the server keeps them longer, plus
     * {@link #RETENTION_SLACK}) before the newest one, and the oldest dead ones beyond {@link
     * #DEAD_RESERVE}.
     */
    void beforeCommit() throws SQLException {
        if (newestIdempotency == null) {
            return;
        }
        long expiredThrough = idempotencyRows.expiredThrough(
                toNanos(newestIdempotency.minus(resultRetention).minus(RETENTION_SLACK)));
        if (expiredThrough > 0) {
            deleteExpiredIdempotency.setLong(1, expiredThrough); // a range of whole pages, oldest first
            deleteExpiredIdempotency.executeUpdate();
        }
        long[] runs = IdempotencyRows.runs(idempotencyRows.sweep(DEAD_RESERVE));
        for (int i = 0; i < runs.length; i += 2) {
            deleteIdempotencyRun.setLong(1, runs[i]);
            deleteIdempotencyRun.setLong(2, runs[i + 1]);
            deleteIdempotencyRun.addBatch();
        }
        if (runs.length > 0) {
            deleteIdempotencyRun.executeBatch();
        }
    }

    void afterCommit() {
        forgetTransaction();
    }

    /**
     * After a rollback. The caller then prepares a new writer, which reads {@link IdempotencyRows}
     * afresh, so rows of the rolled-back transaction are not counted.
     */
    void forgetTransaction() {
        newestIdempotency = null;
    }

    private void placeHold(HoldPlaced h) throws SQLException {
        insertHold.setString(1, h.holdId());
        insertHold.setString(2, h.account());
        insertHold.setInt(3, h.passengers());
        insertHold.setLong(4, h.priceCents());
        insertHold.setLong(5, toNanos(h.createdAt()));
        insertHold.setLong(6, toNanos(h.expiresAt()));
        insertHold.executeUpdate();
        for (int s = 0; s < h.seats().size(); s++) {
            SegmentSeats segment = h.seats().get(s);
            for (int i = 0; i < segment.seats().size(); i++) {
                insertHoldSeat.setString(1, h.holdId());
                insertHoldSeat.setInt(2, s);
                insertHoldSeat.setString(3, segment.segment());
                insertHoldSeat.setInt(4, i);
                insertHoldSeat.setString(5, segment.seats().get(i));
                insertHoldSeat.addBatch();
            }
        }
        insertHoldSeat.executeBatch();
    }

    private void purchase(Purchased p) throws SQLException {
        if (liveBookings.contains(p.reference())) {
            throw new SQLException("store and memory disagree: booking reference " + p.reference() + " reused");
        }
        long row = liveBookings.nextRow();
        insertBooking.setLong(1, row);
        insertBooking.setString(2, p.reference());
        insertBooking.setString(3, p.account());
        insertBooking.setLong(4, p.priceCents());
        insertBooking.setLong(5, toNanos(p.at()));
        insertBooking.executeUpdate();
        for (int i = 0; i < p.holdIds().size(); i++) {
            attachHold.setString(1, p.reference());
            attachHold.setInt(2, i);
            attachHold.setString(3, p.holdIds().get(i));
            attachHold.setString(4, p.account());
            expectOne(
                    attachHold.executeUpdate(),
                    "purchase of unknown hold " + p.holdIds().get(i));
        }
        liveBookings.purchased(p.reference(), row, p.holdIds());
    }

    private void cancel(BookingCancelled b) throws SQLException {
        LiveBookings.Booked booked = liveBookings.cancelled(b.reference());
        if (booked == null) {
            throw new SQLException("store and memory disagree: cancel of unknown booking " + b.reference());
        }
        cancelBooking.setLong(1, toNanos(b.at()));
        cancelBooking.setLong(2, booked.row());
        cancelBooking.setString(3, b.reference());
        cancelBooking.setString(4, b.account());
        expectOne(cancelBooking.executeUpdate(), "cancel of unknown booking " + b.reference());
        for (String holdId : booked.holdIds()) {
            freeHoldSeats.setString(1, holdId);
            freeHoldSeats.addBatch();
        }
        freeHoldSeats.executeBatch();
    }

    private static void expectOne(int updated, String what) throws SQLException {
        if (updated != 1) {
            throw new SQLException("store and memory disagree: " + what);
        }
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement statement : new PreparedStatement[] {
            insertAccount,
            insertSession,
            closeSession,
            insertHold,
            insertHoldSeat,
            deleteHoldSeats,
            deleteLiveHold,
            insertBooking,
            attachHold,
            cancelBooking,
            freeHoldSeats,
            insertIdempotency,
            deleteExpiredIdempotency,
            deleteIdempotencyRun
        }) {
            statement.close();
        }
    }
}
