package app.trecho.tui;

import app.trecho.client.ConnectionState;
import app.trecho.client.TrechoClient;
import app.trecho.protocol.model.Hold;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the whole TUI knows about this customer's session; touched only on the GUI thread, so it
 * needs no locks. The status bar draws from it every frame.
 */
final class Session {
    private final String server;
    private TrechoClient client;
    private String username;
    private ConnectionState state = ConnectionState.CONNECTING;
    private String stateDetail;
    private String lastError;
    private List<Hold> holds = List.of();

    Session(String server) {
        this.server = server;
    }

    String server() {
        return client == null ? server : client.server();
    }

    TrechoClient client() {
        return client;
    }

    void connected(TrechoClient client) {
        this.client = client;
        this.state = client.state();
        this.stateDetail = null;
    }

    String username() {
        return username;
    }

    void loggedIn(String username) {
        this.username = username;
    }

    void loggedOut() {
        this.username = null;
        this.holds = List.of();
    }

    ConnectionState state() {
        return state;
    }

    String stateDetail() {
        return stateDetail;
    }

    void state(ConnectionState state, String detail) {
        this.state = state;
        this.stateDetail = detail;
    }

    String lastError() {
        return lastError;
    }

    void error(String words) {
        this.lastError = words;
    }

    List<Hold> holds() {
        return holds;
    }

    void holds(List<Hold> holds) {
        this.holds = List.copyOf(holds);
    }

    void addHold(Hold hold) {
        List<Hold> next = new ArrayList<>(holds);
        next.removeIf(h -> h.holdId().equals(hold.holdId()));
        next.add(hold);
        holds = List.copyOf(next);
    }

    void removeHold(String holdId) {
        List<Hold> next = new ArrayList<>(holds);
        next.removeIf(h -> h.holdId().equals(holdId));
        holds = List.copyOf(next);
    }

    /** Holds that have not yet passed their expiry at {@code now}. */
    List<Hold> liveHolds(Instant now) {
        return holds.stream().filter(h -> h.expiresAt().isAfter(now)).toList();
    }

    Instant soonestExpiry(Instant now) {
        return liveHolds(now).stream()
                .map(Hold::expiresAt)
                .min(Comparator.naturalOrder())
                .orElse(null);
    }
}
