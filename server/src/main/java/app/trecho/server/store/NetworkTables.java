package app.trecho.server.store;

import app.trecho.protocol.model.City;
import app.trecho.server.booking.Network;
import app.trecho.server.booking.Segment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes the flight network (schema v3): bookings name segment ids, and the sample
 * network is generated relative to the day it is built, so the network in force is stored with the
 * bookings and a restart on another day flies the same segments.
 */
final class NetworkTables {
    private NetworkTables() {}

    static Optional<StoredNetwork> read(Connection db) throws SQLException {
        String source;
        Instant savedAt;
        try (Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery("SELECT source, saved_ns FROM network WHERE id = 1")) {
            if (!row.next()) {
                return Optional.empty();
            }
            source = row.getString(1);
            savedAt = Instants.fromNanos(row.getLong(2));
        }
        List<City> cities = new ArrayList<>();
        try (Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("SELECT code, name FROM network_cities ORDER BY position")) {
            while (rows.next()) {
                cities.add(new City(rows.getString(1), rows.getString(2)));
            }
        }
        List<Segment> segments = new ArrayList<>();
        try (Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery("SELECT id, flight, origin, destination, departure_ns, arrival_ns,"
                        + " seat_rows, seat_columns, price_cents FROM network_segments")) {
            while (rows.next()) {
                segments.add(new Segment(
                        rows.getString(1),
                        rows.getString(2),
                        rows.getString(3),
                        rows.getString(4),
                        Instants.fromNanos(rows.getLong(5)),
                        Instants.fromNanos(rows.getLong(6)),
                        rows.getInt(7),
                        rows.getString(8),
                        rows.getLong(9)));
            }
        }
        try {
            return Optional.of(new StoredNetwork(new Network(cities, segments), source, savedAt));
        } catch (IllegalArgumentException e) {
            throw new SQLException("the stored network is invalid: " + e.getMessage(), e);
        }
    }

    /** Replaces the stored network; the caller commits. */
    static void write(Connection db, StoredNetwork stored) throws SQLException {
        try (Statement sql = db.createStatement()) {
            sql.execute("DELETE FROM network_segments");
            sql.execute("DELETE FROM network_cities");
            sql.execute("DELETE FROM network");
        }
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO network VALUES (1, ?, ?)")) {
            insert.setString(1, stored.source());
            insert.setLong(2, Instants.toNanos(stored.savedAt()));
            insert.executeUpdate();
        }
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO network_cities VALUES (?, ?, ?)")) {
            List<City> cities = stored.network().cities();
            for (int i = 0; i < cities.size(); i++) {
                insert.setInt(1, i);
                insert.setString(2, cities.get(i).code());
                insert.setString(3, cities.get(i).name());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert =
                db.prepareStatement("INSERT INTO network_segments VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Segment s : stored.network().segments()) {
                insert.setString(1, s.id());
                insert.setString(2, s.flight());
                insert.setString(3, s.origin());
                insert.setString(4, s.destination());
                insert.setLong(5, Instants.toNanos(s.departure()));
                insert.setLong(6, Instants.toNanos(s.arrival()));
                insert.setInt(7, s.rows());
                insert.setString(8, s.columns());
                insert.setLong(9, s.priceCents());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
