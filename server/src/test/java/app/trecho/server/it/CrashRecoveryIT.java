package app.trecho.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.HeldSegment;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.SegmentInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the real server jar in the middle of concurrent load, then a restart on the same data
 * directory: every acknowledged purchase is there, every acknowledged cancel is gone, every
 * acknowledged hold is still held with its expiry (or was bought by a purchase whose answer the
 * crash cut off), and no seat is in two holds or bookings. Three kill points, the state of earlier
 * rounds checked again after every later crash.
 */
class CrashRecoveryIT {
    private static final int CLIENTS = 24;
    private static final int[] KILL_AFTER_ACKS = {50, 500, 2_000};
    private static final Duration LOAD_DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** What one client was told: acknowledged only, in the order it was told. */
    private static final class Ledger {
        final String user;
        final String token;
        final Map<String, Hold> holds = new HashMap<>();
        final Set<String> purchasedHolds = new HashSet<>();
        final Map<String, Booking> bookings = new HashMap<>();
        final Set<String> cancelled = new HashSet<>();
        /** Cancels sent: one whose answer the kill cut off may or may not have happened. */
        final Set<String> cancelSent = new HashSet<>();

        Ledger(String user, String token) {
            this.user = user;
            this.token = token;
        }
    }

    private final List<Ledger> ledgers = new ArrayList<>();

    @Test
    void acknowledgedChangesSurviveKillNineAtEveryKillPoint() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        for (int round = 0; round < KILL_AFTER_ACKS.length; round++) {
            try (ServerProcess server = ServerProcess.start(data)) {
                if (round > 0) {
                    verify(server.port(), "after kill " + round);
                }
                runLoadAndKill(server, round, KILL_AFTER_ACKS[round]);
            }
        }
        try (ServerProcess server = ServerProcess.start(data)) {
            verify(server.port(), "after the last kill");
        }
    }

    private void runLoadAndKill(ServerProcess server, int round, int killAfter) throws Exception {
        List<String> segments = segments(server.port());
        List<String> hot = segments.subList(0, 4);
        AtomicInteger acks = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(CLIENTS);
        List<Ledger> roundLedgers = new ArrayList<>();
        List<TestClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String user = "crash" + round + "u" + i;
            TestClient c = TestClient.handshaken(server.port());
            String token = c.register(user);
            clients.add(c);
            roundLedgers.add(new Ledger(user, token));
        }
        ledgers.addAll(roundLedgers);
        Map<String, Throwable> unexpected = new ConcurrentHashMap<>();
        for (int i = 0; i < CLIENTS; i++) {
            TestClient c = clients.get(i);
            Ledger ledger = roundLedgers.get(i);
            long seed = round * 1_000L + i;
            Thread.ofVirtual().name("crash-client-" + i).start(() -> {
                try {
                    drive(c, ledger, new SplittableRandom(seed), segments, hot, acks, stop, killAfter, reached);
                } catch (Throwable t) {
                    if (!stop.get()) {
                        unexpected.put(ledger.user, t); // before the kill nothing may fail
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        assertTrue(
                reached.await(LOAD_DEADLINE.toSeconds(), TimeUnit.SECONDS),
                () -> "only " + acks.get() + " acknowledgements; failures: " + unexpected);
        stop.set(true);
        server.killHard();
        clients.forEach(TestClient::close);
        assertTrue(done.await(LOAD_DEADLINE.toSeconds(), TimeUnit.SECONDS), "clients did not stop");
        assertTrue(unexpected.isEmpty(), () -> "failures before the kill: " + unexpected);
    }

    /** Holds (sometimes two), buys the cart, now and then cancels an earlier booking; records every ack. */
    private static void drive(
            TestClient c,
            Ledger ledger,
            SplittableRandom random,
            List<String> segments,
            List<String> hot,
            AtomicInteger acks,
            AtomicBoolean stop,
            int killAfter,
            CountDownLatch reached) {
        int key = 0;
        while (!stop.get()) {
            int holds = random.nextInt(4) == 0 ? 2 : 1;
            for (int h = 0; h < holds; h++) {
                String segment = random.nextBoolean()
                        ? hot.get(random.nextInt(hot.size()))
                        : segments.get(random.nextInt(segments.size()));
                Response r = c.call(new Request.HoldCreate(
                        c.nextId(), ledger.user + "-k" + key++, List.of(segment), 1 + random.nextInt(2), null));
                if (r instanceof Response.HoldCreateOk ok) {
                    synchronized (ledger) {
                        ledger.holds.put(ok.hold().holdId(), ok.hold());
                    }
                    ack(acks, killAfter, reached);
                }
            }
            Response bought = c.call(new Request.CartPurchase(c.nextId(), ledger.user + "-k" + key++, null));
            if (bought instanceof Response.CartPurchaseOk ok) {
                synchronized (ledger) {
                    ledger.bookings.put(ok.booking().reference(), ok.booking());
                    // the cart was exactly the holds not yet bought
                    ledger.purchasedHolds.addAll(ledger.holds.keySet());
                }
                ack(acks, killAfter, reached);
            }
            if (random.nextInt(5) == 0) {
                String victim;
                synchronized (ledger) {
                    victim = ledger.bookings.keySet().stream()
                            .filter(ref -> !ledger.cancelled.contains(ref))
                            .findFirst()
                            .orElse(null);
                    if (victim != null) {
                        ledger.cancelSent.add(victim);
                    }
                }
                if (victim != null) {
                    Response r = c.call(new Request.BookingCancel(c.nextId(), ledger.user + "-k" + key++, victim));
                    if (r instanceof Response.BookingCancelOk) {
                        synchronized (ledger) {
                            ledger.cancelled.add(victim);
                        }
                        ack(acks, killAfter, reached);
                    }
                }
            }
        }
    }

    private static void ack(AtomicInteger acks, int killAfter, CountDownLatch reached) {
        if (acks.incrementAndGet() >= killAfter) {
            reached.countDown();
        }
    }

    /** Future segments from the server's own board (its "today" is the one that counts). */
    private static List<String> segments(int port) throws IOException {
        try (TestClient c = TestClient.handshaken(port)) {
            Response.BoardGetOk board =
                    assertInstanceOf(Response.BoardGetOk.class, c.call(new Request.BoardGet(c.nextId(), null, null)));
            Instant soon = Instant.now().plus(Duration.ofHours(3));
            List<String> ids = board.segments().stream()
                    .filter(s -> s.departure().isAfter(soon))
                    .map(SegmentInfo::segment)
                    .toList();
            assertTrue(ids.size() >= 20, "too few future segments: " + ids.size());
            return ids;
        }
    }

    private void verify(int port, String when) throws IOException {
        Map<String, Map<String, String>> claims = new HashMap<>(); // segment -> seat -> what claims it
        for (Ledger ledger : ledgers) {
            try (TestClient c = TestClient.handshaken(port)) {
                // half resume their stored session, half log in with their password
                if (ledger.user.hashCode() % 2 == 0) {
                    assertInstanceOf(
                            Response.SessionResumeOk.class,
                            c.call(new Request.SessionResume(c.nextId(), ledger.token)),
                            () -> when + ": " + ledger.user + " cannot resume");
                } else {
                    assertInstanceOf(
                            Response.AccountLoginOk.class,
                            c.call(new Request.AccountLogin(c.nextId(), ledger.user, "password-of-" + ledger.user)),
                            () -> when + ": " + ledger.user + " cannot log in");
                }
                List<Booking> bookings = assertInstanceOf(
                                Response.BookingListOk.class, c.call(new Request.BookingList(c.nextId())))
                        .bookings();
                List<Hold> cart = assertInstanceOf(Response.CartGetOk.class, c.call(new Request.CartGet(c.nextId())))
                        .holds();
                checkLedger(ledger, bookings, cart, when);
                bookings.forEach(b -> claim(claims, b.segments(), "booking " + b.reference(), when));
                cart.forEach(h -> claim(claims, h.segments(), "hold " + h.holdId(), when));
            }
        }
        Set<String> toCheck = new TreeSet<>(claims.keySet());
        toCheck.addAll(segments(port));
        checkSeatMaps(port, toCheck, claims, when);
    }

    private static void checkLedger(Ledger ledger, List<Booking> bookings, List<Hold> cart, String when) {
        Map<String, Booking> stored = new HashMap<>();
        bookings.forEach(b -> stored.put(b.reference(), b));
        Map<String, Hold> held = new HashMap<>();
        cart.forEach(h -> held.put(h.holdId(), h));
        synchronized (ledger) {
            for (Booking acked : ledger.bookings.values()) {
                if (ledger.cancelled.contains(acked.reference())) {
                    assertTrue(
                            !stored.containsKey(acked.reference()),
                            () -> when + ": cancelled booking " + acked.reference() + " came back");
                } else if (!ledger.cancelSent.contains(acked.reference()) || stored.containsKey(acked.reference())) {
                    Booking found = stored.get(acked.reference());
                    assertTrue(found != null, () -> when + ": acknowledged booking " + acked.reference() + " is lost");
                    assertEquals(seats(acked.segments()), seats(found.segments()), when + ": seats of " + acked);
                }
            }
            Set<String> bookedSeats = new HashSet<>();
            bookings.forEach(b -> bookedSeats.addAll(seats(b.segments())));
            for (Hold acked : ledger.holds.values()) {
                if (ledger.purchasedHolds.contains(acked.holdId())) {
                    continue;
                }
                Hold found = held.get(acked.holdId());
                if (found != null) {
                    assertEquals(acked.expiresAt(), found.expiresAt(), when + ": expiry of hold " + acked.holdId());
                    assertEquals(seats(acked.segments()), seats(found.segments()), when + ": seats of " + acked);
                } else {
                    // a purchase whose answer the kill cut off may have bought it; nothing else may
                    assertTrue(
                            bookedSeats.containsAll(seats(acked.segments())),
                            () -> when + ": acknowledged hold " + acked.holdId() + " of " + ledger.user
                                    + " is neither held nor bought");
                }
            }
        }
    }

    private static Set<String> seats(List<HeldSegment> segments) {
        Set<String> out = new TreeSet<>();
        segments.forEach(s -> s.seats().forEach(seat -> out.add(s.segment() + "/" + seat)));
        return out;
    }

    private static void claim(
            Map<String, Map<String, String>> claims, List<HeldSegment> segments, String by, String when) {
        for (HeldSegment s : segments) {
            for (String seat : s.seats()) {
                String before = claims.computeIfAbsent(s.segment(), k -> new HashMap<>())
                        .put(seat, by);
                assertTrue(
                        before == null,
                        () -> when + ": seat " + s.segment() + "/" + seat + " in " + before + " and " + by);
            }
        }
    }

    /** Every seat sold or held on the seat map is claimed by exactly what the accounts list, and vice versa. */
    private static void checkSeatMaps(
            int port, Set<String> segments, Map<String, Map<String, String>> claims, String when) throws IOException {
        try (TestClient c = TestClient.handshaken(port)) {
            for (String segment : segments) {
                Response.SeatMapGetOk map = assertInstanceOf(
                        Response.SeatMapGetOk.class, c.call(new Request.SeatMapGet(c.nextId(), segment)));
                Map<String, String> expected = claims.getOrDefault(segment, Map.of());
                for (int i = 0; i < map.seats().length(); i++) {
                    String seat = (i / map.columns().length() + 1)
                            + String.valueOf(
                                    map.columns().charAt(i % map.columns().length()));
                    char state = map.seats().charAt(i);
                    String by = expected.get(seat);
                    String label = segment + "/" + seat;
                    if (by == null) {
                        assertEquals('.', state, () -> when + ": " + label + " is taken but no account has it");
                    } else if (by.startsWith("booking")) {
                        assertEquals('s', state, () -> when + ": " + label + " of " + by);
                    } else {
                        assertEquals('h', state, () -> when + ": " + label + " of " + by);
                    }
                }
            }
        }
    }
}
