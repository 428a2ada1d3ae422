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
        long seconds = value.getEpochSecond();
        LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        if (day.getYear() < 0 || day.getYear() > 9999) {
            return value.toString();
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        StringBuilder b = new StringBuilder(30);
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
        return b.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            b.append('0');
        }
        return b.append(digits);
    }
}
