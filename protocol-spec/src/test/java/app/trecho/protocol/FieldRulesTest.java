package app.trecho.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The decoder's hand-written checks accept exactly what the schemas' regular expressions accept. */
class FieldRulesTest {
    private static final String ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-.:TZ ésáÀ\u0000";

    @ParameterizedTest
    @EnumSource(FieldRules.class)
    void handCheckAgreesWithTheSchemaRegexOnRandomAndNearMissStrings(FieldRules rule) {
        Pattern regex = Pattern.compile(rule.regex());
        Random random = new Random(20261127L + rule.ordinal());
        for (String s : samples(rule)) {
            assertAgree(rule, regex, s);
            for (int i = 0; i < 200; i++) {
                assertAgree(rule, regex, mutate(s, random));
            }
        }
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = random.nextInt(40);
            for (int j = 0; j < n; j++) {
                b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            assertAgree(rule, regex, b.toString());
        }
    }

    private static void assertAgree(FieldRules rule, Pattern regex, String s) {
        assertEquals(regex.matcher(s).matches(), rule.matches(s), () -> rule + " disagrees on \"" + s + "\"");
    }

    private static String mutate(String s, Random random) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int op = random.nextInt(3);
            int at = b.isEmpty() ? 0 : random.nextInt(b.length());
            char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            if (op == 0 || b.isEmpty()) {
                b.insert(at, c);
            } else if (op == 1) {
                b.deleteCharAt(at);
            } else {
                b.setCharAt(at, c);
            }
        }
        return b.toString();
    }

    private static String[] samples(FieldRules rule) {
        return switch (rule) {
            case IDEMPOTENCY_KEY -> new String[] {"k-7f3a9c21", "abcdefgh", "k".repeat(64)};
            case USERNAME -> new String[] {"ana.silva", "a_b", "0" + "x".repeat(31)};
            case TOKEN -> new String[] {"9f86d081884c7d659a2feaa0c55ad015"};
            case CITY_CODE -> new String[] {"GRU"};
            case FLIGHT -> new String[] {"TR1201", "G31", "9X9999"};
            case SEGMENT_ID -> new String[] {"TR1201-2026-11-27", "G31-2027-01-05", "AB1234-2026-12-31"};
            case SEAT -> new String[] {"12C", "1A", "99K"};
            case HOLD_ID -> new String[] {"h_01J9Z", "x", "H".repeat(64)};
            case REFERENCE -> new String[] {"K7M2PQ", "ZZ9922"};
            case TOPIC -> new String[] {"board", "seats:TR1201-2026-11-27", "seats:G31-2027-10-30"};
            case SEAT_COLUMNS -> new String[] {"ABCDEF", "A", "ABCDEFGHIJK"};
            case SEAT_STATES -> new String[] {"..hs..H.S", ""};
            case ERROR_CODE -> new String[] {"SEAT_TAKEN", "X", "A".repeat(64)};
            case DATE -> new String[] {"2026-11-27", "0000-00-00"};
            case INSTANT -> new String[] {"2026-11-27T10:15:00Z", "2026-11-27T23:59:59.123456789Z"};
        };
    }
}
