package app.trecho.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.trecho.protocol.model.SeatChange;
import app.trecho.protocol.model.SeatState;
import app.trecho.protocol.model.SortOrder;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecSmokeTest {
    private final Codec codec = new Codec();

    @Test
    void requestRoundTrips() throws Exception {
        var search =
                new Request.ItinerarySearch("r1", "GRU", "REC", LocalDate.of(2026, 11, 27), 2, SortOrder.PRICE, null);
        String line = codec.encode(search);
        assertEquals(
                "{\"type\":\"itinerary.search\",\"id\":\"r1\",\"from\":\"GRU\",\"to\":\"REC\",\"date\":\"2026-11-27\",\"passengers\":2,\"sort\":\"price\"}",
                line);
        assertEquals(search, codec.decodeRequest(line));
    }

    @Test
    void eventRoundTrips() throws Exception {
        var event = new Event.Seat(3, "TR1-2026-11-27", List.of(new SeatChange("12C", SeatState.HELD)), 9);
        assertEquals(event, codec.decodeServerMessage(codec.encode(event)));
    }

    @Test
    void garbageIsBadRequest() {
        var e = assertThrows(ProtocolException.class, () -> codec.decodeRequest("{nope"));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        var u = assertThrows(ProtocolException.class, () -> codec.decodeRequest("{\"type\":\"x\",\"id\":\"a\"}"));
        assertEquals(ErrorCode.UNKNOWN_TYPE, u.code());
        assertEquals("a", u.requestId());
    }
}
