package app.trecho.server.net;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed logins per account and per client address over a sliding window. Once either reaches its
 * limit, logins for it are refused until the oldest failure leaves the window.
 */
final class LoginLimiter {
    private final int perAccount;
    private final int perAddress;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Deque<Long>> accounts = new ConcurrentHashMap<>();
    private final Map<String, Deque<Long>> addresses = new ConcurrentHashMap<>();

    LoginLimiter(int perAccount, int perAddress, Duration window, LongSupplier nanoTime) {
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
    }

    /** 0 when a login for {@code account} from {@code address} may be tried, else milliseconds to wait. */
    long retryAfterMs(String account, String address) {
        long now = nanoTime.getAsLong();
        return Math.max(wait(accounts.get(account), perAccount, now), wait(addresses.get(address), perAddress, now));
    }

    void failed(String account, String address) {
        long now = nanoTime.getAsLong();
        record(accounts, account, now);
        record(addresses, address, now);
    }

    /** Forgets failures that left the window (called periodically by the scheduler). */
    void purge() {
        long now = nanoTime.getAsLong();
        purge(accounts, now);
        purge(addresses, now);
    }

    private long wait(Deque<Long> failures, int limit, long now) {
        if (failures == null) {
            return 0;
        }
        synchronized (failures) {
            dropOld(failures, now);
            if (failures.size() < limit) {
                return 0;
            }
            long freeAt = failures.peekFirst() + windowNanos;
            return Math.max(1, Duration.ofNanos(freeAt - now).toMillis());
        }
    }

    private void record(Map<String, Deque<Long>> map, String key, long now) {
        map.compute(key, (k, failures) -> {
            Deque<Long> d = failures == null ? new ArrayDeque<>() : failures;
            synchronized (d) {
                dropOld(d, now);
                d.addLast(now);
            }
            return d;
        });
    }

    private void purge(Map<String, Deque<Long>> map, long now) {
        for (String key : map.keySet()) {
            map.computeIfPresent(key, (k, d) -> {
                synchronized (d) {
                    dropOld(d, now);
                    return d.isEmpty() ? null : d;
                }
            });
        }
    }

    private void dropOld(Deque<Long> failures, long now) {
        while (!failures.isEmpty() && now - failures.peekFirst() >= windowNanos) {
            failures.removeFirst();
        }
    }
}
