package app.trecho.protocol.model;

import java.time.Instant;

/**
 * One scheduled flight segment as clients see it: a departures-board row and an itinerary leg.
 *
 * @param segment the segment id, unique across the network (e.g. {@code TR1201-2026-11-27})
 * @param priceCents the fare for one passenger, in cents of the network's currency
 */
public record SegmentInfo(
        String segment,
        String flight,
        String from,
        String to,
        Instant departure,
        Instant arrival,
        long priceCents,
        int seatsFree,
        int seatsTotal) {}
