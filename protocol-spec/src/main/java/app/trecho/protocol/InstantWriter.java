package app.trecho.protocol;

import java.time.Instant;
import java.time.LocalDate;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * Writes instants as {@code 2026-11-27T10:15:00Z} (fraction in groups of three digits, as
 * {@link Instant#toString} does) without a formatter: search results carry hundreds of them.
 */
final class InstantWriter extends StdSerializer<Instant> {

    InstantWriter() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializationContext ctxt) {
        gen.writeString(format(value));
    }

    static String format(Instant value) {
        return append(new StringBuilder(30), value).toString();
    }

    /**
     * Appends {@code value} as {@link #format} writes it (no character JSON would escape): the
     * cycle encoder writes it straight into its line, without a string per instant.
     */
    static StringBuilder append(StringBuilder b, Instant value) {
        long seconds = value.getEpochSecond();
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        if (day.getYear() < 0 || day.getYear() > 9999) {
            return b.append(value);
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        pad(b, day.getYear(), 4).append('-');
        pad(b, day.getMonthValue(), 2).append('-');
        pad(b, day.getDayOfMonth(), 2).append('T');
        pad(b, secondOfDay / 3600, 2).append(':');
        pad(b, secondOfDay / 60 % 60, 2).append(':');
        pad(b, secondOfDay % 60, 2);
        int nanos = value.getNano();
        if (nanos > 0) {
            b.append('.');
            if (nanos % 1_000_000 == 0) {
                pad(b, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                pad(b, nanos / 1_000, 6);
            } else {
                pad(b, nanos, 9);
            }
        }
        return b.append('Z');
    }

    /** {@code value} (0 ≤ value < 10^width, as every caller's is) in exactly {@code width} digits. */
    private static StringBuilder pad(StringBuilder b, int value, int width) {
        // Digit by digit rather than through Integer.toString: no String per field, and a search
        // answer writes hundreds of instants.
        for (int divisor = POWERS_OF_TEN[width - 1]; divisor > 0; divisor /= 10) {
            b.append((char) ('0' + value / divisor % 10));
        }
        return b;
    }

    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
}
