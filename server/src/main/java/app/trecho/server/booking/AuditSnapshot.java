package app.trecho.server.booking;

import app.trecho.server.state.Change.SegmentSeats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A consistent copy of all booking state, taken under the monitor: for tests, the soak and any
 * invariant check. {@link #violations()} lists every way the copy disagrees with itself.
 *
 * @param segments per segment id, every segment that has ever changed or exists in the network
 */
public record AuditSnapshot(Map<String, SegmentAudit> segments, List<HoldEntry> holds, List<BookingEntry> bookings) {

    /**
     * @param seats one character per seat, row by row: {@code .} free, {@code h} held, {@code s} sold
     * @param owners the account on each seat, null when free
     */
    public record SegmentAudit(String seats, List<String> owners, int seatsFree, int publishedFree, long version) {}

    public record HoldEntry(String holdId, String account, Instant expiresAt, List<SegmentSeats> seats) {}

    public record BookingEntry(String reference, String account, List<SegmentSeats> seats) {}

    public AuditSnapshot {
        segments = Map.copyOf(segments);
        holds = List.copyOf(holds);
        bookings = List.copyOf(bookings);
    }

    /**
     * Every inconsistency: a seat in two holds or bookings, a seat whose state disagrees with the
     * holds and bookings naming it, an owner mismatch, a wrong free count. Empty when sound.
     */
    public List<String> violations(Network network) {
        List<String> problems = new ArrayList<>();
        Map<String, String> claims = new HashMap<>();
        Map<String, Character> expected = new HashMap<>();
        Map<String, String> owner = new HashMap<>();
        for (HoldEntry hold : holds) {
            claim(network, hold.holdId(), hold.account(), hold.seats(), 'h', claims, expected, owner, problems);
        }
        for (BookingEntry booking : bookings) {
            claim(
                    network,
                    booking.reference(),
                    booking.account(),
                    booking.seats(),
                    's',
                    claims,
                    expected,
                    owner,
                    problems);
        }
        segments.forEach((id, audit) -> {
            Segment segment = network.segment(id).orElse(null);
            if (segment == null) {
                problems.add("unknown segment " + id);
                return;
            }
            int free = 0;
            for (int i = 0; i < audit.seats().length(); i++) {
                String key = id + "/" + segment.seatLabel(i);
                char actual = audit.seats().charAt(i);
                char want = expected.getOrDefault(key, '.');
                if (actual != want) {
                    problems.add(key + " is '" + actual + "' but holds and bookings say '" + want + "'");
                }
                if (want != '.' && !owner.get(key).equals(audit.owners().get(i))) {
                    problems.add(key + " belongs to " + audit.owners().get(i) + " but is claimed by " + owner.get(key));
                }
                free += actual == '.' ? 1 : 0;
            }
            if (free != audit.seatsFree() || free != audit.publishedFree()) {
                problems.add(id + " has " + free + " free seats but counts " + audit.seatsFree() + "/"
                        + audit.publishedFree());
            }
        });
        return problems;
    }

    private static void claim(
            Network network,
            String claimant,
            String account,
            List<SegmentSeats> seats,
            char state,
            Map<String, String> claims,
            Map<String, Character> expected,
            Map<String, String> owner,
            List<String> problems) {
        for (SegmentSeats segmentSeats : seats) {
            if (network.segment(segmentSeats.segment()).isEmpty()) {
                problems.add(claimant + " names unknown segment " + segmentSeats.segment());
            }
            for (String seat : segmentSeats.seats()) {
                String key = segmentSeats.segment() + "/" + seat;
                String previous = claims.putIfAbsent(key, claimant);
                if (previous != null) {
                    problems.add(key + " is in both " + previous + " and " + claimant);
                }
                expected.put(key, state);
                owner.put(key, account);
            }
        }
    }
}
