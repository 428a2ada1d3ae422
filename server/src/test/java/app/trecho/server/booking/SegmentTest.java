package app.trecho.server.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentTest {
    private static final Instant DEPARTURE = Instant.parse("2026-11-28T08:00:00Z");
    private final Segment segment = new Segment(
            "TR1-2026-11-28", "TR1", "GRU", "BSB", DEPARTURE, DEPARTURE.plusSeconds(3_600), 30, "ABCDEF", 100);

    @Test
    void everySeatsLabelLeadsBackToItsIndex() {
        for (int index = 0; index < segment.seatsTotal(); index++) {
            assertEquals(index, segment.seatIndex(segment.seatLabel(index)));
        }
        assertEquals(0, segment.seatIndex("1A"));
        assertEquals(11, segment.seatIndex("2F"));
        assertEquals(179, segment.seatIndex("30F"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "A",
                "1",
                "01A",
                "31A",
                "99A",
                "100A",
                "1G",
                "1a",
                "A1",
                "1 A",
                "-1A",
                "+1A",
                "\u0663A",
                "1\u0663A"
            })
    void aLabelThatNamesNoSeatOfTheSegmentHasNoIndex(String label) {
        assertEquals(-1, segment.seatIndex(label));
    }

    @Test
    void noLabelHasNoIndex() {
        assertEquals(-1, segment.seatIndex(null));
    }
}
