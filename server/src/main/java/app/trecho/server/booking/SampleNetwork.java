package app.trecho.server.booking;

import app.trecho.protocol.model.City;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in network the server flies when no network file is given: 14 Brazilian cities, hubs
 * at GRU and BSB with connecting banks, 58 departures a day for the 7 days starting today (every
 * city reaches every other on any day within three legs). Deterministic: the same
 * date gives the same network, so a restarted server finds the segments its stored holds name.
 */
public final class SampleNetwork {

    static final int DAYS = 7;

    private static final List<City> CITIES = List.of(
            new City("GRU", "São Paulo–Guarulhos"),
            new City("GIG", "Rio de Janeiro–Galeão"),
            new City("BSB", "Brasília"),
            new City("CNF", "Belo Horizonte–Confins"),
            new City("SSA", "Salvador"),
            new City("REC", "Recife"),
            new City("FOR", "Fortaleza"),
            new City("POA", "Porto Alegre"),
            new City("CWB", "Curitiba"),
            new City("FLN", "Florianópolis"),
            new City("MAO", "Manaus"),
            new City("BEL", "Belém"),
            new City("NAT", "Natal"),
            new City("VIX", "Vitória"));

    private record Aircraft(int rows, String columns) {}

    private static final Aircraft MAINLINE = new Aircraft(30, "ABCDEF");
    private static final Aircraft REGIONAL = new Aircraft(20, "ABCD");

    /**
     * A spoke city flown to and from a hub in banks: it lands at the hub at each of
     * {@code hubArrivals}, and the hub's flight back leaves an hour later, so every spoke of a hub
     * connects to every other spoke of that hub with a 60-minute layover.
     */
    private record Spoke(String hub, String city, int minutes, Aircraft aircraft, List<String> hubArrivals) {}

    /** Two hubs: GRU banks at 09:00 and 15:00, BSB at 12:00, and a shuttle that links the banks. */
    private static final List<String> GRU_BANKS = List.of("09:00", "15:00");

    private static final List<String> BSB_BANKS = List.of("12:00");

    private static final List<Spoke> SPOKES = List.of(
            new Spoke("GRU", "GIG", 55, MAINLINE, GRU_BANKS),
            new Spoke("GRU", "CNF", 70, MAINLINE, GRU_BANKS),
            new Spoke("GRU", "POA", 95, MAINLINE, GRU_BANKS),
            new Spoke("GRU", "CWB", 60, REGIONAL, GRU_BANKS),
            new Spoke("GRU", "FLN", 65, REGIONAL, GRU_BANKS),
            new Spoke("GRU", "SSA", 135, MAINLINE, GRU_BANKS),
            new Spoke("GRU", "REC", 185, MAINLINE, GRU_BANKS),
            new Spoke("GRU", "FOR", 200, MAINLINE, GRU_BANKS),
            new Spoke("GRU", "VIX", 80, REGIONAL, GRU_BANKS),
            new Spoke("BSB", "MAO", 150, MAINLINE, BSB_BANKS),
            new Spoke("BSB", "BEL", 140, MAINLINE, BSB_BANKS),
            new Spoke("BSB", "NAT", 165, REGIONAL, BSB_BANKS),
            new Spoke("BSB", "SSA", 110, MAINLINE, BSB_BANKS),
            new Spoke("BSB", "REC", 140, MAINLINE, BSB_BANKS),
            new Spoke("BSB", "FOR", 150, MAINLINE, BSB_BANKS),
            new Spoke("BSB", "CNF", 75, REGIONAL, BSB_BANKS),
            new Spoke("BSB", "GIG", 100, MAINLINE, BSB_BANKS));

    /** GRU-BSB: the 10:00 feeds BSB's bank from GRU's first; the 13:00 back feeds GRU's second. */
    private static final List<String> SHUTTLE_TO_BSB = List.of("07:00", "10:00", "18:00");

    private static final List<String> SHUTTLE_TO_GRU = List.of("07:00", "13:00", "18:00");
    private static final int SHUTTLE_MINUTES = 95;

    private SampleNetwork() {}

    /** The sample network for the {@value #DAYS} days starting at {@code today} (airline time zone). */
    public static Network create(LocalDate today) {
        List<Segment> segments = new ArrayList<>();
        for (int day = 0; day < DAYS; day++) {
            LocalDate date = today.plusDays(day);
            int number = 1001;
            for (String time : SHUTTLE_TO_BSB) {
                segments.add(
                        segment("TR" + number, "GRU", "BSB", SHUTTLE_MINUTES, MAINLINE, date, LocalTime.parse(time)));
                number += 2;
            }
            for (String time : SHUTTLE_TO_GRU) {
                segments.add(
                        segment("TR" + number, "BSB", "GRU", SHUTTLE_MINUTES, MAINLINE, date, LocalTime.parse(time)));
                number += 2;
            }
            for (Spoke spoke : SPOKES) {
                for (String bank : spoke.hubArrivals()) {
                    LocalTime arrival = LocalTime.parse(bank);
                    LocalTime inbound = arrival.minusMinutes(spoke.minutes());
                    LocalTime outbound = arrival.plusHours(1);
                    segments.add(segment(
                            "TR" + number,
                            spoke.city(),
                            spoke.hub(),
                            spoke.minutes(),
                            spoke.aircraft(),
                            date,
                            inbound));
                    segments.add(segment(
                            "TR" + (number + 1),
                            spoke.hub(),
                            spoke.city(),
                            spoke.minutes(),
                            spoke.aircraft(),
                            date,
                            outbound));
                    number += 2;
                }
            }
        }
        return new Network(CITIES, segments);
    }

    private static Segment segment(
            String flight, String from, String to, int minutes, Aircraft aircraft, LocalDate date, LocalTime local) {
        Instant departure = date.atTime(local).atZone(Network.ZONE).toInstant();
        Instant arrival = departure.plus(Duration.ofMinutes(minutes));
        return new Segment(
                Segment.idOf(flight, departure),
                flight,
                from,
                to,
                departure,
                arrival,
                aircraft.rows(),
                aircraft.columns(),
                fare(minutes, local));
    }

    /** A fare that grows with flight time, dearer at the business peaks. */
    private static long fare(int minutes, LocalTime departure) {
        long base = 12_900 + minutes * 320L;
        int hour = departure.getHour();
        boolean peak = (hour >= 6 && hour < 9) || (hour >= 17 && hour < 20);
        long price = peak ? base * 115 / 100 : base;
        return price / 100 * 100 - 10;
    }
}
