package app.trecho.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LineAssemblerTest {
    private static final String STREAM =
            "{\"type\":\"hello.ok\",\"id\":\"1\"}\n\n{\"type\":\"event.availability\",\"seq\":1,\"segment\":\"TR1-é\"}\nx\n";
    private static final List<String> LINES = List.of(
            "{\"type\":\"hello.ok\",\"id\":\"1\"}",
            "",
            "{\"type\":\"event.availability\",\"seq\":1,\"segment\":\"TR1-é\"}",
            "x");

    @Test
    void everyWayOfCuttingTheStreamGivesTheSameLines() {
        byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
        for (int chunk = 1; chunk <= bytes.length; chunk++) {
            LineAssembler assembler = new LineAssembler();
            List<String> lines = new ArrayList<>();
            for (int at = 0; at < bytes.length; at += chunk) {
                // each read lands in a buffer with other bytes around it, as the loop's shared buffer does
                byte[] read = new byte[chunk + 4];
                int length = Math.min(chunk, bytes.length - at);
                System.arraycopy(bytes, at, read, 2, length);
                assembler.feed(
                        read, 2, length, (buf, from, n) -> lines.add(new String(buf, from, n, StandardCharsets.UTF_8)));
            }
            assertEquals(LINES, lines, "chunks of " + chunk + " bytes");
            assertEquals(0, assembler.pending());
        }
    }

    @Test
    void anUnfinishedLineWaitsForItsEnd() {
        LineAssembler assembler = new LineAssembler();
        List<String> lines = new ArrayList<>();
        byte[] first = "done\npart".getBytes(StandardCharsets.UTF_8);
        assembler.feed(
                first, 0, first.length, (buf, from, n) -> lines.add(new String(buf, from, n, StandardCharsets.UTF_8)));
        assertEquals(List.of("done"), lines);
        assertEquals(4, assembler.pending());
        byte[] second = "ial\n".getBytes(StandardCharsets.UTF_8);
        assembler.feed(
                second,
                0,
                second.length,
                (buf, from, n) -> lines.add(new String(buf, from, n, StandardCharsets.UTF_8)));
        assertEquals(List.of("done", "partial"), lines);
        assertEquals(0, assembler.pending());
    }

    @Test
    void aLineWithinOneReadIsHandedOutInPlace() {
        byte[] read = "a\nbc\n".getBytes(StandardCharsets.UTF_8);
        List<byte[]> buffers = new ArrayList<>();
        new LineAssembler().feed(read, 0, read.length, (buf, from, n) -> buffers.add(buf));
        assertEquals(2, buffers.size());
        buffers.forEach(b -> assertSame(read, b));
    }

    @Test
    void theWordAtATimeScanFindsTheFirstNewlineWhereverItIs() {
        // bytes that differ from '\n' by one bit or a borrow, and UTF-8's high bytes, around real newlines
        byte[] alphabet = {'\n', '\n', 0x0B, 0x09, 0x0E, 0x02, (byte) 0x8A, (byte) 0xFF, (byte) 0x80, 0, 'a', '"'};
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 20_000; round++) {
            byte[] buf = new byte[random.nextInt(40)];
            for (int i = 0; i < buf.length; i++) {
                buf[i] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) 'x';
            }
            int from = buf.length == 0 ? 0 : random.nextInt(buf.length + 1);
            int end = from + random.nextInt(buf.length - from + 1);
            assertEquals(byteAtATime(buf, from, end), LineAssembler.indexOfNewline(buf, from, end), round + "");
        }
    }

    @Test
    void aNewlineInEveryPlaceOfALongLineIsFound() {
        for (int at = 0; at < 70; at++) {
            byte[] buf = new byte[70];
            Arrays.fill(buf, (byte) 0x0B);
            buf[at] = '\n';
            assertEquals(at, LineAssembler.indexOfNewline(buf, 0, buf.length));
            assertEquals(-1, LineAssembler.indexOfNewline(buf, 0, at));
            assertEquals(-1, LineAssembler.indexOfNewline(buf, at + 1, buf.length));
        }
    }

    private static int byteAtATime(byte[] buf, int from, int end) {
        for (int i = from; i < end; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
