package app.trecho.server.store;

import java.time.Instant;

/** Instants are stored as INTEGER nanoseconds since the epoch: exact, compact and ordered. */
final class Instants {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Instants() {}

    static long toNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }

    static Instant fromNanos(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }
}
