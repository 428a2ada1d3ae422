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
 * at GRU and BSB, about 48 departures a day for the 7 days starting today. Deterministic: the same
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

    /** A city pair flown both ways: local departure times out (a to b) and back (b to a). */
    private record Route(String a, String b, int minutes, Aircraft aircraft, List<String> out, List<String> back) {}

    private static final List<Route> ROUTES = List.of(
            new Route("GRU", "GIG", 55, MAINLINE, List.of("07:00", "13:00"), List.of("08:45", "15:00")),
            new Route("GRU", "BSB", 95, MAINLINE, List.of("06:30", "12:30"), List.of("07:00", "13:00")),
            new Route("GRU", "CNF", 70, MAINLINE, List.of("08:00", "18:00"), List.of("10:00", "20:00")),
            new Route("GRU", "POA", 95, MAINLINE, List.of("09:00", "17:00"), List.of("06:30", "12:00")),
            new Route("GRU", "CWB", 60, REGIONAL, List.of("10:30"), List.of("07:15")),
            new Route("GRU", "FLN", 65, REGIONAL, List.of("11:00"), List.of("06:45")),
            new Route("GRU", "SSA", 135, MAINLINE, List.of("10:00"), List.of("13:30")),
            new Route("GRU", "REC", 185, MAINLINE, List.of("11:30"), List.of("15:45")),
            new Route("GRU", "FOR", 200, MAINLINE, List.of("12:00"), List.of("16:30")),
            new Route("GRU", "VIX", 80, REGIONAL, List.of("09:45"), List.of("12:15")),
            new Route("BSB", "MAO", 150, MAINLINE, List.of("09:30", "20:00"), List.of("13:00", "06:00")),
            new Route("BSB", "BEL", 140, MAINLINE, List.of("10:00"), List.of("13:20")),
            new Route("BSB", "SSA", 110, MAINLINE, List.of("09:15"), List.of("12:10")),
            new Route("BSB", "REC", 140, MAINLINE, List.of("14:30"), List.of("07:30")),
            new Route("BSB", "FOR", 150, MAINLINE, List.of("15:00"), List.of("06:30")),
            new Route("BSB", "CNF", 75, REGIONAL, List.of("08:30"), List.of("10:30")),
            new Route("BSB", "GIG", 100, MAINLINE, List.of("16:00"), List.of("08:00")),
            new Route("REC", "FOR", 60, REGIONAL, List.of("18:30"), List.of("07:00")),
            new Route("REC", "NAT", 45, REGIONAL, List.of("17:30"), List.of("06:50")),
            new Route("POA", "FLN", 55, REGIONAL, List.of("08:00"), List.of("17:45")),
            new Route("BEL", "MAO", 120, REGIONAL, List.of("15:30"), List.of("08:30")));

    private SampleNetwork() {}

    /** The sample network for the {@value #DAYS} days starting at {@code today} (airline time zone). */
    public static Network create(LocalDate today) {
        List<Segment> segments = new ArrayList<>();
        for (int day = 0; day < DAYS; day++) {
            LocalDate date = today.plusDays(day);
            int number = 1001;
            for (Route route : ROUTES) {
                for (String time : route.out()) {
                    segments.add(segment("TR" + number, route.a(), route.b(), route, date, time));
                    number += 2;
                }
                for (String time : route.back()) {
                    segments.add(segment("TR" + number, route.b(), route.a(), route, date, time));
                    number += 2;
                }
            }
        }
        return new Network(CITIES, segments);
    }

    private static Segment segment(String flight, String from, String to, Route route, LocalDate date, String time) {
        LocalTime local = LocalTime.parse(time);
        Instant departure = date.atTime(local).atZone(Network.ZONE).toInstant();
        Instant arrival = departure.plus(Duration.ofMinutes(route.minutes()));
        return new Segment(
                Segment.idOf(flight, departure),
                flight,
                from,
                to,
                departure,
                arrival,
                route.aircraft().rows(),
                route.aircraft().columns(),
                fare(route.minutes(), local));
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
