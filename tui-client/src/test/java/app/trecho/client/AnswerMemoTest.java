package app.trecho.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.Codec;
import app.trecho.protocol.ProtocolException;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.City;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerMemoTest {
    private final Codec codec = new Codec();
    private final AnswerMemo memo = new AnswerMemo(codec);

    @Test
    void theSameLargeAnswerToAnotherRequestIsNotDecodedAgainButRoutedByItsOwnId() throws Exception {
        String first = codec.encode(new Response.CityListOk("r-1", cities("A", 200)));
        String again = codec.encode(new Response.CityListOk("r-2", cities("A", 200)));
        assertTrue(first.length() >= AnswerMemo.MIN_CHARS);

        AnswerMemo.Decoded one = memo.decode(first);
        AnswerMemo.Decoded two = memo.decode(again);

        assertEquals("r-1", one.id());
        assertEquals("r-2", two.id());
        assertSame(one.message(), two.message(), "remembered, not decoded again");
        assertEquals(codec.decodeServerMessage(again), new Response.CityListOk("r-2", cities("A", 200)));
        assertEquals(
                ((Response.CityListOk) codec.decodeServerMessage(again)).cities(),
                ((Response.CityListOk) two.message()).cities());
    }

    @Test
    void aDifferentAnswerIsDecodedAfresh() throws Exception {
        AnswerMemo.Decoded one = memo.decode(codec.encode(new Response.CityListOk("r-1", cities("A", 200))));
        AnswerMemo.Decoded two = memo.decode(codec.encode(new Response.CityListOk("r-2", cities("B", 200))));
        assertNotSame(one.message(), two.message());
        assertEquals(
                "B city 0",
                ((Response.CityListOk) two.message()).cities().getFirst().name());
    }

    @Test
    void smallAnswersEventsAndEscapedIdsAreDecodedAsUsual() throws Exception {
        AnswerMemo.Decoded small = memo.decode(codec.encode(new Response.CityListOk("r-1", cities("A", 1))));
        assertEquals("r-1", small.id());
        assertNotSame(
                small.message(),
                memo.decode(codec.encode(new Response.CityListOk("r-2", cities("A", 1))))
                        .message());

        String quoted = "r\"1";
        AnswerMemo.Decoded escaped = memo.decode(codec.encode(new Response.CityListOk(quoted, cities("A", 200))));
        assertEquals(quoted, escaped.id());
        assertEquals(quoted, ((Response) escaped.message()).id());

        AnswerMemo.Decoded event = memo.decode("{\"type\":\"event.resync\",\"seq\":3,\"reason\":\"x\"}");
        assertEquals(null, event.id());
    }

    @Test
    void aBrokenLineStillFailsToDecode() {
        String line = codec.encode(new Response.CityListOk("r-1", cities("A", 200)));
        assertThrows(ProtocolException.class, () -> memo.decode(line.substring(0, line.length() - 2)));
    }

    @Test
    void onlyTheMostRecentlyUsedAnswersAreKept() throws Exception {
        String oldest = codec.encode(new Response.CityListOk("r-0", cities("C00", 200)));
        Object remembered = memo.decode(oldest).message();
        for (int i = 1; i <= AnswerMemo.ENTRIES; i++) {
            memo.decode(codec.encode(new Response.CityListOk("r-" + i, cities("C%02d".formatted(i), 200))));
        }
        assertNotSame(remembered, memo.decode(oldest).message(), "evicted, so decoded afresh");
    }

    @Test
    void rememberedTextStaysWithinItsBudget() throws Exception {
        // answers of ~40 K characters: the budget holds six of them, fewer than ENTRIES
        String oldest = codec.encode(new Response.CityListOk("r-0", cities("D00", 1_500)));
        assertTrue(oldest.length() > AnswerMemo.BUDGET_CHARS / 7 && oldest.length() <= AnswerMemo.MAX_CHARS);
        Object remembered = memo.decode(oldest).message();
        for (int i = 1; i < 7; i++) {
            memo.decode(codec.encode(new Response.CityListOk("r-" + i, cities("D%02d".formatted(i), 1_500))));
        }
        assertNotSame(remembered, memo.decode(oldest).message(), "evicted for room, so decoded afresh");
    }

    /** {@code count} cities whose names carry {@code tag}, so different tags make different answers. */
    private static List<City> cities(String tag, int count) {
        List<City> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String code = "" + (char) ('A' + i / 676) + (char) ('A' + i / 26 % 26) + (char) ('A' + i % 26);
            out.add(new City(code, tag + " city " + i));
        }
        return out;
    }
}
