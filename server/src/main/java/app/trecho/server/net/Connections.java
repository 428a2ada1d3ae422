package app.trecho.server.net;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The open connections: the connection limit, timeout sweeps and shutdown fan-out. */
final class Connections {
    private final int max;
    private final AtomicInteger reserved = new AtomicInteger();
    private final Map<Long, Connection> open = new ConcurrentHashMap<>();

    Connections(int max) {
        this.max = max;
    }

    /** Takes a slot for a new connection; false when the server is at its limit. */
    boolean tryReserve() {
        while (true) {
            int n = reserved.get();
            if (n >= max) {
                return false;
            }
            if (reserved.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void add(Connection c) {
        open.put(c.id(), c);
    }

    /** Frees the connection's slot (reserved by {@link #tryReserve}). */
    void remove(Connection c) {
        if (open.remove(c.id()) != null) {
            reserved.decrementAndGet();
        }
    }

    void release() {
        reserved.decrementAndGet();
    }

    int count() {
        return open.size();
    }

    void sweepTimeouts(long nowNanos) {
        open.values().forEach(c -> c.checkTimeouts(nowNanos));
    }

    void shutdownAll(String reason) {
        open.values().forEach(c -> c.shutdown(reason));
    }

    /** Waits until every connection closed; true when they did within {@code timeout}. */
    boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Connection c : open.values()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !c.awaitClosed(Duration.ofNanos(left))) {
                return open.isEmpty();
            }
        }
        return open.isEmpty();
    }

    /** Sends event.resync to every connection past its handshake: what it shows may be wrong. */
    void resyncAll(String reason) {
        open.values().forEach(c -> c.resync(reason));
    }

    void abortAll() {
        open.values().forEach(Connection::abort);
    }
}
