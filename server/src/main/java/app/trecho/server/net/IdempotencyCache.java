package app.trecho.server.net;

import app.trecho.server.state.StoredResults;
import app.trecho.server.state.StoredRow;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
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
 * the request, the time and the store's row, as numbers in the account's arrays ({@link
 * AccountResults}), and a retry reads the response back ({@link StoredResults}). Under load each
 * account's 1,000 results live a few seconds each, and ~100,000 responses on the heap, then as many
 * small objects, made every young collection copy them again (server/STORAGE.md, "Schema", on
 * idempotency results).
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

    /**
     * The right to run one key; exactly one holder at a time. The table holds the ticket itself while
     * the run is in flight, so the ticket knows its result by identity: the key may have been replaced
     * meanwhile. The writer thread ends every ticket, and what it touches there is memory the event
     * loop wrote long before: so the ticket keeps its seq while the table keeps its layout (a lookup
     * by key cost ~4 µs per booking cycle, most of it cache misses), and it makes a future only for
     * a duplicate that waits (completing one per request, nobody waiting, cost ~2% of the server's CPU).
     */
    static final class Ticket implements AccountResults.Run {
        private final AccountResults keys;
        private final long[] key;
        // All under the table's monitor.
        /** Where the result was, in the layout it was there. */
        private long seq = AccountResults.NONE;

        private long layout;
        /** Completed or abandoned: only the first of the two counts. */
        private boolean ended;
        /** What duplicates wait on, once one does: completed with the response, or null when abandoned. */
        private CompletableFuture<String> waiting;

        private Ticket(AccountResults keys, long[] key) {
            this.keys = keys;
            this.key = key;
        }

        private void placedAt(long seq) {
            this.seq = seq;
            this.layout = keys.layout();
        }

        /** This run's seq, or {@link AccountResults#NONE} when it is gone. */
        private long seq() {
            if (layout != keys.layout()) {
                seq = keys.find(key);
                layout = keys.layout();
            }
            return seq != AccountResults.NONE && keys.has(seq) && keys.running(seq) == this ? seq : AccountResults.NONE;
        }

        /** What a duplicate waits on; the run has not ended (the table holds only runs in flight). */
        private CompletableFuture<String> awaited() {
            if (ended) { // a future made now would never complete: its duplicate would wait for ever
                throw new IllegalStateException("the table still holds a run that ended");
            }
            if (waiting == null) {
                waiting = new CompletableFuture<>();
            }
            return waiting;
        }

        /** Marks the run ended (its caller checked it had not); returns what duplicates wait on, if any. */
        private CompletableFuture<String> end() {
            ended = true;
            return waiting;
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
        long[] request = digest(fingerprint);
        long[] keyDigest = digest(key);
        while (true) {
            AccountResults keys = byAccount.computeIfAbsent(account, a -> new AccountResults());
            CompletableFuture<String> firstRun = null;
            String response;
            long row;
            synchronized (keys) {
                long now = clock.millis();
                evict(keys, now);
                long seq = keys.find(keyDigest); // a seq means nothing outside the lock: the table renumbers
                if (seq == AccountResults.NONE) {
                    Ticket mine = new Ticket(keys, keyDigest);
                    mine.placedAt(keys.add(keyDigest, request, now, mine, null, StoredRow.NONE));
                    evict(keys, now); // removes, never renumbers
                    return new Claim.Execute(mine);
                }
                if (!keys.sameRequest(seq, request)) {
                    return new Claim.Conflict();
                }
                AccountResults.Run first = keys.running(seq);
                if (first != null) {
                    if (!mayWait) {
                        return new Claim.MustWait();
                    }
                    firstRun = ((Ticket) first).awaited(); // the cache puts no other Run in the table
                }
                response = keys.response(seq);
                row = keys.row(seq);
            }
            if (!mayWait && response == null && row != StoredRow.NONE) {
                return new Claim.MustWait();
            }
            if (firstRun != null) {
                response = firstRun.join(); // outside the lock: the first run may take a while
            } else if (response == null && row != StoredRow.NONE) {
                response = stored.response(row, account, key).orElse(null); // also outside it: I/O
                if (response == null) {
                    // The store pruned it: never for a key remembered here, unless the account had more
                    // than ChangeWriter.IDEMPOTENCY_MARGIN requests in flight at once. Forgotten, as
                    // after a restart: the key runs as new.
                    log.warn("idempotency result of key {} of {} is no longer stored; it runs again", key, account);
                    forget(keys, keyDigest, row);
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
     * {@code storedRow} ({@link StoredRow#NONE} when it does not). Only the first of complete and
     * {@link #abandon} counts: a run that completed stays completed.
     */
    void complete(Ticket ticket, String response, long storedRow) {
        end(
                ticket,
                response,
                seq -> ticket.keys.ended(seq, clock.millis(), keepsText(storedRow) ? response : null, storedRow));
    }

    /** The run failed and changed nothing: forget the key so a retry runs again. */
    void abandon(Ticket ticket) {
        end(ticket, null, ticket.keys::remove);
    }

    /**
     * Ends the ticket's run, unless it ended already (a run that completed stays completed when
     * what failed came after: its result stands, and a retry replays it): applies {@code toResult}
     * to its result if the table still holds it, and hands {@code answer} to duplicates waiting,
     * either way.
     */
    private static void end(Ticket ticket, String answer, LongConsumer toResult) {
        CompletableFuture<String> waiting = null;
        try {
            synchronized (ticket.keys) {
                if (ticket.ended) {
                    return;
                }
                try {
                    long seq = ticket.seq();
                    if (seq != AccountResults.NONE) {
                        toResult.accept(seq);
                    }
                } finally {
                    waiting = ticket.end(); // ended even when the table could not take its result
                }
            }
        } finally {
            if (waiting != null) {
                waiting.complete(answer); // duplicates never wait on a run that ended
            }
        }
    }

    /** Forgets the key's ended result stored at {@code row}, if it is still that one. */
    private static void forget(AccountResults keys, long[] key, long row) {
        synchronized (keys) {
            long seq = keys.find(key);
            if (seq != AccountResults.NONE && keys.running(seq) == null && keys.row(seq) == row) {
                keys.remove(seq);
            }
        }
    }

    /** Loads a remembered result from the store (start-up, reload), which holds it at {@code storedRow}. */
    void restore(String account, String key, String fingerprint, String response, Instant at, long storedRow) {
        boolean keepsText = keepsText(storedRow);
        if (response == null && keepsText) {
            // a result loaded without its text (from the store) needs the store to read it back
            throw new IllegalStateException("result " + key + " of " + account + " has no response and no store");
        }
        AccountResults keys = byAccount.computeIfAbsent(account, a -> new AccountResults());
        long[] keyDigest = digest(key);
        long[] request = digest(fingerprint);
        synchronized (keys) {
            String kept = keepsText ? response : null;
            keys.add(keyDigest, request, at.toEpochMilli(), null, kept, storedRow);
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
        // The next key is looked up only when the walk goes on: in the usual case it stops at once.
        for (long seq = keys.oldest(); seq != AccountResults.NONE; seq = keys.newer(seq)) {
            if (keys.running(seq) != null) {
                continue; // in flight: its holder will complete or abandon it
            }
            if (excess > 0 || keys.atMillis(seq) < cutoff) {
                keys.remove(seq); // newer() still walks on from a removed seq
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
        return TextDigest.of(text);
    }
}
