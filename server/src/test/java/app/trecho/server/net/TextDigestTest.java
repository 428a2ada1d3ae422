package app.trecho.server.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The buffered digest is the SHA-256 of the text's UTF-8, however the text is made up. */
class TextDigestTest {
    @Test
    void everyTextGetsTheFirstHalfOfTheSha256OfItsUtf8() throws Exception {
        List<String> texts = new ArrayList<>(List.of(
                "",
                "key-00012",
                "{\"type\":\"cart.purchase\",\"idempotencyKey\":\"k\"}",
                "ünïcode at the start",
                "at the end: ü",
                "😀",
                "\u007f\u0080",
                "a".repeat(255),
                "a".repeat(256),
                "a".repeat(257),
                "b".repeat(4_096),
                "b".repeat(4_097),
                "c".repeat(4_095) + "é",
                "d".repeat(70_000)));
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 500; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(600);
            for (int c = 0; c < length; c++) {
                text.append(
                        random.nextInt(20) == 0 ? (char) random.nextInt(0x80, 0x3000) : (char) random.nextInt(0x80));
            }
            texts.add(text.toString());
        }
        for (String text : texts) { // in this order: short after long, ASCII after not
            assertArrayEquals(expected(text), TextDigest.of(text), text.length() + " chars");
        }
    }

    private static long[] expected(String text) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        ByteBuffer bytes = ByteBuffer.wrap(hash);
        return new long[] {bytes.getLong(), bytes.getLong()};
    }
}
