package app.trecho.server.booking;

import java.util.HashSet;
import java.util.Set;

/**
 * Every booking reference ever issued, cancelled ones too, so that a reference never names two
 * bookings. It only grows (about 3,000 a second under the load generator), so each reference is
 * kept as the 30-bit number its six characters spell, in an open-addressing table of ints: ~8
 * bytes a reference instead of ~90 in a {@code HashSet<String>}, which the garbage collector also
 * had to walk on every cycle.
 */
final class ReferenceSet {
    /** The protocol's reference characters ({@code ^[A-HJ-NP-Z2-9]{6}$}): 32, so 5 bits each. */
    static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    static final int LENGTH = 6;

    /**
     * Each slot holds a reference's number plus one; 0 is empty. Kept at most half full, so probes
     * always end; the table tops out near 2^29 references (4 GB), far past any real airline's.
     */
    private int[] slots = new int[1 << 10];

    private int size;
    /** References this server would not issue (another format): kept as they are, never expected. */
    private final Set<String> unusual = new HashSet<>();

    boolean contains(String reference) {
        int code = code(reference);
        if (code < 0) {
            return unusual.contains(reference);
        }
        int mask = slots.length - 1;
        for (int i = spread(code) & mask; slots[i] != 0; i = (i + 1) & mask) {
            if (slots[i] == code + 1) {
                return true;
            }
        }
        return false;
    }

    /** Adds {@code reference}; false when it was already there. */
    boolean add(String reference) {
        int code = code(reference);
        if (code < 0) {
            return unusual.add(reference);
        }
        if (contains(reference)) {
            return false;
        }
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        insert(slots, code + 1);
        size++;
        return true;
    }

    int size() {
        return size + unusual.size();
    }

    private void grow() {
        int[] bigger = new int[slots.length * 2];
        for (int stored : slots) {
            if (stored != 0) {
                insert(bigger, stored);
            }
        }
        slots = bigger;
    }

    private static void insert(int[] table, int stored) {
        int mask = table.length - 1;
        int i = spread(stored - 1) & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = stored;
    }

    /** The reference's 30-bit number, or -1 when it is not six characters of {@link #ALPHABET}. */
    static int code(String reference) {
        if (reference.length() != LENGTH) {
            return -1;
        }
        int code = 0;
        for (int i = 0; i < LENGTH; i++) {
            int digit = ALPHABET.indexOf(reference.charAt(i));
            if (digit < 0) {
                return -1;
            }
            code = (code << 5) | digit;
        }
        return code;
    }

    /** Random references are already well spread; this only keeps structured ones from clustering. */
    private static int spread(int code) {
        int h = code * 0x9E3779B1;
        return h ^ (h >>> 16);
    }
}
