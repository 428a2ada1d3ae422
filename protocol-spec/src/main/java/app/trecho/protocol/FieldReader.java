package app.trecho.protocol;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of one JSON object with the protocol's rules, failing with INVALID_FIELD and
 * {@code details.field} set to the field's path ({@code passengers}, {@code hold/segments/0/seats/1}).
 * Absent and null are the same for optional fields; unknown fields are ignored.
 */
final class FieldReader {

    /** Reads one nested object. */
    interface Reader<T> {
        T read(FieldReader object) throws ProtocolException;
    }

    /** Where a value sits, built only when an error needs its path. */
    private record Where(Where parent, String name, int index) {
        String path() {
            String self = name != null ? name : Integer.toString(index);
            return parent == null ? self : parent.path() + "/" + self;
        }
    }

    private final JsonNode node;
    private final Where where;
    private final String id;

    private FieldReader(JsonNode node, Where where, String id) {
        this.node = node;
        this.where = where;
        this.id = id;
    }

    /** A reader of the top-level object; {@code id} is echoed in every error. */
    static FieldReader top(JsonNode node, String id) {
        return new FieldReader(node, null, id);
    }

    String requestId() {
        return id;
    }

    private Where at(String name) {
        return new Where(where, name, -1);
    }

    private static Where at(Where parent, int index) {
        return new Where(parent, null, index);
    }

    ProtocolException fail(Where w, String problem) {
        String path = w.path();
        return new ProtocolException(ErrorCode.INVALID_FIELD, path + ": " + problem, id, Map.of("field", path));
    }

    /** The value of {@code name}, or null when absent or null. */
    private JsonNode optional(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    private JsonNode required(String name) throws ProtocolException {
        JsonNode v = optional(name);
        if (v == null) {
            throw fail(at(name), "required");
        }
        return v;
    }

    // ---- strings

    String string(String name, FieldRules rule) throws ProtocolException {
        return checked(at(name), required(name), rule);
    }

    String optString(String name, FieldRules rule) throws ProtocolException {
        JsonNode v = optional(name);
        return v == null ? null : checked(at(name), v, rule);
    }

    /** A free-text string of {@code min}–{@code max} Unicode code points. */
    String text(String name, int min, int max) throws ProtocolException {
        return text(at(name), required(name), min, max);
    }

    String optText(String name, int min, int max) throws ProtocolException {
        JsonNode v = optional(name);
        return v == null ? null : text(at(name), v, min, max);
    }

    private String text(Where w, JsonNode v, int min, int max) throws ProtocolException {
        String s = stringOf(w, v);
        int n = s.length();
        // code points never exceed UTF-16 units, so count them only near the bounds
        if (n < min || n > max) {
            int cp = s.codePointCount(0, n);
            if (cp < min || cp > max) {
                throw fail(w, "length must be " + min + ".." + max);
            }
        }
        return s;
    }

    private String checked(Where w, JsonNode v, FieldRules rule) throws ProtocolException {
        String s = stringOf(w, v);
        if (!rule.matches(s)) {
            throw fail(w, "must match " + rule.regex());
        }
        return s;
    }

    private String stringOf(Where w, JsonNode v) throws ProtocolException {
        if (!v.isString()) {
            throw fail(w, "must be a string");
        }
        return v.stringValue();
    }

    <E extends Enum<E>> E enumValue(String name, Map<String, E> byWire) throws ProtocolException {
        return enumOf(at(name), required(name), byWire);
    }

    <E extends Enum<E>> E optEnum(String name, Map<String, E> byWire) throws ProtocolException {
        JsonNode v = optional(name);
        return v == null ? null : enumOf(at(name), v, byWire);
    }

    private <E extends Enum<E>> E enumOf(Where w, JsonNode v, Map<String, E> byWire) throws ProtocolException {
        E e = byWire.get(stringOf(w, v));
        if (e == null) {
            throw fail(w, "must be one of " + byWire.keySet());
        }
        return e;
    }

    LocalDate date(String name) throws ProtocolException {
        return dateOf(at(name), required(name));
    }

    LocalDate optDate(String name) throws ProtocolException {
        JsonNode v = optional(name);
        return v == null ? null : dateOf(at(name), v);
    }

    private LocalDate dateOf(Where w, JsonNode v) throws ProtocolException {
        String s = checked(w, v, FieldRules.DATE);
        try {
            return LocalDate.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10));
        } catch (DateTimeException e) {
            throw fail(w, "not a calendar date");
        }
    }

    Instant instant(String name) throws ProtocolException {
        Where w = at(name);
        String s = checked(w, required(name), FieldRules.INSTANT);
        try {
            return parseInstant(s);
        } catch (DateTimeException e) {
            throw fail(w, "not a calendar date-time");
        }
    }

    /**
     * Reads an instant already matched by {@link FieldRules#INSTANT}; several times faster than
     * {@link Instant#parse}, which matters for search results with hundreds of them.
     */
    private static Instant parseInstant(String s) {
        LocalDate day = LocalDate.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10));
        long seconds =
                day.toEpochDay() * 86_400L + digits(s, 11, 13) * 3_600L + digits(s, 14, 16) * 60L + digits(s, 17, 19);
        int nanos = 0;
        if (s.length() > 20) {
            int fractionDigits = s.length() - 21;
            nanos = digits(s, 20, s.length() - 1);
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    // ---- booleans

    boolean bool(String name) throws ProtocolException {
        JsonNode v = required(name);
        if (!v.isBoolean()) {
            throw fail(at(name), "must be true or false");
        }
        return v.booleanValue();
    }

    // ---- numbers

    int integer(String name, int min, int max) throws ProtocolException {
        return (int) integerOf(at(name), required(name), min, max);
    }

    Integer optInteger(String name, int min, int max) throws ProtocolException {
        JsonNode v = optional(name);
        return v == null ? null : (int) integerOf(at(name), v, min, max);
    }

    long longInteger(String name, long min, long max) throws ProtocolException {
        return integerOf(at(name), required(name), min, max);
    }

    /** JSON Schema's "integer": any number with a zero fraction, so {@code 2.0} and {@code 2e0} are 2. */
    private long integerOf(Where w, JsonNode v, long min, long max) throws ProtocolException {
        if (!v.isNumber()) {
            throw fail(w, "must be an integer");
        }
        long value;
        if (v.isIntegralNumber()) {
            if (!v.canConvertToLong()) {
                throw fail(w, "must be " + min + ".." + max);
            }
            value = v.longValue();
        } else if (v.isBigDecimal()) {
            BigDecimal d = v.decimalValue();
            if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
                throw fail(w, "must be an integer");
            }
            if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
                throw fail(w, "must be " + min + ".." + max);
            }
            value = d.longValue();
        } else {
            double d = v.doubleValue();
            if (Double.isNaN(d) || (!Double.isInfinite(d) && d != Math.rint(d))) {
                throw fail(w, "must be an integer");
            }
            if (d < min || d > max) {
                throw fail(w, "must be " + min + ".." + max);
            }
            value = (long) d;
        }
        if (value < min || value > max) {
            throw fail(w, "must be " + min + ".." + max);
        }
        return value;
    }

    // ---- arrays and objects

    private JsonNode array(Where w, JsonNode v, int min, int max) throws ProtocolException {
        if (!v.isArray()) {
            throw fail(w, "must be an array");
        }
        if (v.size() < min || v.size() > max) {
            throw fail(w, "must have " + min + ".." + max + " items");
        }
        return v;
    }

    List<String> strings(String name, int min, int max, FieldRules rule, boolean unique) throws ProtocolException {
        return stringsOf(at(name), required(name), min, max, rule, unique);
    }

    List<String> optStrings(String name, int min, int max, FieldRules rule, boolean unique) throws ProtocolException {
        JsonNode v = optional(name);
        return v == null ? null : stringsOf(at(name), v, min, max, rule, unique);
    }

    private List<String> stringsOf(Where w, JsonNode v, int min, int max, FieldRules rule, boolean unique)
            throws ProtocolException {
        array(w, v, min, max);
        String[] out = new String[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = checked(at(w, i), v.get(i), rule);
        }
        if (unique) {
            requireUnique(w, out);
        }
        return List.of(out);
    }

    private void requireUnique(Where w, String[] items) throws ProtocolException {
        if (items.length < 2) {
            return;
        }
        if (items.length <= 8) {
            for (int i = 1; i < items.length; i++) {
                for (int j = 0; j < i; j++) {
                    if (items[i].equals(items[j])) {
                        throw fail(w, "items must be unique");
                    }
                }
            }
            return;
        }
        if (new HashSet<>(List.of(items)).size() != items.length) {
            throw fail(w, "items must be unique");
        }
    }

    /** A required array of arrays of strings, each inner list checked like {@link #strings}. */
    List<List<String>> optStringLists(
            String name, int min, int max, int innerMin, int innerMax, FieldRules rule, boolean unique)
            throws ProtocolException {
        JsonNode v = optional(name);
        if (v == null) {
            return null;
        }
        Where w = at(name);
        array(w, v, min, max);
        List<List<String>> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            out.add(stringsOf(at(w, i), v.get(i), innerMin, innerMax, rule, unique));
        }
        return List.copyOf(out);
    }

    List<Integer> integers(String name, int min, int max, int valueMin, int valueMax) throws ProtocolException {
        Where w = at(name);
        JsonNode v = array(w, required(name), min, max);
        Integer[] out = new Integer[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) integerOf(at(w, i), v.get(i), valueMin, valueMax);
        }
        return List.of(out);
    }

    <T> T object(String name, Reader<T> reader) throws ProtocolException {
        Where w = at(name);
        return reader.read(objectAt(w, required(name)));
    }

    private FieldReader objectAt(Where w, JsonNode v) throws ProtocolException {
        if (!v.isObject()) {
            throw fail(w, "must be an object");
        }
        return new FieldReader(v, w, id);
    }

    <T> List<T> objects(String name, int min, int max, Reader<T> reader) throws ProtocolException {
        Where w = at(name);
        JsonNode v = array(w, required(name), min, max);
        List<T> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            out.add(reader.read(objectAt(at(w, i), v.get(i))));
        }
        return List.copyOf(out);
    }

    /** An optional field that may hold any JSON object. */
    JsonNode optAnyObject(String name) throws ProtocolException {
        JsonNode v = optional(name);
        if (v != null && !v.isObject()) {
            throw fail(at(name), "must be an object");
        }
        return v;
    }

    /** Fails with {@code problem} about field {@code name} of this object. */
    ProtocolException invalid(String name, String problem) {
        return fail(at(name), problem);
    }
}
