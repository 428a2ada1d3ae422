package app.trecho.protocol;

import java.util.function.LongFunction;

/**
 * One event for many connections, encoded once. Each connection numbers its events itself, so the
 * lines differ only in {@code seq}: {@link #line} splices the number into the encoded text instead of
 * encoding the whole event again for every subscriber (10,000 of them on a busy board).
 */
public final class SharedEvent {
    private final LongFunction<Event> build;
    private final Event sample;
    private final Codec codec;
    /** The encoded event up to and including {@code "seq":}, and from the character after the number; null: encode each time. */
    private final String before;

    private final String after;

    /** @param build the event with a given {@code seq}; every other field must not depend on it */
    public SharedEvent(Codec codec, LongFunction<Event> build) {
        this.codec = codec;
        this.build = build;
        this.sample = build.apply(0);
        String line = codec.encode(sample);
        int number = seqNumberAt(line);
        this.before = number < 0 ? null : line.substring(0, number);
        this.after = number < 0 ? null : line.substring(number + 1);
    }

    /** The event as delivered with {@code seq}. */
    public Event event(long seq) {
        return build.apply(seq);
    }

    /** The encoded line (without newline) of the event with {@code seq}. */
    public String line(long seq) {
        return before == null ? codec.encode(build.apply(seq)) : before + seq + after;
    }

    /** The event's kind, e.g. to tell a resync apart without building it. */
    public Class<? extends Event> type() {
        return sample.getClass();
    }

    /**
     * Where the top-level {@code seq}'s digit {@code 0} is, or -1. Quotes inside strings are escaped,
     * so {@code "seq":0} preceded by {@code {} or {@code ,} and followed by {@code ,} or {@code }} can
     * only be a member name; events have no nested {@code seq}.
     */
    private static int seqNumberAt(String line) {
        String member = "\"seq\":0";
        for (int at = line.indexOf(member); at >= 0; at = line.indexOf(member, at + 1)) {
            int end = at + member.length();
            boolean opens = at > 0 && (line.charAt(at - 1) == '{' || line.charAt(at - 1) == ',');
            boolean closes = end < line.length() && (line.charAt(end) == ',' || line.charAt(end) == '}');
            if (opens && closes) {
                return end - 1;
            }
        }
        return -1;
    }
}
