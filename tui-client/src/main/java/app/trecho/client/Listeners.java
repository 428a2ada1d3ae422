package app.trecho.client;

import app.trecho.protocol.Event;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The client's listeners; a listener that throws is logged and does not stop the others. */
final class Listeners {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private final String name;
    private final List<ClientListener> listeners = new CopyOnWriteArrayList<>();

    Listeners(String name) {
        this.name = name;
    }

    void add(ClientListener listener) {
        listeners.add(listener);
    }

    void remove(ClientListener listener) {
        listeners.remove(listener);
    }

    void event(Event event) {
        for (ClientListener listener : listeners) {
            try {
                switch (event) {
                    case Event.Availability e -> listener.onAvailability(e);
                    case Event.Seat e -> listener.onSeat(e);
                    case Event.HoldExpired e -> listener.onHoldExpired(e);
                    case Event.Resync e -> listener.onResync(e);
                    case Event.Shutdown e -> listener.onShutdown(e);
                }
            } catch (RuntimeException e) {
                log.warn("{}: listener failed on {}", name, event.type().wire(), e);
            }
        }
    }

    void state(ConnectionState state, String detail) {
        for (ClientListener listener : listeners) {
            try {
                listener.onConnectionState(state, detail);
            } catch (RuntimeException e) {
                log.warn("{}: listener failed on state {}", name, state, e);
            }
        }
    }
}
