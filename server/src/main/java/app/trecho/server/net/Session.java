package app.trecho.server.net;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The state of one connection's conversation: where it is in the handshake/login life cycle, who is
 * logged in and which topics it follows. Transitions are synchronized because shutdown and
 * timeouts move a session to {@link State#CLOSING} from other threads; once closing, it stays so.
 */
final class Session {

    enum State {
        AWAITING_HELLO,
        ANONYMOUS,
        AUTHENTICATED,
        CLOSING
    }

    private final long connectionId;
    private final String address;
    private final EventSink sink;
    private final Set<String> topics = new TreeSet<>();
    private State state = State.AWAITING_HELLO;
    private String account;
    private String token;

    Session(long connectionId, String address, EventSink sink) {
        this.connectionId = connectionId;
        this.address = address;
        this.sink = sink;
    }

    long connectionId() {
        return connectionId;
    }

    /** The client's IP address, for per-address limits. */
    String address() {
        return address;
    }

    EventSink sink() {
        return sink;
    }

    synchronized State state() {
        return state;
    }

    /** The logged-in username, or null. */
    synchronized String account() {
        return account;
    }

    synchronized String token() {
        return token;
    }

    synchronized void handshaken() {
        if (state == State.AWAITING_HELLO) {
            state = State.ANONYMOUS;
        }
    }

    synchronized void authenticated(String username, String sessionToken) {
        account = username;
        token = sessionToken;
        if (state == State.ANONYMOUS) {
            state = State.AUTHENTICATED;
        }
    }

    synchronized void loggedOut() {
        account = null;
        token = null;
        if (state == State.AUTHENTICATED) {
            state = State.ANONYMOUS;
        }
    }

    /** Moves to CLOSING; returns false when it already was. */
    synchronized boolean closing() {
        boolean changed = state != State.CLOSING;
        state = State.CLOSING;
        return changed;
    }

    synchronized List<String> addTopics(List<String> added) {
        topics.addAll(added);
        return List.copyOf(topics);
    }

    synchronized List<String> removeTopics(List<String> removed) {
        removed.forEach(topics::remove);
        return List.copyOf(topics);
    }

    synchronized List<String> topics() {
        return List.copyOf(topics);
    }
}
