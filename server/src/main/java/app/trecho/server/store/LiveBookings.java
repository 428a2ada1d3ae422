package app.trecho.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored bookings not cancelled, by reference: their row id and holds. Bookings are keyed by
 * row id in insertion order, so a purchase appends to the table's last page; an index on the
 * random, customer-facing reference would put every purchase on a page of its own (STORAGE.md).
 * Writer thread only; rebuilt from the tables whenever the writer's statements are (after every
 * failed transaction), so it never drifts from what is stored.
 */
final class LiveBookings {
    /** A live booking's row in {@code bookings} and its holds, in booking order. */
    record Booked(long row, List<String> holdIds) {}

    private final Map<String, Booked> byReference = new HashMap<>();
    private long lastRow;

    static LiveBookings read(Connection c) throws SQLException {
        LiveBookings live = new LiveBookings();
        try (Statement statement = c.createStatement()) {
            try (ResultSet last = statement.executeQuery("SELECT coalesce(max(rowid), 0) FROM bookings")) {
                last.next();
                live.lastRow = last.getLong(1);
            }
            try (ResultSet booked = statement.executeQuery(
                    "SELECT b.rowid, b.reference, h.id FROM bookings b LEFT JOIN holds h ON h.booking = b.reference"
                            + " WHERE b.cancelled_ns IS NULL ORDER BY b.rowid, h.booking_position")) {
                while (booked.next()) {
                    long row = booked.getLong(1);
                    List<String> holdIds = live.byReference
                            .computeIfAbsent(booked.getString(2), r -> new Booked(row, new ArrayList<>()))
                            .holdIds();
                    if (booked.getString(3) != null) { // a booking without holds still counts
                        holdIds.add(booked.getString(3));
                    }
                }
            }
        }
        return live;
    }

    /** The row id for the next booking: above every stored one, so row order is purchase order. */
    long nextRow() {
        return lastRow + 1;
    }

    boolean contains(String reference) {
        return byReference.containsKey(reference);
    }

    void purchased(String reference, long row, List<String> holdIds) {
        byReference.put(reference, new Booked(row, List.copyOf(holdIds)));
        lastRow = Math.max(lastRow, row);
    }

    /** Forgets and returns the live booking {@code reference}, or null when there is none. */
    Booked cancelled(String reference) {
        return byReference.remove(reference);
    }
}
