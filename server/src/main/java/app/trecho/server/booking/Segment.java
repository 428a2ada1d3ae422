package app.trecho.server.booking;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One scheduled flight on one day, with its cabin layout and fare.
 *
 * @param id {@code <flight>-<yyyy-mm-dd>}, the date being the departure date in {@link Network#ZONE}
 * @param rows seat rows, 1–99
 * @param columns the seat letters of every row, e.g. {@code ABCDEF} (distinct letters A–K)
 * @param priceCents the fare for one passenger
 */
public record Segment(
        String id,
        String flight,
        String origin,
        String destination,
        Instant departure,
        Instant arrival,
        int rows,
        String columns,
        long priceCents) {

    static final Pattern FLIGHT = Pattern.compile("^[A-Z0-9]{2}[0-9]{1,4}$");
    private static final Pattern COLUMNS = Pattern.compile("^[A-K]{1,11}$");

    public Segment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(flight, "flight");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(departure, "departure");
        Objects.requireNonNull(arrival, "arrival");
        Objects.requireNonNull(columns, "columns");
        if (!FLIGHT.matcher(flight).matches()) {
            throw new IllegalArgumentException("flight number '" + flight + "' is not like TR1201");
        }
        if (!id.equals(idOf(flight, departure))) {
            throw new IllegalArgumentException("segment id '" + id + "' must be " + idOf(flight, departure));
        }
        if (origin.equals(destination)) {
            throw new IllegalArgumentException("segment " + id + " flies from " + origin + " to itself");
        }
        if (!arrival.isAfter(departure)) {
            throw new IllegalArgumentException("segment " + id + " arrives before it departs");
        }
        if (rows < 1 || rows > 99) {
            throw new IllegalArgumentException("segment " + id + " has " + rows + " rows (1-99 allowed)");
        }
        if (!COLUMNS.matcher(columns).matches() || columns.chars().distinct().count() != columns.length()) {
            throw new IllegalArgumentException(
                    "segment " + id + " seat letters '" + columns + "' must be distinct A-K");
        }
        if (priceCents < 0) {
            throw new IllegalArgumentException("segment " + id + " has a negative price");
        }
    }

    /** The id a flight departing at {@code departure} gets: the flight number and the local departure date. */
    public static String idOf(String flight, Instant departure) {
        return flight + "-" + LocalDate.ofInstant(departure, Network.ZONE);
    }

    public int seatsTotal() {
        return rows * columns.length();
    }

    /** The departure date in the airline's time zone. */
    public LocalDate date() {
        return LocalDate.ofInstant(departure, Network.ZONE);
    }

    public Duration duration() {
        return Duration.between(departure, arrival);
    }

    /** The seat's position row by row, or -1 when this aircraft has no such seat. */
    public int seatIndex(String label) {
        int length = label == null ? 0 : label.length();
        if (length < 2 || length > 3) {
            return -1;
        }
        int column = columns.indexOf(label.charAt(length - 1));
        if (column < 0 || label.charAt(0) == '0') {
            return -1;
        }
        // By hand: every seat of every hold and sale comes through here, and a substring and a
        // stream per seat were ~1.5% of what the server allocated under book load.
        int row = 0;
        for (int i = 0; i < length - 1; i++) {
            char c = label.charAt(i);
            if (c < '0' || c > '9') {
                return -1; // ASCII digits only, as the protocol's seat labels are
            }
            row = row * 10 + (c - '0');
        }
        return row <= rows ? (row - 1) * columns.length() + column : -1;
    }

    public String seatLabel(int index) {
        if (index < 0 || index >= seatsTotal()) {
            throw new IndexOutOfBoundsException(index);
        }
        return (index / columns.length() + 1) + String.valueOf(columns.charAt(index % columns.length()));
    }
}
