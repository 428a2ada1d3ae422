package app.trecho.server.net;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, per account and idempotency key, which request was made and the response it got, so a
 * retry gets the same response without changing anything again. A key being executed is marked in
 * flight: a concurrent duplicate waits for its result (holding no lock) instead of executing too.
 * Every answer the core gave is remembered, refusals included; a run that failed for a transient
 * reason (storage, internal fault) is abandoned so that its retry runs again.
 * Bounded: at most {@code maxKeysPerAccount} keys per account (oldest evicted), each kept for
 * {@code retention}.
 */
final class IdempotencyCache {

    /** What to do with a keyed request. */
    sealed interface Claim {
        /** Nobody has run this key: run it, then {@link #complete} or {@link #abandon} the ticket. */
        record Execute(Ticket ticket) implements Claim {}

        /** It ran before with the same request: answer with this encoded response (without id). */
        record Replay(String response) implements Claim {}

        /** The key was used for a different request. */
        record Conflict() implements Claim {}
    }

    /** The right to run one key; exactly one holder at a time. */
    static final class Ticket {
        private final String account;
        private final String key;
        private final Entry entry;

        private Ticket(String account, String key, Entry entry) {
            this.account = account;
            this.key = key;
            this.entry = entry;
        }
    }

    private static final class Entry {
        final String fingerprint;
        final CompletableFuture<String> response = new CompletableFuture<>();
        Instant at;

        Entry(String fingerprint, Instant at) {
            this.fingerprint = fingerprint;
            this.at = at;
        }

        boolean inFlight() {
            return !response.isDone();
        }
    }

    private final int maxKeysPerAccount;
    private final Duration retention;
    private final InstantSource clock;
    private final Map<String, Map<String, Entry>> byAccount = new ConcurrentHashMap<>();

    IdempotencyCache(int maxKeysPerAccount, Duration retention, InstantSource clock) {
        this.maxKeysPerAccount = maxKeysPerAccount;
        this.retention = retention;
        this.clock = clock;
    }

    Claim claim(String account, String key, String fingerprint) {
        while (true) {
            Map<String, Entry> keys = byAccount.computeIfAbsent(account, a -> new LinkedHashMap<>());
            Entry entry;
            synchronized (keys) {
                Instant now = clock.instant();
                evict(keys, now);
                entry = keys.get(key);
                if (entry == null) {
                    Entry mine = new Entry(fingerprint, now);
                    keys.put(key, mine);
                    evict(keys, now);
                    return new Claim.Execute(new Ticket(account, key, mine));
                }
            }
            if (!entry.fingerprint.equals(fingerprint)) {
                return new Claim.Conflict();
            }
            String response = entry.response.join(); // outside the lock: the first run may take a while
            if (response != null) {
                return new Claim.Replay(response);
            }
            // the first run was abandoned and removed its entry: try to claim again
        }
    }

    /** Remembers the response of a finished run (encoded, without id). */
    void complete(Ticket ticket, String response) {
        Map<String, Entry> keys = byAccount.get(ticket.account);
        synchronized (keys) {
            ticket.entry.at = clock.instant();
        }
        ticket.entry.response.complete(response);
    }

    /** The run failed and changed nothing: forget the key so a retry runs again. */
    void abandon(Ticket ticket) {
        Map<String, Entry> keys = byAccount.get(ticket.account);
        synchronized (keys) {
            keys.remove(ticket.key, ticket.entry);
        }
        ticket.entry.response.complete(null);
    }

    /** Loads a remembered result (e.g. from the store at start-up). */
    void restore(String account, String key, String fingerprint, String response, Instant at) {
        Map<String, Entry> keys = byAccount.computeIfAbsent(account, a -> new LinkedHashMap<>());
        synchronized (keys) {
            Entry entry = new Entry(fingerprint, at);
            entry.response.complete(response);
            keys.put(key, entry);
            evict(keys, clock.instant());
        }
    }

    /** Number of keys remembered for {@code account} (for tests and metrics). */
    int size(String account) {
        Map<String, Entry> keys = byAccount.get(account);
        if (keys == null) {
            return 0;
        }
        synchronized (keys) {
            return keys.size();
        }
    }

    /** Drops expired keys, then the oldest finished ones while over the bound; in-flight keys stay. */
    private void evict(Map<String, Entry> keys, Instant now) {
        Instant cutoff = now.minus(retention);
        int excess = keys.size() - maxKeysPerAccount;
        for (Iterator<Entry> it = keys.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.inFlight()) {
                continue;
            }
            if (excess > 0 || e.at.isBefore(cutoff)) {
                it.remove();
                excess--;
            }
        }
    }
}
