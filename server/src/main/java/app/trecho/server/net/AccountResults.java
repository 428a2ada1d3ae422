package app.trecho.server.net;

/**
 * One account's remembered results by key digest, oldest first: a hash table whose entries are
 * their own bucket chains and age list. Not thread-safe: the {@link IdempotencyCache} locks it.
 */
final class AccountResults {
    private RememberedResult[] buckets = new RememberedResult[8];
    private int size;
    private RememberedResult oldest;
    private RememberedResult newest;

    int size() {
        return size;
    }

    RememberedResult get(long[] key) {
        return get(key[0], key[1]);
    }

    private RememberedResult get(long keyHigh, long keyLow) {
        for (RememberedResult r = buckets[index(keyHigh, keyLow, buckets.length)]; r != null; r = r.nextInBucket) {
            if (r.keyHigh == keyHigh && r.keyLow == keyLow) {
                return r;
            }
        }
        return null;
    }

    /** Adds {@code result} as the newest, replacing an entry with the same key. */
    void add(RememberedResult result) {
        RememberedResult same = get(result.keyHigh, result.keyLow);
        if (same != null) {
            remove(same);
        }
        if (size >= buckets.length * 3 / 4) {
            grow();
        }
        int i = index(result.keyHigh, result.keyLow, buckets.length);
        result.nextInBucket = buckets[i];
        buckets[i] = result;
        result.older = newest;
        result.newer = null;
        if (newest != null) {
            newest.newer = result;
        } else {
            oldest = result;
        }
        newest = result;
        size++;
    }

    /** Removes {@code result} if it is still in the table (it may have been replaced or evicted). */
    void remove(RememberedResult result) {
        int i = index(result.keyHigh, result.keyLow, buckets.length);
        RememberedResult previous = null;
        for (RememberedResult r = buckets[i]; r != null; previous = r, r = r.nextInBucket) {
            if (r == result) {
                if (previous == null) {
                    buckets[i] = r.nextInBucket;
                } else {
                    previous.nextInBucket = r.nextInBucket;
                }
                unlinkAge(r);
                r.nextInBucket = null;
                size--;
                return;
            }
        }
    }

    RememberedResult oldest() {
        return oldest;
    }

    static RememberedResult newer(RememberedResult result) {
        return result.newer;
    }

    private void unlinkAge(RememberedResult r) {
        if (r.older != null) {
            r.older.newer = r.newer;
        } else {
            oldest = r.newer;
        }
        if (r.newer != null) {
            r.newer.older = r.older;
        } else {
            newest = r.older;
        }
        r.older = null;
        r.newer = null;
    }

    private void grow() {
        RememberedResult[] larger = new RememberedResult[buckets.length * 2];
        for (RememberedResult r = oldest; r != null; r = r.newer) {
            int i = index(r.keyHigh, r.keyLow, larger.length);
            r.nextInBucket = larger[i];
            larger[i] = r;
        }
        buckets = larger;
    }

    private static int index(long keyHigh, long keyLow, int length) {
        // The key digest is already uniformly spread: its low bits index the table.
        return (int) (keyHigh ^ keyLow) & (length - 1);
    }
}
