package app.trecho.client;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import app.trecho.protocol.Event;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Queues everything a client reports, for tests to wait on. */
final class RecordingListener implements ClientListener {
    record State(ConnectionState state, String detail) {}

    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final BlockingQueue<State> states = new LinkedBlockingQueue<>();

    @Override
    public void onAvailability(Event.Availability event) {
        events.add(event);
    }

    @Override
    public void onSeat(Event.Seat event) {
        events.add(event);
    }

    @Override
    public void onHoldExpired(Event.HoldExpired event) {
        events.add(event);
    }

    @Override
    public void onResync(Event.Resync event) {
        events.add(event);
    }

    @Override
    public void onShutdown(Event.Shutdown event) {
        events.add(event);
    }

    @Override
    public void onConnectionState(ConnectionState state, String detail) {
        states.add(new State(state, detail));
    }

    Event nextEvent() throws InterruptedException {
        Event event = events.poll(FakePeer.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(event, "no event arrived");
        return event;
    }

    /** Waits for a state change matching {@code wanted}, skipping others. */
    State awaitState(Predicate<State> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + FakePeer.WAIT.toNanos();
        while (true) {
            State s = states.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertNotNull(s, "the expected state change did not happen");
            if (wanted.test(s)) {
                return s;
            }
        }
    }

    State awaitState(ConnectionState state) throws InterruptedException {
        return awaitState(s -> s.state() == state);
    }
}
