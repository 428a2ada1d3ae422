package app.trecho.tui;

import app.trecho.client.ClientListener;
import app.trecho.client.ConnectionState;
import app.trecho.protocol.Event;

/** Hands every client callback (on the client's thread) to the GUI thread; does nothing else. */
final class UiEvents implements ClientListener {
    private final Ui ui;
    private final Shell shell;

    UiEvents(Ui ui, Shell shell) {
        this.ui = ui;
        this.shell = shell;
    }

    @Override
    public void onAvailability(Event.Availability event) {
        ui.later(() -> shell.onEvent(event));
    }

    @Override
    public void onSeat(Event.Seat event) {
        ui.later(() -> shell.onEvent(event));
    }

    @Override
    public void onHoldExpired(Event.HoldExpired event) {
        ui.later(() -> shell.onEvent(event));
    }

    @Override
    public void onResync(Event.Resync event) {
        ui.later(() -> shell.onEvent(event));
    }

    @Override
    public void onShutdown(Event.Shutdown event) {
        ui.later(() -> shell.onEvent(event));
    }

    @Override
    public void onConnectionState(ConnectionState state, String detail) {
        ui.later(() -> shell.onConnectionState(state, detail));
    }
}
