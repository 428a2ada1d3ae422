package app.trecho.protocol;

import java.util.function.Predicate;

/**
 * The field rules of protocol v1. Each rule has the regular expression the JSON Schemas use and a
 * hand-written check the decoder runs instead (a few nanoseconds instead of a regex match); a test
 * proves the two agree.
 */
enum FieldRules {
    IDEMPOTENCY_KEY("^[A-Za-z0-9_-]{8,64}$", s -> lengthIn(s, 8, 64) && all(s, FieldRules::isKeyChar)),
    USERNAME("^[a-z0-9][a-z0-9_.-]{2,31}$", FieldRules::isUsername),
    TOKEN("^[0-9a-f]{32}$", s -> s.length() == 32 && all(s, c -> isDigit(c) || (c >= 'a' && c <= 'f'))),
    CITY_CODE("^[A-Z]{3}$", s -> s.length() == 3 && all(s, FieldRules::isUpper)),
    FLIGHT("^[A-Z0-9]{2}[0-9]{1,4}$", s -> flightLength(s, 0) == s.length()),
    SEGMENT_ID("^[A-Z0-9]{2}[0-9]{1,4}-[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", FieldRules::isSegmentId),
    SEAT("^[1-9][0-9]?[A-K]$", FieldRules::isSeat),
    HOLD_ID("^[A-Za-z0-9_-]{1,64}$", s -> lengthIn(s, 1, 64) && all(s, FieldRules::isKeyChar)),
    REFERENCE("^[A-HJ-NP-Z2-9]{6}$", s -> s.length() == 6 && all(s, FieldRules::isReferenceChar)),
    TOPIC(
            "^(board|seats:[A-Z0-9]{2}[0-9]{1,4}-[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))$",
            FieldRules::isTopic),
    SEAT_COLUMNS("^[A-K]{1,11}$", s -> lengthIn(s, 1, 11) && all(s, c -> c >= 'A' && c <= 'K')),
    SEAT_STATES("^[.hsHS]*$", s -> all(s, c -> c == '.' || c == 'h' || c == 's' || c == 'H' || c == 'S')),
    ERROR_CODE(
            "^[A-Z][A-Z0-9_]{0,63}$",
            s -> lengthIn(s, 1, 64) && isUpper(s.charAt(0)) && all(s, FieldRules::isCodeChar)),
    DATE("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", s -> s.length() == 10 && digitsAt(s, 0, 4, 5, 7, 8, 10) && dashesAt(s, 4, 7)),
    INSTANT(
            "^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?Z$",
            FieldRules::isInstant);

    /** Largest integer every JSON implementation represents exactly (2^53 - 1): the bound of "long" fields. */
    static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;

    static final int ID_MAX = 64;
    static final int PASSWORD_MIN = 8;
    static final int PASSWORD_MAX = 128;
    static final int NAME_MAX = 128;
    static final int PASSENGERS_MAX = 9;
    static final int LEGS_MAX = 3;
    static final int SEARCH_LIMIT_MAX = 100;
    static final int VERSIONS_MAX = 10;
    static final int VERSION_MAX = 99;
    static final int TOPICS_MAX = 64;
    static final int CART_HOLDS_MAX = 100;
    /** One booking covers a whole cart: up to three legs for each of its holds. */
    static final int BOOKING_SEGMENTS_MAX = LEGS_MAX * CART_HOLDS_MAX;

    static final int SEAT_ROWS_MAX = 99;

    /** An operator token is free text the operator chose; the server requires at least 16 characters. */
    static final int OPERATOR_TOKEN_MAX = 256;

    static final int STATUS_DETAIL_MAX = 1024;

    private final String regex;
    private final Predicate<String> check;

    FieldRules(String regex, Predicate<String> check) {
        this.regex = regex;
        this.check = check;
    }

    /** The ECMA-262 regular expression of this rule, as the schemas write it. */
    String regex() {
        return regex;
    }

    boolean matches(String s) {
        return check.test(s);
    }

    private interface CharTest {
        boolean test(char c);
    }

    private static boolean all(String s, CharTest test) {
        for (int i = 0; i < s.length(); i++) {
            if (!test.test(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean lengthIn(String s, int min, int max) {
        return s.length() >= min && s.length() <= max;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isKeyChar(char c) {
        return isDigit(c) || isUpper(c) || isLower(c) || c == '_' || c == '-';
    }

    private static boolean isCodeChar(char c) {
        return isDigit(c) || isUpper(c) || c == '_';
    }

    private static boolean isReferenceChar(char c) {
        return (isUpper(c) && c != 'I' && c != 'O') || (c >= '2' && c <= '9');
    }

    private static boolean isUsername(String s) {
        if (!lengthIn(s, 3, 32)) {
            return false;
        }
        char first = s.charAt(0);
        if (!isDigit(first) && !isLower(first)) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isDigit(c) && !isLower(c) && c != '_' && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isSeat(String s) {
        int n = s.length();
        if (n < 2 || n > 3 || s.charAt(0) < '1' || s.charAt(0) > '9') {
            return false;
        }
        if (n == 3 && !isDigit(s.charAt(1))) {
            return false;
        }
        char letter = s.charAt(n - 1);
        return letter >= 'A' && letter <= 'K';
    }

    /** Length of the flight number starting at {@code from}, or -1 when there is none. */
    private static int flightLength(String s, int from) {
        if (s.length() < from + 3) {
            return -1;
        }
        for (int i = from; i < from + 2; i++) {
            char c = s.charAt(i);
            if (!isDigit(c) && !isUpper(c)) {
                return -1;
            }
        }
        int i = from + 2;
        while (i < s.length() && i < from + 6 && isDigit(s.charAt(i))) {
            i++;
        }
        return i == from + 2 ? -1 : i - from;
    }

    private static boolean isSegmentId(String s) {
        return isSegmentIdAt(s, 0);
    }

    private static boolean isSegmentIdAt(String s, int from) {
        int flight = flightLength(s, from);
        if (flight < 0) {
            return false;
        }
        int d = from + flight;
        // "-yyyy-mm-dd" with a plausible month and day, exactly to the end
        if (s.length() != d + 11 || s.charAt(d) != '-') {
            return false;
        }
        String date = s.substring(d + 1);
        return DATE.matches(date) && monthDayPlausible(date, 5);
    }

    private static boolean monthDayPlausible(String s, int monthAt) {
        int month = (s.charAt(monthAt) - '0') * 10 + (s.charAt(monthAt + 1) - '0');
        int day = (s.charAt(monthAt + 3) - '0') * 10 + (s.charAt(monthAt + 4) - '0');
        return month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }

    private static boolean isTopic(String s) {
        return s.equals("board") || (s.startsWith("seats:") && isSegmentIdAt(s, 6));
    }

    private static boolean digitsAt(String s, int... ranges) {
        for (int r = 0; r < ranges.length; r += 2) {
            for (int i = ranges[r]; i < ranges[r + 1]; i++) {
                if (!isDigit(s.charAt(i))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean dashesAt(String s, int... positions) {
        for (int p : positions) {
            if (s.charAt(p) != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isInstant(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(n - 1) != 'Z' || !DATE.matches(s.substring(0, 10)) || s.charAt(10) != 'T') {
            return false;
        }
        if (s.charAt(13) != ':' || s.charAt(16) != ':' || !digitsAt(s, 11, 13, 14, 16, 17, 19)) {
            return false;
        }
        int hour = (s.charAt(11) - '0') * 10 + (s.charAt(12) - '0');
        if (hour > 23 || s.charAt(14) > '5' || s.charAt(17) > '5') {
            return false;
        }
        if (n == 20) {
            return true;
        }
        int fraction = n - 21; // digits between '.' and 'Z'
        return s.charAt(19) == '.' && fraction >= 1 && fraction <= 9 && digitsAt(s, 20, n - 1);
    }
}
