package app.trecho.bench;

import app.trecho.client.TrechoClient;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.HeldSegment;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.SegmentInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * After the load stops, checks the server's state through the public protocol: every segment's
 * free count agrees with its seat map, no seat is in two bookings or in a booking and a hold, and
 * every seat the customers booked or hold shows as sold or held.
 */
final class InvariantCheck {
    private InvariantCheck() {}

    record Result(boolean ok, List<String> checked, List<String> problems) {}

    static Result run(BenchContext context) throws InterruptedException {
        List<String> checked = new ArrayList<>();
        List<String> problems = new ArrayList<>(context.problems());
        Map<String, String> seatMaps = new HashMap<>();
        Map<String, String> columns = new HashMap<>();
        try (TrechoClient auditor = context.connect()) {
            List<SegmentInfo> board = Catalog.await(auditor.board(null, null));
            for (SegmentInfo segment : board) {
                Response.SeatMapGetOk map = Catalog.await(auditor.seatMap(segment.segment()));
                seatMaps.put(segment.segment(), map.seats());
                columns.put(segment.segment(), map.columns());
            }
            problems.addAll(seatCountProblems(board, seatMaps, Catalog.await(auditor.board(null, null))));
            checked.add("free counts of " + Report.counted(board.size(), "segment") + " agree with their seat maps");
        }
        Set<String> booked = new HashSet<>();
        Set<String> held = new HashSet<>();
        int bookings = 0;
        int holds = 0;
        for (TrechoClient customer : context.customers()) {
            for (Booking booking : Catalog.await(customer.bookings())) {
                bookings++;
                for (HeldSegment leg : booking.segments()) {
                    for (String seat : leg.seats()) {
                        String key = leg.segment() + " " + seat;
                        if (!booked.add(key)) {
                            problems.add("seat " + key + " is in two bookings");
                        }
                        expectState(problems, seatMaps, columns, leg.segment(), seat, 's', "booked");
                    }
                }
            }
            for (Hold hold : Catalog.await(customer.cart()).holds()) {
                holds++;
                for (HeldSegment leg : hold.segments()) {
                    for (String seat : leg.seats()) {
                        held.add(leg.segment() + " " + seat);
                        expectState(problems, seatMaps, columns, leg.segment(), seat, 'h', "held");
                    }
                }
            }
        }
        for (String seat : held) {
            if (booked.contains(seat)) {
                problems.add("seat " + seat + " is both held and booked");
            }
        }
        checked.add(Report.counted(bookings, "booking") + " of "
                + Report.counted(context.customers().size(), "customer")
                + ": no seat booked twice, every booked seat sold");
        checked.add(Report.counted(holds, "live hold") + ": every held seat held, none also booked");
        return new Result(problems.isEmpty(), checked, problems);
    }

    /**
     * Each segment's free count and size on the board against its seat map. The seat maps are read
     * one by one after the board, so they agree only if nothing changed meanwhile: when the board
     * read again afterwards differs, another client was booking, and one problem says so instead
     * of a list of mismatches that would look like the server's fault.
     */
    static List<String> seatCountProblems(
            List<SegmentInfo> board, Map<String, String> seatMaps, List<SegmentInfo> boardAfter) {
        Map<String, Integer> freeAfter = new HashMap<>();
        for (SegmentInfo segment : boardAfter) {
            freeAfter.put(segment.segment(), segment.seatsFree());
        }
        List<String> moved = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (SegmentInfo segment : board) {
            Integer after = freeAfter.get(segment.segment());
            if (after != null && after != segment.seatsFree()) {
                moved.add(segment.segment() + " " + segment.seatsFree() + " → " + after);
            }
            String map = seatMaps.get(segment.segment());
            long free = map.chars().filter(c -> c == '.').count();
            if (free != segment.seatsFree()) {
                problems.add(
                        segment.segment() + ": board says " + segment.seatsFree() + " free, seat map shows " + free);
            }
            if (map.length() != segment.seatsTotal()) {
                problems.add(segment.segment() + ": seat map has " + map.length() + " seats, board says "
                        + segment.seatsTotal());
            }
        }
        if (moved.isEmpty()) {
            return problems;
        }
        return List.of(
                "free seats changed on " + moved.size() + " segments while the check read them (" + moved.getFirst()
                        + (moved.size() > 1 ? ", ..." : "")
                        + "): another client is using this server; the check holds only when the bench is its only client");
    }

    private static void expectState(
            List<String> problems,
            Map<String, String> seatMaps,
            Map<String, String> columns,
            String segment,
            String seat,
            char expected,
            String what) {
        String map = seatMaps.get(segment);
        if (map == null) {
            return; // departed or filtered from the board since; nothing to compare with
        }
        String letters = columns.get(segment);
        int row = Integer.parseInt(seat.substring(0, seat.length() - 1));
        int col = letters.indexOf(seat.charAt(seat.length() - 1));
        int index = (row - 1) * letters.length() + col;
        if (col < 0 || index >= map.length()) {
            problems.add(what + " seat " + segment + " " + seat + " is not on the seat map");
        } else if (Character.toLowerCase(map.charAt(index)) != expected) {
            problems.add(what + " seat " + segment + " " + seat + " shows '" + map.charAt(index) + "' on the seat map");
        }
    }
}
