package app.trecho.server.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReferenceSetTest {

    @Test
    void itHoldsExactlyWhatAHashSetHolds() {
        Random random = new Random(3);
        ReferenceSet compact = new ReferenceSet();
        Set<String> expected = new HashSet<>();
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            String reference = random.nextInt(4) == 0 && !issued.isEmpty()
                    ? issued.get(random.nextInt(issued.size()))
                    : draw(random);
            issued.add(reference);
            assertEquals(expected.add(reference), compact.add(reference), reference);
            String probe = draw(random);
            assertEquals(expected.contains(probe), compact.contains(probe), probe);
        }
        assertEquals(expected.size(), compact.size());
        expected.forEach(r -> assertTrue(compact.contains(r), r));
    }

    @Test
    void everyCharacterOfTheAlphabetCountsInEveryPlace() {
        ReferenceSet set = new ReferenceSet();
        assertTrue(set.add("AAAAAA"));
        for (int place = 0; place < ReferenceSet.LENGTH; place++) {
            for (char c : ReferenceSet.ALPHABET.substring(1).toCharArray()) {
                char[] chars = "AAAAAA".toCharArray();
                chars[place] = c;
                assertFalse(set.contains(new String(chars)), new String(chars));
            }
        }
        assertEquals(0, ReferenceSet.code("AAAAAA"));
        assertEquals((1 << 30) - 1, ReferenceSet.code("999999"));
    }

    @Test
    void referencesOfAnotherFormatAreKeptToo() {
        ReferenceSet set = new ReferenceSet();
        assertTrue(set.add("abc"));
        assertTrue(set.add("IIIIII")); // I is not in the alphabet
        assertFalse(set.add("abc"));
        assertTrue(set.contains("IIIIII"));
        assertFalse(set.contains("OOOOOO"));
        assertEquals(2, set.size());
    }

    private static String draw(Random random) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ReferenceSet.LENGTH; i++) {
            out.append(ReferenceSet.ALPHABET.charAt(random.nextInt(ReferenceSet.ALPHABET.length())));
        }
        return out.toString();
    }
}
