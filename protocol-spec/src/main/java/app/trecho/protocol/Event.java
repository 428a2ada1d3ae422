package app.trecho.protocol;

import app.trecho.protocol.model.SeatChange;
import java.util.List;

/**
 * Server-pushed events. They carry no request id; {@code seq} counts events on this connection from
 * 1 with no gaps, so a client that sees a gap knows it missed something and refetches.
 */
public sealed interface Event extends Message {

    long seq();

    /** A segment's free-seat count changed (topic {@code board}). */
    record Availability(long seq, String segment, int seatsFree, int seatsTotal) implements Event {}

    /** Seats on a segment changed state (topic {@code seats:<segment>}); {@code version} as in the seat map. */
    record Seat(long seq, String segment, List<SeatChange> changes, long version) implements Event {}

    /** One of this account's holds expired; its seats are back on sale. */
    record HoldExpired(long seq, String holdId, List<String> segments) implements Event {}

    /** Events for this connection were dropped (it fell behind): refetch whatever it displays. */
    record Resync(long seq, String reason) implements Event {}

    /** The server is going down; reconnect later. */
    record Shutdown(long seq, String reason) implements Event {}
}
