package app.trecho.protocol.model;

import java.time.Instant;
import java.util.List;

/**
 * Seats held for the account on every segment of one itinerary until {@code expiresAt}.
 *
 * @param priceCents the total for all passengers on all segments
 */
public record Hold(String holdId, List<HeldSegment> segments, int passengers, long priceCents, Instant expiresAt) {}
