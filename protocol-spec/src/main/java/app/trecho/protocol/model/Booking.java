package app.trecho.protocol.model;

import java.time.Instant;
import java.util.List;

/**
 * A purchased itinerary.
 *
 * @param reference the six-character record locator (A–Z, 2–9)
 * @param priceCents the total paid for all passengers on all segments
 */
public record Booking(
        String reference, List<HeldSegment> segments, int passengers, long priceCents, Instant createdAt) {}
