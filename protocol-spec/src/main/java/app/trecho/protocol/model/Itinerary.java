package app.trecho.protocol.model;

import java.time.Instant;
import java.util.List;

/**
 * A way from origin to destination: one to three legs with enough free seats for the party.
 *
 * @param priceCents the sum of the legs' fares for one passenger
 * @param seatsFree the smallest free-seat count over the legs
 */
public record Itinerary(
        List<SegmentInfo> legs,
        Instant departure,
        Instant arrival,
        int durationMinutes,
        long priceCents,
        int seatsFree) {}
