package app.trecho.server.booking;

import app.trecho.protocol.model.City;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/** Small networks whose every itinerary a test can list by hand. */
final class TestNetworks {

    static final LocalDate DAY = LocalDate.of(2030, 1, 10);
    /** Midnight of {@link #DAY} in the airline zone: before every departure of the small network. */
    static final Instant START = DAY.atStartOfDay(Network.ZONE).toInstant();

    private TestNetworks() {}

    /**
     * GRU, BSB, MAO, REC, SSA with (local times on {@link #DAY}, 3 rows x ABC unless noted):
     * TR100 GRU-BSB 08:00-09:30, TR101 GRU-BSB 12:00-13:30, TR200 BSB-MAO 10:15-12:45 (45 min after
     * TR100), TR201 BSB-MAO 10:00-12:30 (too tight after TR100), TR300 GRU-MAO 09:00-13:00,
     * TR400 BSB-REC 14:30-16:30, TR500 REC-MAO 17:30-19:30, TR600 BSB-GRU 10:30-12:00, TR700 BSB-MAO
     * 23:00-01:30 (over 12 h after TR100), TR800 GRU-SSA 08:00-10:00 (2 rows x ABCDEF).
     */
    static Network small() {
        return new Network(
                List.of(
                        new City("GRU", "São Paulo"),
                        new City("BSB", "Brasília"),
                        new City("MAO", "Manaus"),
                        new City("REC", "Recife"),
                        new City("SSA", "Salvador")),
                List.of(
                        segment("TR100", "GRU", "BSB", "08:00", 90, 10_000),
                        segment("TR101", "GRU", "BSB", "12:00", 90, 8_000),
                        segment("TR200", "BSB", "MAO", "10:15", 150, 20_000),
                        segment("TR201", "BSB", "MAO", "10:00", 150, 15_000),
                        segment("TR300", "GRU", "MAO", "09:00", 240, 40_000),
                        segment("TR400", "BSB", "REC", "14:30", 120, 5_000),
                        segment("TR500", "REC", "MAO", "17:30", 120, 5_000),
                        segment("TR600", "BSB", "GRU", "10:30", 90, 9_000),
                        segment("TR700", "BSB", "MAO", "23:00", 150, 7_000),
                        new Segment(
                                id("TR800"), "TR800", "GRU", "SSA", at("08:00"), at("10:00"), 2, "ABCDEF", 12_000)));
    }

    /** Two connecting segments GRU-BSB (TR1) and BSB-MAO (TR2), each {@code seats} seats in one row. */
    static Network tiny(int seats) {
        String columns = "ABCDEF".substring(0, seats);
        return new Network(
                List.of(new City("GRU", "São Paulo"), new City("BSB", "Brasília"), new City("MAO", "Manaus")),
                List.of(
                        new Segment(id("TR1"), "TR1", "GRU", "BSB", at("08:00"), at("09:00"), 1, columns, 100),
                        new Segment(id("TR2"), "TR2", "BSB", "MAO", at("10:00"), at("11:00"), 1, columns, 200)));
    }

    static String id(String flight) {
        return flight + "-" + DAY;
    }

    static Instant at(String localTime) {
        return DAY.atTime(LocalTime.parse(localTime)).atZone(Network.ZONE).toInstant();
    }

    private static Segment segment(String flight, String from, String to, String departs, int minutes, long price) {
        Instant departure = at(departs);
        return new Segment(
                id(flight), flight, from, to, departure, departure.plusSeconds(minutes * 60L), 3, "ABC", price);
    }
}
