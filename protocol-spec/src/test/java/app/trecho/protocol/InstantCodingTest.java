package app.trecho.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The codec's own instant reading and writing match the JDK's ISO-8601 forms exactly. */
class InstantCodingTest {
    private final Codec codec = new Codec();

    @Test
    void writerMatchesInstantToStringOnRandomInstants() {
        Random random = new Random(42);
        for (int i = 0; i < 50_000; i++) {
            Instant t = randomInstant(random);
            assertEquals(t.toString(), InstantWriter.format(t));
        }
    }

    @Test
    void appendingWritesTheSameAfterWhatIsThere() {
        Random random = new Random(43);
        StringBuilder line = new StringBuilder("{\"at\":\"");
        StringBuilder expected = new StringBuilder(line);
        for (int i = 0; i < 1_000; i++) {
            Instant t = randomInstant(random);
            InstantWriter.append(line, t).append(',');
            expected.append(t).append(',');
        }
        Instant farFuture = Instant.parse("+12345-06-07T08:09:10Z");
        InstantWriter.append(line, farFuture);
        expected.append(farFuture);
        assertEquals(expected.toString(), line.toString());
    }

    @Test
    void decoderReadsWhatInstantParseReads() throws Exception {
        Random random = new Random(43);
        for (int i = 0; i < 5_000; i++) {
            Instant t = randomInstant(random);
            var decoded = (Response.PingOk)
                    codec.decodeServerMessage("{\"type\":\"ping.ok\",\"id\":\"p\",\"serverTime\":\"" + t + "\"}");
            assertEquals(t, decoded.serverTime());
            assertEquals(Instant.parse(t.toString()), decoded.serverTime());
        }
    }

    private static Instant randomInstant(Random random) {
        long year0 = -62_167_219_200L; // 0000-01-01T00:00:00Z
        long seconds = year0 + Math.floorMod(random.nextLong(), 253_402_300_800L - year0); // years 0..9999
        int nanos = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(seconds, nanos);
    }
}
