package app.trecho.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.Codec;
import app.trecho.protocol.Message;
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
    void theSameLargeAnswerToAnotherRequestIsNotDecodedAgainAndCarriesItsOwnId() throws Exception {
        String first = codec.encode(new Response.CityListOk("r-1", cities("A", 200)));
        String again = codec.encode(new Response.CityListOk("r-2", cities("A", 200)));
        assertTrue(first.length() >= AnswerMemo.MIN_CHARS);

        var one = (Response.CityListOk) memo.decode(first);
        var two = (Response.CityListOk) memo.decode(again);

        assertEquals(codec.decodeServerMessage(first), one);
        assertEquals(codec.decodeServerMessage(again), two, "exactly what decoding it would give");
        assertSame(one.cities(), two.cities(), "remembered, not decoded again");
    }

    @Test
    void aDifferentAnswerIsDecodedAfresh() throws Exception {
        memo.decode(codec.encode(new Response.CityListOk("r-1", cities("A", 200))));
        String other = codec.encode(new Response.CityListOk("r-2", cities("B", 200)));
        assertEquals(codec.decodeServerMessage(other), memo.decode(other));
    }

    @Test
    void smallAnswersEventsAndEscapedIdsAreDecodedAsUsual() throws Exception {
        String small = codec.encode(new Response.CityListOk("r-1", cities("A", 1)));
        var once = (Response.CityListOk) memo.decode(small);
        var twice = (Response.CityListOk) memo.decode(small);
        assertEquals(once, twice);
        assertTrue(once.cities() != twice.cities(), "too small to remember");

        String quoted = "r\"1";
        Message escaped = memo.decode(codec.encode(new Response.CityListOk(quoted, cities("A", 200))));
        assertEquals(quoted, ((Response) escaped).id());

        String resync = "{\"type\":\"event.resync\",\"seq\":3,\"reason\":\"x\"}";
        assertEquals(codec.decodeServerMessage(resync), memo.decode(resync));
    }

    @Test
    void anAnswerDifferingInOneCharacterIsNotTakenForTheOther() throws Exception {
        List<City> cities = new ArrayList<>(cities("A", 200));
        String first = codec.encode(new Response.CityListOk("r-1", cities));
        cities.set(117, new City(cities.get(117).code(), "A city 11X")); // same length, one character off
        String other = codec.encode(new Response.CityListOk("r-2", cities));
        assertEquals(first.length(), other.length());

        memo.decode(first);
        assertEquals(codec.decodeServerMessage(other), memo.decode(other));
        assertEquals(codec.decodeServerMessage(other), memo.decode(other), "and remembered right");
    }

    @Test
    void aBrokenLineStillFailsToDecode() {
        String line = codec.encode(new Response.CityListOk("r-1", cities("A", 200)));
        assertThrows(ProtocolException.class, () -> memo.decode(line.substring(0, line.length() - 2)));
    }

    @Test
    void onlyTheMostRecentlyUsedAnswersAreKept() throws Exception {
        String oldest = codec.encode(new Response.CityListOk("r-0", cities("C00", 200)));
        List<City> remembered = ((Response.CityListOk) memo.decode(oldest)).cities();
        for (int i = 1; i <= AnswerMemo.ENTRIES; i++) {
            memo.decode(codec.encode(new Response.CityListOk("r-" + i, cities("C%02d".formatted(i), 200))));
        }
        assertTrue(remembered != ((Response.CityListOk) memo.decode(oldest)).cities(), "evicted: decoded afresh");
    }

    @Test
    void rememberedTextStaysWithinItsBudget() throws Exception {
        // answers of ~55 K characters: the budget holds four of them, fewer than ENTRIES
        String oldest = codec.encode(new Response.CityListOk("r-0", cities("D00", 1_500)));
        assertTrue(oldest.length() > AnswerMemo.BUDGET_CHARS / 7 && oldest.length() <= AnswerMemo.MAX_CHARS);
        List<City> remembered = ((Response.CityListOk) memo.decode(oldest)).cities();
        for (int i = 1; i < 7; i++) {
            memo.decode(codec.encode(new Response.CityListOk("r-" + i, cities("D%02d".formatted(i), 1_500))));
        }
        assertTrue(
                remembered != ((Response.CityListOk) memo.decode(oldest)).cities(), "evicted for room: decoded afresh");
    }

    @Test
    void answersOfOtherTypesAreNotRemembered() throws Exception {
        String subscribed = codec.encode(new Response.SubscribeOk("r-1", topics(300)));
        var once = (Response.SubscribeOk) memo.decode(subscribed);
        var twice = (Response.SubscribeOk) memo.decode(subscribed);
        assertTrue(subscribed.length() >= AnswerMemo.MIN_CHARS);
        assertTrue(once.topics() != twice.topics());
    }

    private static List<String> topics(int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add("seats:TR%d-2026-12-01".formatted(1000 + i));
        }
        return out;
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
