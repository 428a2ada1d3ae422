package app.trecho.tui;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Text formatting shared by the screens: the airline's time zone, money, durations, padding. */
final class Fmt {
    static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("dd MMM HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    private Fmt() {}

    static String dayTime(Instant instant) {
        return DAY_TIME.format(instant.atZone(ZONE));
    }

    static String time(Instant instant) {
        return TIME.format(instant.atZone(ZONE));
    }

    static LocalDate date(Instant instant) {
        return instant.atZone(ZONE).toLocalDate();
    }

    static String money(long cents) {
        return String.format(Locale.ROOT, "R$%,d.%02d", cents / 100, Math.abs(cents % 100));
    }

    static String duration(int minutes) {
        return String.format(Locale.ROOT, "%dh%02d", minutes / 60, minutes % 60);
    }

    /** A countdown like {@code 9:05}; {@code expired} at or below zero. */
    static String countdown(Duration left) {
        if (left.isNegative() || left.isZero()) {
            return "expired";
        }
        long seconds = (left.toMillis() + 999) / 1000;
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    static String seats(List<String> seats) {
        return seats == null || seats.isEmpty() ? "-" : String.join(",", seats);
    }

    /** Drops accents and anything else outside ASCII, for terminals that cannot show it. */
    static String ascii(String text) {
        return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD)
                .replaceAll("[^\\x20-\\x7E\\n]", "");
    }

    /** Pads with spaces or cuts to exactly {@code width} characters. */
    static String fit(String text, int width) {
        if (width <= 0) {
            return "";
        }
        if (text.length() > width) {
            return text.substring(0, width);
        }
        return text + " ".repeat(width - text.length());
    }

    static String right(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }
}
