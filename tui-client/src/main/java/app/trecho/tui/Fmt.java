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

    /**
     * A table cell of exactly {@code width} characters, left-aligned, that always ends in a space so
     * it never runs into the next column: text too long is cut and ends in {@code ellipsis}.
     */
    static String cell(String text, int width, String ellipsis) {
        return fit(shorten(text, width - 1, ellipsis), width);
    }

    /** {@link #cell} right-aligned: always starts with a space. */
    static String rightCell(String text, int width, String ellipsis) {
        return " " + right(shorten(text, width - 1, ellipsis), width - 1);
    }

    /** {@code text}, or its start and {@code ellipsis} in {@code width} characters when longer. */
    static String shorten(String text, int width, String ellipsis) {
        if (text.length() <= width) {
            return text;
        }
        if (width <= ellipsis.length()) {
            return text.substring(0, Math.max(0, width));
        }
        return text.substring(0, width - ellipsis.length()) + ellipsis;
    }

    /** Breaks {@code text} at spaces into lines of at most {@code width} characters (longer words stay whole). */
    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder();
        int lineLength = 0;
        for (String word : text.split(" ")) {
            if (lineLength > 0 && lineLength + 1 + word.length() > width) {
                out.append('\n');
                lineLength = 0;
            } else if (lineLength > 0) {
                out.append(' ');
                lineLength++;
            }
            out.append(word);
            lineLength += word.length();
        }
        return out.toString();
    }

    static String right(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }
}
