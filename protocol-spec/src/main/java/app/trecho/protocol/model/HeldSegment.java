package app.trecho.protocol.model;

import java.time.Instant;
import java.util.List;

/** The seats a hold or booking has on one segment, with enough of the segment to display it. */
public record HeldSegment(
        String segment, String flight, String from, String to, Instant departure, List<String> seats) {}
