package app.trecho.client;

import app.trecho.protocol.Event;

/**
 * Receives server events and connection changes, on the client's reader thread: implementations
 * return quickly and hand UI work to their UI thread. Every method has an empty default.
 */
public interface ClientListener {

    default void onAvailability(Event.Availability event) {}

    default void onSeat(Event.Seat event) {}

    default void onHoldExpired(Event.HoldExpired event) {}

    /** Events were lost (the client fell behind, or a gap in {@code seq}): refetch what is shown. */
    default void onResync(Event.Resync event) {}

    default void onShutdown(Event.Shutdown event) {}

    /** @param detail a human phrase, e.g. "reconnecting (attempt 3)" or the reason for closing; may be null */
    default void onConnectionState(ConnectionState state, String detail) {}
}
