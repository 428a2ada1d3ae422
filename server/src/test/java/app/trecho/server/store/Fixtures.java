package app.trecho.server.store;

import app.trecho.server.state.Change;
import app.trecho.server.state.Change.SegmentSeats;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** Changes as the core would make them, and a comparable rendering of them. */
final class Fixtures {
    /** Has nanoseconds on purpose: instants must round-trip exactly. */
    static final Instant T0 = Instant.parse("2026-11-27T10:15:00.123456789Z");

    static final Duration TTL = Duration.ofMinutes(10);

    private Fixtures() {}

    static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    static Change.AccountCreated account(String username) {
        return new Change.AccountCreated(
                username,
                "PBKDF2WithHmacSHA256",
                210_000,
                (username + "-salt").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new byte[] {1, 2, 3, (byte) username.length()},
                T0);
    }

    static Change.HoldPlaced hold(String id, String account, int second, SegmentSeats... seats) {
        int passengers = seats.length == 0 ? 1 : seats[0].seats().size();
        return new Change.HoldPlaced(
                id,
                account,
                passengers,
                12_345L * passengers,
                at(second),
                at(second).plus(TTL),
                List.of(seats));
    }

    static SegmentSeats seats(String segment, String... seats) {
        return new SegmentSeats(segment, List.of(seats));
    }

    static Change.Purchased purchase(String reference, String account, int second, String... holds) {
        return new Change.Purchased(reference, account, List.of(holds), 99_900L, at(second));
    }

    static Change.HoldReleased released(String hold, String account, int second) {
        return new Change.HoldReleased(hold, account, Change.ReleaseReason.RELEASED, at(second));
    }

    static Change.IdempotencyRecorded idempotent(String account, String key, int second) {
        return new Change.IdempotencyRecorded(
                account,
                key,
                "hold.create|" + key,
                "{\"type\":\"hold.create.ok\",\"key\":\"" + key + "\"}",
                at(second));
    }

    /** {@code r} as the store loads it: the response stays in the store until a retry reads it. */
    static Change.IdempotencyRecorded withoutResponse(Change.IdempotencyRecorded r) {
        return new Change.IdempotencyRecorded(r.account(), r.key(), r.fingerprint(), null, r.at(), r.row());
    }

    /** Records compare arrays by identity; render every change as text, arrays in hex. */
    static List<String> render(List<Change> changes) {
        return changes.stream().map(Fixtures::render).toList();
    }

    static String render(Change change) {
        return switch (change) {
            case Change.AccountCreated a ->
                "AccountCreated[%s,%s,%d,%s,%s,%s]"
                        .formatted(
                                a.username(),
                                a.algorithm(),
                                a.iterations(),
                                HexFormat.of().formatHex(a.salt()),
                                HexFormat.of().formatHex(a.hash()),
                                a.at());
            default -> change.toString();
        };
    }
}
