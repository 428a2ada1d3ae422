package app.trecho.server.booking;

import app.trecho.protocol.model.SeatState;
import java.util.Arrays;

/**
 * The seats of one segment. Mutated only under the booking monitor; {@link #publishedFree()} is
 * volatile so the board and search can read availability without taking the monitor.
 */
final class SeatInventory {

    final Segment segment;
    private final SeatState[] states;
    /** The account holding or owning each seat, or null when free. */
    private final String[] accounts;

    private long version;
    /** Exact count, changed seat by seat under the monitor. */
    private int freeCount;
    /** The count as of the last finished mutation, for readers off the monitor. */
    private volatile int publishedFree;

    SeatInventory(Segment segment) {
        this.segment = segment;
        this.states = new SeatState[segment.seatsTotal()];
        this.accounts = new String[segment.seatsTotal()];
        Arrays.fill(states, SeatState.FREE);
        this.freeCount = states.length;
        this.publishedFree = states.length;
    }

    int size() {
        return states.length;
    }

    SeatState state(int seat) {
        return states[seat];
    }

    String account(int seat) {
        return accounts[seat];
    }

    /** The exact free count; call under the monitor. */
    int free() {
        return freeCount;
    }

    /**
     * The free count as of the last finished mutation: safe to read without the monitor, and never
     * a half-applied value (a two-seat hold moves it by two at once).
     */
    int publishedFree() {
        return publishedFree;
    }

    long version() {
        return version;
    }

    /** Ends a mutation of this segment: a new version and the new free count published. */
    void publish() {
        version++;
        publishedFree = freeCount;
    }

    /** Sets one seat's state, keeping the free count in step. */
    void set(int seat, SeatState state, String account) {
        SeatState before = states[seat];
        states[seat] = state;
        accounts[seat] = state == SeatState.FREE ? null : account;
        freeCount += (state == SeatState.FREE ? 1 : 0) - (before == SeatState.FREE ? 1 : 0);
    }

    /** One character per seat: {@code .} free, {@code h}/{@code s} someone's, {@code H}/{@code S} the viewer's. */
    String render(String viewer) {
        StringBuilder out = new StringBuilder(states.length);
        for (int i = 0; i < states.length; i++) {
            boolean mine = viewer != null && viewer.equals(accounts[i]);
            out.append(
                    switch (states[i]) {
                        case FREE -> '.';
                        case HELD -> mine ? 'H' : 'h';
                        case SOLD -> mine ? 'S' : 's';
                    });
        }
        return out.toString();
    }
}
