package app.trecho.protocol.model;

/** One seat that changed state, e.g. {@code 12C} became {@code held}. */
public record SeatChange(String seat, SeatState state) {}
