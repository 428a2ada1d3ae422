package app.trecho.tui;

import app.trecho.protocol.model.HeldSegment;
import java.util.List;
import java.util.stream.Collectors;

/** One-line and multi-line descriptions of held or booked segments. */
final class Trips {
    private Trips() {}

    static String flights(List<HeldSegment> segments) {
        return segments.stream().map(HeldSegment::flight).collect(Collectors.joining("+"));
    }

    static String route(List<HeldSegment> segments, Glyphs glyphs) {
        if (segments.isEmpty()) {
            return "";
        }
        StringBuilder route = new StringBuilder(segments.getFirst().from());
        segments.forEach(s -> route.append(glyphs.arrow()).append(s.to()));
        return route.toString();
    }

    static String seats(List<HeldSegment> segments) {
        return segments.stream().map(s -> Fmt.seats(s.seats())).collect(Collectors.joining(" | "));
    }

    static String departure(List<HeldSegment> segments) {
        return segments.isEmpty() ? "" : Fmt.dayTime(segments.getFirst().departure());
    }

    /** One line per segment: flight, route, departure, seats. */
    static String detail(List<HeldSegment> segments, Glyphs glyphs) {
        return segments.stream()
                .map(s -> "  " + Fmt.fit(s.flight(), 8) + Fmt.fit(s.from() + glyphs.arrow() + s.to(), 10)
                        + Fmt.fit(Fmt.dayTime(s.departure()), 14) + "seats " + Fmt.seats(s.seats()))
                .collect(Collectors.joining("\n"));
    }
}
