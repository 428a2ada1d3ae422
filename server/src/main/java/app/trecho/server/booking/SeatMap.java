package app.trecho.server.booking;

/**
 * A segment's seats as one viewer sees them.
 *
 * @param columns the seat letters of a row, e.g. {@code ABCDEF}
 * @param seats one character per seat, row by row: {@code .} free, {@code h} held, {@code s} sold,
 *     {@code H} held by the viewer, {@code S} sold to the viewer
 * @param version increases with every change to this segment's seats
 */
public record SeatMap(String segment, int rows, String columns, String seats, long version) {}
