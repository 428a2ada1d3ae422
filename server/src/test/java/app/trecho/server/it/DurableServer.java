package app.trecho.server.it;

import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.server.Durability;
import app.trecho.server.TrechoServer;
import app.trecho.server.booking.AuditSnapshot;
import app.trecho.server.booking.BookingCore;
import app.trecho.server.booking.Network;
import app.trecho.server.config.ServerConfig;
import app.trecho.server.state.ChangeLog;
import app.trecho.server.store.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/** In-process servers over a real SQLite data directory, restarted at will, with a clock of the test's. */
final class DurableServer {
    static final Duration HOLD_TTL = Duration.ofMinutes(10);
    private static final app.trecho.server.store.Durability FSYNC = app.trecho.server.store.Durability.NORMAL;

    private DurableServer() {}

    static TrechoServer start(Path data, InstantSource clock, String... flags) throws Exception {
        return start(data, clock, store -> Durability.sqlite(store, FSYNC), flags);
    }

    /** With the change log {@code durability} builds around the opened store (fault injection). */
    static TrechoServer start(
            Path data, InstantSource clock, Function<SqliteStore, Durability> durability, String... flags)
            throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--port",
                "0",
                "--bind",
                "127.0.0.1",
                "--pbkdf2-iterations",
                "1000",
                "--hold-ttl",
                HOLD_TTL.toSeconds() + "s",
                "--data-dir",
                data.toString()));
        args.addAll(List.of(flags));
        ServerConfig config = ServerConfig.parse(args, Map.of());
        return TrechoServer.start(config, clock, durability.apply(SqliteStore.open(data, FSYNC)));
    }

    /** The first segment on {@code date} (airline time zone) on the server's board. */
    static String segmentOn(TestClient c, LocalDate date) {
        Response r = c.call(new Request.BoardGet(c.nextId(), date, null));
        List<SegmentInfo> board = ((Response.BoardGetOk) r).segments();
        return board.getFirst().segment();
    }

    static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, Network.ZONE);
    }

    /**
     * What the database in {@code data} holds, read from an online backup (so the running server's
     * store is not disturbed) and replayed onto {@code network}.
     */
    static AuditSnapshot disk(Path data, Path scratch, Network network, InstantSource clock) throws IOException {
        Path copy = Files.createTempDirectory(scratch, "disk-");
        SqliteStore.backup(data, copy.resolve(SqliteStore.DATABASE_FILE));
        try (SqliteStore store = SqliteStore.open(copy, FSYNC)) {
            BookingCore core = new BookingCore(network, clock, HOLD_TTL, ChangeLog.NONE);
            core.rebuild(store.load()); // the core ignores account and idempotency changes
            return core.auditSnapshot();
        }
    }

    /** The parts of two snapshots that must agree between memory and disk (versions may differ). */
    static Object comparable(AuditSnapshot snapshot) {
        Map<String, String> seats = new TreeMap<>();
        snapshot.segments().forEach((id, s) -> seats.put(id, s.seats() + " " + s.owners()));
        Set<Object> holds = new HashSet<>(snapshot.holds());
        Set<Object> bookings = new HashSet<>(snapshot.bookings());
        return List.of(seats, holds, bookings);
    }
}
