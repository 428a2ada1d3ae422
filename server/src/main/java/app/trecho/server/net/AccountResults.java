package app.trecho.server.net;

import app.trecho.server.state.StoredRow;
import java.util.Arrays;

/**
 * One account's remembered results, oldest first, as parallel arrays of numbers: a ring of slots in
 * claim order and an open-addressing index from key digest to slot. A result is named by its
 * sequence number while the table's monitor is held; a full ring is laid out again (grown, or
 * compacted and shrunk when removals left holes), which renumbers: a caller that keeps a seq keeps
 * the {@link #layout()} with it, and finds its result again by key once that changed. Not
 * thread-safe: the {@link IdempotencyCache} locks it.
 *
 * <p>Why arrays: under load each account's 1,000 results live seconds each, and as objects (~80
 * bytes, one per key) every young collection copied the ones made since the last few: at 500
 * clients most of each ~25 ms pause. Arrays grow to their size once, are promoted once and are
 * never copied again, and writing numbers into them leaves the collector nothing to do. Only what
 * must be an object is one: the {@link Run} of a result in flight, and a response kept in memory.
 */
final class AccountResults {
    static final long NONE = -1;
    private static final int INITIAL_SLOTS = 8;

    // The ring: slot of seq s is s & (slots - 1); it holds [headSeq, tailSeq), holes marked NONE.
    private long[] seqs = new long[INITIAL_SLOTS];
    private long[] keyHigh = new long[INITIAL_SLOTS];
    private long[] keyLow = new long[INITIAL_SLOTS];
    private long[] requestHigh = new long[INITIAL_SLOTS];
    private long[] requestLow = new long[INITIAL_SLOTS];
    private long[] rows = new long[INITIAL_SLOTS];
    private long[] atMillis = new long[INITIAL_SLOTS];
    /** A run in flight: its {@link Run}; a finished one: its response when kept in memory, else null. */
    private Object[] held = new Object[INITIAL_SLOTS];

    private long headSeq;
    private long tailSeq;
    private int size;
    /** How many times the ring was laid out again: a seq kept from before names nothing now. */
    private long layouts;

    /** Linear probing over seq + 1 (0: empty), at most half full. */
    private long[] index = new long[INITIAL_SLOTS * 2];

    /** A run in flight, told apart from others by identity. */
    interface Run {}

    AccountResults() {
        Arrays.fill(seqs, NONE);
    }

    int size() {
        return size;
    }

    /** Changes whenever results are renumbered; while it stays the same, a seq keeps naming its result. */
    long layout() {
        return layouts;
    }

    /** The seq of the result remembered under this key digest, or {@link #NONE}. */
    long find(long[] key) {
        int mask = index.length - 1;
        for (int i = home(key[0], key[1], mask); index[i] != 0; i = (i + 1) & mask) {
            long seq = index[i] - 1;
            int slot = slot(seq);
            if (keyHigh[slot] == key[0] && keyLow[slot] == key[1]) {
                return seq;
            }
        }
        return NONE;
    }

    /**
     * Adds a result as the newest, replacing one with the same key; {@code running} is its run in
     * flight (null when it has ended: then {@code response} and {@code row} say what it gave).
     */
    long add(long[] key, long[] request, long at, Run running, String response, long row) {
        long same = find(key);
        if (same != NONE) {
            remove(same);
        }
        if (tailSeq - headSeq == seqs.length) {
            relayout();
        }
        long seq = tailSeq++;
        int slot = slot(seq);
        seqs[slot] = seq;
        keyHigh[slot] = key[0];
        keyLow[slot] = key[1];
        requestHigh[slot] = request[0];
        requestLow[slot] = request[1];
        atMillis[slot] = at;
        rows[slot] = row;
        held[slot] = running != null ? running : response;
        indexAdd(seq);
        size++;
        return seq;
    }

    /** True while {@code seq} is still remembered (not removed, not evicted). */
    boolean has(long seq) {
        return seq >= headSeq && seq < tailSeq && seqs[slot(seq)] == seq;
    }

    void remove(long seq) {
        if (!has(seq)) {
            return;
        }
        indexRemove(seq);
        int slot = slot(seq);
        seqs[slot] = NONE;
        held[slot] = null;
        size--;
        while (headSeq < tailSeq && seqs[slot(headSeq)] == NONE) {
            headSeq++;
        }
    }

    /** The oldest remembered seq, or {@link #NONE}. */
    long oldest() {
        return headSeq < tailSeq ? headSeq : NONE; // the head is never a hole
    }

    /** The next remembered seq after {@code seq}, or {@link #NONE}. */
    long newer(long seq) {
        for (long s = seq + 1; s < tailSeq; s++) {
            if (seqs[slot(s)] == s) {
                return s;
            }
        }
        return NONE;
    }

    boolean sameRequest(long seq, long[] request) {
        int slot = slot(seq);
        return requestHigh[slot] == request[0] && requestLow[slot] == request[1];
    }

    /** The run while it is in flight, else null. */
    Run running(long seq) {
        return held[slot(seq)] instanceof Run run ? run : null;
    }

    /** The response of an ended run when it is kept in memory, else null. */
    String response(long seq) {
        return held[slot(seq)] instanceof String s ? s : null;
    }

    /** Where the store holds the response, or {@link StoredRow#NONE}. */
    long row(long seq) {
        return rows[slot(seq)];
    }

    long atMillis(long seq) {
        return atMillis[slot(seq)];
    }

    /** The run ended at {@code at}: it gave {@code response} (null: not kept) stored at {@code row}. */
    void ended(long seq, long at, String response, long row) {
        int slot = slot(seq);
        atMillis[slot] = at;
        rows[slot] = row;
        held[slot] = response;
    }

    private int slot(long seq) {
        return (int) seq & (seqs.length - 1);
    }

    private static int home(long high, long low, int mask) {
        // The key digest is already uniformly spread: its low bits index the table.
        return (int) (high ^ low) & mask;
    }

    private int homeOf(long seq, int mask) {
        int slot = slot(seq);
        return home(keyHigh[slot], keyLow[slot], mask);
    }

    private void indexAdd(long seq) {
        int mask = index.length - 1;
        int i = homeOf(seq, mask);
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = seq + 1;
    }

    /** Removes by shifting back the entries after it, so no probe ever stops early. */
    private void indexRemove(long seq) {
        int mask = index.length - 1;
        int i = homeOf(seq, mask);
        while (index[i] != seq + 1) {
            i = (i + 1) & mask;
        }
        for (int j = (i + 1) & mask; index[j] != 0; j = (j + 1) & mask) {
            int k = homeOf(index[j] - 1, mask);
            // index[j] may move into the gap at i unless its home lies cyclically in (i, j]
            boolean homeBetween = i <= j ? (i < k && k <= j) : (i < k || k <= j);
            if (!homeBetween) {
                index[i] = index[j];
                i = j;
            }
        }
        index[i] = 0;
    }

    /** Ring slots now (for tests: holes must not make it grow without bound). */
    int slots() {
        return seqs.length;
    }

    /**
     * The ring is full: lays the results out again in their order, numbered from {@code headSeq}
     * without holes, in a ring twice their number (at least {@link #INITIAL_SLOTS}). Claims that were
     * abandoned leave holes behind an older result; without this they would grow the ring forever.
     */
    private void relayout() {
        int slots = INITIAL_SLOTS;
        while (slots < (size + 1) * 2) {
            slots *= 2;
        }
        long[] newSeqs = new long[slots];
        Arrays.fill(newSeqs, NONE);
        long[] newKeyHigh = new long[slots];
        long[] newKeyLow = new long[slots];
        long[] newRequestHigh = new long[slots];
        long[] newRequestLow = new long[slots];
        long[] newRows = new long[slots];
        long[] newAt = new long[slots];
        Object[] newHeld = new Object[slots];
        long next = headSeq;
        for (long s = headSeq; s < tailSeq; s++) {
            int from = slot(s);
            if (seqs[from] != s) {
                continue;
            }
            int to = (int) next & (slots - 1);
            newSeqs[to] = next++;
            newKeyHigh[to] = keyHigh[from];
            newKeyLow[to] = keyLow[from];
            newRequestHigh[to] = requestHigh[from];
            newRequestLow[to] = requestLow[from];
            newRows[to] = rows[from];
            newAt[to] = atMillis[from];
            newHeld[to] = held[from];
        }
        tailSeq = next;
        layouts++;
        seqs = newSeqs;
        keyHigh = newKeyHigh;
        keyLow = newKeyLow;
        requestHigh = newRequestHigh;
        requestLow = newRequestLow;
        rows = newRows;
        atMillis = newAt;
        held = newHeld;
        index = new long[slots * 2];
        for (long s = headSeq; s < tailSeq; s++) {
            indexAdd(s);
        }
    }
}
