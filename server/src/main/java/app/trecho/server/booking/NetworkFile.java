package app.trecho.server.booking;

import app.trecho.protocol.model.City;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads a network from the JSON format of server/NETWORK.md: cities plus a weekly schedule of
 * flights, expanded over a date range. Strict: unknown fields, wrong types and out-of-range values
 * are errors naming the file and the field, so a typo stops start-up instead of flying a wrong
 * network.
 */
public final class NetworkFile {

    /** The longest date range a file may expand to, to keep memory bounded. */
    static final int MAX_DAYS = 366;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String name;

    private NetworkFile(String name) {
        this.name = name;
    }

    /** The network of {@code file}, with dates defaulting to the 7 days from today (airline time zone). */
    public static Network load(Path file) {
        return load(file, LocalDate.now(Network.ZONE));
    }

    /** @param today the first day when the file has no {@code dates} */
    public static Network load(Path file, LocalDate today) {
        String name = String.valueOf(file.getFileName());
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NetworkFileException(file + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new NetworkFileException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(name, text, today);
    }

    /** Parses {@code json} as if read from a file called {@code name} (used in messages). */
    static Network parse(String name, String json, LocalDate today) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            var where = e.getLocation();
            String position = where == null ? "" : " line " + where.getLineNr() + " column " + where.getColumnNr();
            throw new NetworkFileException(name + position + ": " + e.getOriginalMessage(), e);
        }
        return new NetworkFile(name).network(root, today);
    }

    private Network network(JsonNode root, LocalDate today) {
        object(root, "(top level)", Set.of("cities", "flights", "dates"));
        LocalDate first = today;
        LocalDate last = today.plusDays(SampleNetwork.DAYS - 1);
        JsonNode dates = root.get("dates");
        if (dates != null) {
            object(dates, "dates", Set.of("from", "to"));
            first = date(dates, "from", "dates.from");
            last = date(dates, "to", "dates.to");
            if (last.isBefore(first)) {
                throw fail("dates.to", "is before dates.from");
            }
            if (first.plusDays(MAX_DAYS).isBefore(last.plusDays(1))) {
                throw fail("dates", "spans more than " + MAX_DAYS + " days");
            }
        }
        List<City> cities = cities(array(root, "cities", "cities"));
        Set<String> codes =
                new java.util.HashSet<>(cities.stream().map(City::code).toList());
        JsonNode flights = array(root, "flights", "flights");
        List<Segment> segments = new ArrayList<>();
        Map<String, String> origins = new HashMap<>();
        for (int i = 0; i < flights.size(); i++) {
            String path = "flights[" + i + "]";
            for (Segment segment : flight(flights.get(i), path, codes, first, last)) {
                String before = origins.putIfAbsent(segment.id(), path);
                if (before != null) {
                    throw fail(path, segment.flight() + " already departs on " + segment.date() + " (" + before + ")");
                }
                segments.add(segment);
            }
        }
        try {
            return new Network(cities, segments);
        } catch (IllegalArgumentException e) {
            throw fail("network", e.getMessage());
        }
    }

    private List<City> cities(JsonNode array) {
        List<City> cities = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "cities[" + i + "]";
            JsonNode city = array.get(i);
            object(city, path, Set.of("code", "name"));
            String code = string(city, "code", path + ".code");
            if (!Network.CITY_CODE.matcher(code).matches()) {
                throw fail(path + ".code", "'" + code + "' is not three capital letters");
            }
            Integer before = seen.putIfAbsent(code, i);
            if (before != null) {
                throw fail(path + ".code", "'" + code + "' is already cities[" + before + "]");
            }
            String cityName = string(city, "name", path + ".name");
            if (cityName.isBlank()) {
                throw fail(path + ".name", "is blank");
            }
            cities.add(new City(code, cityName));
        }
        if (cities.isEmpty()) {
            throw fail("cities", "needs at least one city");
        }
        return cities;
    }

    private List<Segment> flight(JsonNode flight, String path, Set<String> codes, LocalDate first, LocalDate last) {
        object(
                flight,
                path,
                Set.of("flight", "from", "to", "departs", "minutes", "days", "rows", "seats", "priceCents"));
        String number = string(flight, "flight", path + ".flight");
        if (!Segment.FLIGHT.matcher(number).matches()) {
            throw fail(path + ".flight", "'" + number + "' is not a flight number like TR1201");
        }
        String from = city(flight, "from", path, codes);
        String to = city(flight, "to", path, codes);
        if (from.equals(to)) {
            throw fail(path + ".to", "is the same city as from");
        }
        String departsText = string(flight, "departs", path + ".departs");
        LocalTime departs;
        try {
            departs = LocalTime.parse(departsText);
        } catch (DateTimeParseException e) {
            throw fail(path + ".departs", "'" + departsText + "' is not a local time like 07:30");
        }
        int minutes = integer(flight, "minutes", path + ".minutes", 1, 24 * 60);
        int rows = integer(flight, "rows", path + ".rows", 1, 99);
        String seats = string(flight, "seats", path + ".seats");
        if (!seats.matches("^[A-K]{1,11}$") || seats.chars().distinct().count() != seats.length()) {
            throw fail(path + ".seats", "'" + seats + "' must be distinct seat letters A-K, like ABCDEF");
        }
        long price = integer(flight, "priceCents", path + ".priceCents", 0, Integer.MAX_VALUE);
        Set<DayOfWeek> days = days(flight.get("days"), path + ".days");
        List<Segment> segments = new ArrayList<>();
        for (LocalDate date = first; !date.isAfter(last); date = date.plusDays(1)) {
            if (days.contains(date.getDayOfWeek())) {
                Instant departure = date.atTime(departs).atZone(Network.ZONE).toInstant();
                Instant arrival = departure.plusSeconds(minutes * 60L);
                segments.add(new Segment(
                        Segment.idOf(number, departure), number, from, to, departure, arrival, rows, seats, price));
            }
        }
        return segments;
    }

    private Set<DayOfWeek> days(JsonNode days, String path) {
        if (days == null) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        if (!days.isArray() || days.isEmpty()) {
            throw fail(path, "must be a non-empty list like [\"MON\", \"FRI\"]");
        }
        Set<DayOfWeek> result = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < days.size(); i++) {
            JsonNode day = days.get(i);
            DayOfWeek parsed = day.isString() ? dayOfWeek(day.stringValue()) : null;
            if (parsed == null) {
                throw fail(path + "[" + i + "]", day + " is not one of MON TUE WED THU FRI SAT SUN");
            }
            result.add(parsed);
        }
        return result;
    }

    private static DayOfWeek dayOfWeek(String text) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().substring(0, 3).equals(text.toUpperCase(Locale.ROOT))) {
                return day;
            }
        }
        return null;
    }

    private String city(JsonNode flight, String field, String path, Set<String> codes) {
        String code = string(flight, field, path + "." + field);
        if (!codes.contains(code)) {
            throw fail(path + "." + field, "unknown city '" + code + "'");
        }
        return code;
    }

    private void object(JsonNode node, String path, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            throw fail(path, "must be an object");
        }
        for (String field : node.propertyNames()) {
            if (!allowed.contains(field)) {
                String where = path.equals("(top level)") ? field : path + "." + field;
                throw fail(
                        where,
                        "unknown field (allowed: "
                                + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private JsonNode array(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null) {
            throw fail(path, "is missing");
        }
        if (!node.isArray()) {
            throw fail(path, "must be a list");
        }
        return node;
    }

    private String string(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null) {
            throw fail(path, "is missing");
        }
        if (!node.isString()) {
            throw fail(path, "must be a string, not " + node);
        }
        return node.stringValue();
    }

    private int integer(JsonNode parent, String field, String path, int min, int max) {
        JsonNode node = parent.get(field);
        if (node == null) {
            throw fail(path, "is missing");
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw fail(path, "must be a whole number, not " + node);
        }
        int value = node.intValue();
        if (value < min || value > max) {
            throw fail(path, value + " is outside " + min + "-" + max);
        }
        return value;
    }

    private LocalDate date(JsonNode parent, String field, String path) {
        String text = string(parent, field, path);
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw fail(path, "'" + text + "' is not a date like 2026-11-27");
        }
    }

    private NetworkFileException fail(String path, String problem) {
        return new NetworkFileException(name + ": " + path + ": " + problem);
    }
}
