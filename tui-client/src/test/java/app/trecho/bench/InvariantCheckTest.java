package app.trecho.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.model.SegmentInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seat-count part of the bench's invariant check, on boards and seat maps made up here. */
class InvariantCheckTest {
    private static final Instant DEPARTURE = Instant.parse("2026-11-28T08:00:00Z");

    private static SegmentInfo segment(String id, int free, int total) {
        return new SegmentInfo(id, "TR1", "LIS", "OPO", DEPARTURE, DEPARTURE.plusSeconds(3600), 4900, free, total);
    }

    @Test
    void boardsThatAgreeWithTheirSeatMapsHaveNoProblems() {
        List<SegmentInfo> board = List.of(segment("A", 2, 4), segment("B", 3, 4));
        Map<String, String> maps = Map.of("A", "s.h.", "B", "...s");

        assertEquals(List.of(), InvariantCheck.seatCountProblems(board, maps, board));
    }

    @Test
    void aFreeCountThatDisagreesWithAStillBoardIsTheServersProblem() {
        List<SegmentInfo> board = List.of(segment("A", 3, 4), segment("B", 3, 5));
        Map<String, String> maps = Map.of("A", "s.h.", "B", "...s");

        assertEquals(
                List.of("A: board says 3 free, seat map shows 2", "B: seat map has 4 seats, board says 5"),
                InvariantCheck.seatCountProblems(board, maps, board));
    }

    @Test
    void aBoardThatMovedDuringTheCheckNamesAnotherClientInsteadOfListingMismatches() {
        List<SegmentInfo> board = List.of(segment("A", 3, 4), segment("B", 3, 4));
        Map<String, String> maps = Map.of("A", "s.h.", "B", "..ss");
        List<SegmentInfo> after = List.of(segment("A", 2, 4), segment("B", 1, 4));

        List<String> problems = InvariantCheck.seatCountProblems(board, maps, after);

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(
                problems.getFirst()
                        .startsWith("free seats changed on 2 segments while the check read them (A 3 → 2, ..."),
                problems::toString);
        assertTrue(problems.getFirst().contains("another client is using this server"), problems::toString);
    }
}
