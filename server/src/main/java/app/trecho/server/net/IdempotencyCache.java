package app.trecho.server.net;

import app.trecho.server.state.StoredResults;
import app.trecho.server.state.StoredRow;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers, per account and idempotency key, which request was made and the response it got, so a
 * retry gets the same response without changing anything again. A key being executed is marked in
 * flight: a concurrent duplicate waits for its result (holding no lock) instead of executing too.
 * Every answer the core gave is remembered, refusals included; a run that failed for a transient
 * reason (storage, internal fault) is abandoned so that its retry runs again.
 * Bounded: at most {@code maxKeysPerAccount} keys per account (oldest evicted), each kept for
 * {@code retention}.
 *
 * <p>A result the store holds is not kept in memory once its run ended: only digests of the key and
 * the request and the store's row, one small object per key ({@link RememberedResult}), and a retry
 * reads the response back ({@link StoredResults}). Under load each
 * account's 1,000 results live a few seconds each, and ~100,000 responses on the heap made every
 * young collection copy them again (server/STORAGE.md, "Schema", on idempotency results).
 */
final class IdempotencyCache {
    private static final Logger log = LoggerFactory.getLogger(IdempotencyCache.class);

    /** What to do with a keyed request. */
    sealed interface Claim {
        /** Nobody has run this key: run it, then {@link #complete} or {@link #abandon} the ticket. */
        record Execute(Ticket ticket) implements Claim {}

        /** It ran before with the same request: answer with this encoded response (without id). */
        record Replay(String response) implements Claim {}

        /** The key was used for a different request. */
        record Conflict() implements Claim {}

        /**
         * Answering would wait (a duplicate still in flight, or a result to read back from the
         * store) and the caller may not: claim again where waiting is allowed.
         */
        record MustWait() implements Claim {}
    }

    /** The right to run one key; exactly one holder at a time. */
    static final class Ticket {
        private final String account;
        private final RememberedResult entry;

        private Ticket(String account, RememberedResult entry) {
            this.account = account;
            this.entry = entry;
        }
    }

    private final int maxKeysPerAccount;
    private final Duration retention;
    private final InstantSource clock;
    private final StoredResults stored;
    private final Map<String, AccountResults> byAccount = new ConcurrentHashMap<>();

    /**
     * A cache that reads stored results back from {@code stored} instead of keeping them ({@link
     * StoredResults#NONE}: nothing is stored, every result stays in memory).
     */
    IdempotencyCache(int maxKeysPerAccount, Duration retention, InstantSource clock, StoredResults stored) {
        this.maxKeysPerAccount = maxKeysPerAccount;
        this.retention = retention;
        this.clock = clock;
        this.stored = stored;
    }

    /**
     * What to do with {@code account}'s request under {@code key}; with {@code mayWait} false (an
     * event loop), {@link Claim.MustWait} instead of waiting.
     *
     * @throws app.trecho.server.state.StorageException when the key's result is stored and cannot be
     *     read back now (nothing changes; a retry may succeed)
     */
    Claim claim(String account, String key, String fingerprint, boolean mayWait) {
        MessageDigest sha256 = sha256(); // one for both: creating it is most of what a digest allocates
        long[] request = digest(sha256, fingerprint);
        long[] keyDigest = digest(sha256, key);
        while (true) {
            AccountResults keys = byAccount.computeIfAbsent(account, a -> new AccountResults());
            RememberedResult entry;
            synchronized (keys) {
                long now = clock.millis();
                evict(keys, now);
                entry = keys.get(keyDigest);
                if (entry == null) {
                    RememberedResult mine = new RememberedResult(keyDigest, request, now);
                    keys.add(mine);
                    evict(keys, now);
                    return new Claim.Execute(new Ticket(account, mine));
                }
            }
            if (!entry.sameRequest(request)) {
                return new Claim.Conflict();
            }
            if (!mayWait && entry.answerWaits()) {
                return new Claim.MustWait();
            }
            String response = entry.await(); // outside the lock: the first run may take a while
            if (response == null && entry.row() != StoredRow.NONE) {
                response = stored.response(entry.row(), account, key).orElse(null); // also outside it: I/O
                if (response == null) {
                    // The store pruned it: never for a key remembered here, unless the account had more
                    // than ChangeWriter.IDEMPOTENCY_MARGIN requests in flight at once. Forgotten, as
                    // after a restart: the key runs as new.
                    log.warn("idempotency result of key {} of {} is no longer stored; it runs again", key, account);
                    forget(keys, entry);
                    continue;
                }
            }
            if (response != null) {
                return new Claim.Replay(response);
            }
            // the first run was abandoned and removed its entry: try to claim again
        }
    }

    /**
     * Remembers the response of a finished run (encoded, without id), which the store holds at
     * {@code storedRow} ({@link StoredRow#NONE} when it does not).
     */
    void complete(Ticket ticket, String response, long storedRow) {
        AccountResults keys = byAccount.get(ticket.account);
        synchronized (keys) {
            ticket.entry.atMillis = clock.millis();
        }
        ticket.entry.end(response, storedRow, keepsText(storedRow));
    }

    /** The run failed and changed nothing: forget the key so a retry runs again. */
    void abandon(Ticket ticket) {
        if (!ticket.entry.inFlight()) {
            return; // it completed (what failed came after): its result stands, and a retry replays it
        }
        forget(byAccount.get(ticket.account), ticket.entry);
        ticket.entry.end(null, StoredRow.NONE, true);
    }

    private static void forget(AccountResults keys, RememberedResult entry) {
        synchronized (keys) {
            keys.remove(entry);
        }
    }

    /** Loads a remembered result from the store (start-up, reload), which holds it at {@code storedRow}. */
    void restore(String account, String key, String fingerprint, String response, Instant at, long storedRow) {
        AccountResults keys = byAccount.computeIfAbsent(account, a -> new AccountResults());
        synchronized (keys) {
            MessageDigest sha256 = sha256();
            var entry = new RememberedResult(digest(sha256, key), digest(sha256, fingerprint), at.toEpochMilli());
            entry.end(response, storedRow, keepsText(storedRow));
            keys.add(entry);
            evict(keys, clock.millis());
        }
    }

    private boolean keepsText(long storedRow) {
        return storedRow == StoredRow.NONE || stored == StoredResults.NONE;
    }

    /** Number of keys remembered for {@code account} (for tests and metrics). */
    int size(String account) {
        AccountResults keys = byAccount.get(account);
        if (keys == null) {
            return 0;
        }
        synchronized (keys) {
            return keys.size();
        }
    }

    /**
     * Drops expired keys, then the oldest finished ones while over the bound; in-flight keys stay.
     * Keys are in insertion order, which is age order, so the walk stops at the first key that is
     * young enough and not needed to get under the bound: eviction costs O(evicted), not O(keys).
     */
    private void evict(AccountResults keys, long nowMillis) {
        long cutoff = nowMillis - retention.toMillis();
        int excess = keys.size() - maxKeysPerAccount;
        RememberedResult next;
        for (RememberedResult e = keys.oldest(); e != null; e = next) {
            next = AccountResults.newer(e);
            if (e.inFlight()) {
                continue;
            }
            if (excess > 0 || e.atMillis < cutoff) {
                keys.remove(e);
                excess--;
            } else {
                return;
            }
        }
    }

    /**
     * The first 128 bits of the SHA-256 of a key or a request's fingerprint. Two different requests
     * under one key (a conflict), or two keys of one account, would need equal digests to be taken
     * for one another; a client could only arrange that against its own account, and a chance
     * collision is out of reach.
     */
    static long[] digest(String text) {
        return digest(sha256(), text);
    }

    private static long[] digest(MessageDigest sha256, String text) {
        ByteBuffer bytes = ByteBuffer.wrap(sha256.digest(text.getBytes(StandardCharsets.UTF_8))); // digest() resets it
        return new long[] {bytes.getLong(), bytes.getLong()};
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
