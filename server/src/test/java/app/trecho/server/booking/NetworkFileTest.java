package app.trecho.server.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkFileTest {

    private static final LocalDate TODAY = LocalDate.of(2030, 1, 7); // a Monday

    private static final String GOOD = """
            {
              "cities": [
                {"code": "GRU", "name": "São Paulo"},
                {"code": "GIG", "name": "Rio de Janeiro"}
              ],
              "dates": {"from": "2030-01-07", "to": "2030-01-13"},
              "flights": [
                {"flight": "TR1001", "from": "GRU", "to": "GIG", "departs": "07:00", "minutes": 55,
                 "rows": 30, "seats": "ABCDEF", "priceCents": 32100},
                {"flight": "TR1002", "from": "GIG", "to": "GRU", "departs": "23:30", "minutes": 55,
                 "days": ["MON", "FRI"], "rows": 20, "seats": "ABCD", "priceCents": 29900}
              ]
            }
            """;

    @Test
    void aWeeklyScheduleExpandsOverTheDateRange(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("network.json");
        Files.writeString(file, GOOD);
        Network network = NetworkFile.load(file, TODAY);
        assertEquals(2, network.cities().size());
        assertEquals(7 + 2, network.segments().size());
        Segment late = network.segment("TR1002-2030-01-11").orElseThrow();
        assertEquals(
                "2030-01-12T03:25:00Z", late.arrival().toString(), "23:30 in São Paulo (UTC-3) is 02:30Z; +55 min");
        assertEquals(80, late.seatsTotal());
        assertEquals(32_100, network.segment("TR1001-2030-01-13").orElseThrow().priceCents());
    }

    @Test
    void withoutDatesTheScheduleCoversSevenDaysFromToday() {
        String json = GOOD.replace("\"dates\": {\"from\": \"2030-01-07\", \"to\": \"2030-01-13\"},", "");
        Network network = NetworkFile.parse("n.json", json, TODAY.plusDays(1));
        assertEquals(7, network.departures("GRU").size());
        assertEquals("TR1001-2030-01-08", network.departures("GRU").getFirst().id());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"from\": \"GRU\", \"to\": \"GIG\", \"departs\": \"07:00\"|\"from\": \"XYZ\", \"to\": \"GIG\", \"departs\": \"07:00\"|network.json: flights[0].from: unknown city 'XYZ'",
                "\"departs\": \"07:00\"|\"departs\": \"7am\"|network.json: flights[0].departs: '7am' is not a local time like 07:30",
                "\"rows\": 30,|\"rows\": 300,|network.json: flights[0].rows: 300 is outside 1-99",
                "\"rows\": 30, \"seats\": \"ABCDEF\"|\"rows\": 30, \"seats\": \"ABCA\"|network.json: flights[0].seats: 'ABCA' must be distinct seat letters A-K, like ABCDEF",
                "\"flight\": \"TR1001\"|\"flight\": \"T1\"|network.json: flights[0].flight: 'T1' is not a flight number like TR1201",
                "\"flight\": \"TR1002\"|\"flight\": \"TR1001\"|network.json: flights[1]: TR1001 already departs on 2030-01-07 (flights[0])",
                "{\"code\": \"GIG\"|{\"code\": \"gig\"|network.json: cities[1].code: 'gig' is not three capital letters",
                "\"priceCents\": 32100|\"priceCents\": \"cheap\"|network.json: flights[0].priceCents: must be a whole number, not \"cheap\"",
                "\"days\": [\"MON\", \"FRI\"]|\"days\": [\"MON\", \"XYZ\"]|network.json: flights[1].days[1]: \"XYZ\" is not one of MON TUE WED THU FRI SAT SUN",
                "\"to\": \"2030-01-13\"|\"to\": \"2030-01-01\"|network.json: dates.to: is before dates.from",
                "\"rows\": 30,|\"colour\": 1, \"rows\": 30,|network.json: flights[0].colour: unknown field",
            })
    void aBadFileNamesTheFileTheFieldAndTheProblem(String good, String bad, String message, @TempDir Path dir)
            throws Exception {
        assertTrue(GOOD.contains(good), good);
        Path file = dir.resolve("network.json");
        Files.writeString(
                file,
                GOOD.replaceFirst(java.util.regex.Pattern.quote(good), java.util.regex.Matcher.quoteReplacement(bad)));
        NetworkFileException e = assertThrows(NetworkFileException.class, () -> NetworkFile.load(file, TODAY));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void aSyntaxErrorNamesTheLine() {
        String broken = GOOD.replace("\"days\": [\"MON\", \"FRI\"],", "\"days\": [\"MON\", \"FRI\"]");
        NetworkFileException e =
                assertThrows(NetworkFileException.class, () -> NetworkFile.parse("network.json", broken, TODAY));
        assertTrue(e.getMessage().startsWith("network.json line 11 column "), e.getMessage());
    }

    @Test
    void missingFieldsAndFilesAreNamed(@TempDir Path dir) {
        NetworkFileException missing =
                assertThrows(NetworkFileException.class, () -> NetworkFile.parse("n.json", "{\"cities\": []}", TODAY));
        assertEquals("n.json: cities: needs at least one city", missing.getMessage());
        NetworkFileException noFlights = assertThrows(
                NetworkFileException.class,
                () -> NetworkFile.parse("n.json", "{\"cities\": [{\"code\": \"GRU\", \"name\": \"x\"}]}", TODAY));
        assertEquals("n.json: flights: is missing", noFlights.getMessage());
        Path absent = dir.resolve("absent.json");
        NetworkFileException unreadable =
                assertThrows(NetworkFileException.class, () -> NetworkFile.load(absent, TODAY));
        assertTrue(unreadable.getMessage().startsWith(absent + ": cannot read"), unreadable.getMessage());
    }

    @Test
    void trailingContentAndDuplicateKeysAreErrors() {
        assertThrows(NetworkFileException.class, () -> NetworkFile.parse("n.json", GOOD + "{}", TODAY));
        String duplicated = GOOD.replace("\"minutes\": 55,", "\"minutes\": 55, \"minutes\": 60,");
        NetworkFileException e =
                assertThrows(NetworkFileException.class, () -> NetworkFile.parse("n.json", duplicated, TODAY));
        assertTrue(e.getMessage().contains("line 8"), e.getMessage());
    }
}
