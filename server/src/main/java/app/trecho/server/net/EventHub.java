package app.trecho.server.net;

import app.trecho.protocol.Codec;
import app.trecho.protocol.Event;
import app.trecho.protocol.SharedEvent;
import app.trecho.server.booking.ExpiredHold;
import app.trecho.server.state.SeatDelta;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * Who gets which live event: topic subscribers ({@code board}, {@code seats:<segment>}) and every
 * connection of an account (hold expiry). Publishing only queues into each connection's bounded
 * outbound queue, so it never blocks; callers must not hold a core monitor while publishing. Each
 * event is encoded once for all its subscribers ({@link SharedEvent}).
 */
final class EventHub {
    static final String BOARD = "board";
    static final String SEATS_PREFIX = "seats:";

    private final Map<String, Set<EventSink>> byTopic = new ConcurrentHashMap<>();
    private final Map<String, Set<EventSink>> byAccount = new ConcurrentHashMap<>();
    private final Codec codec;

    EventHub(Codec codec) {
        this.codec = codec;
    }

    void subscribe(EventSink sink, String topic) {
        byTopic.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(sink);
    }

    void unsubscribe(EventSink sink, String topic) {
        byTopic.computeIfPresent(topic, (t, sinks) -> sinks.remove(sink) && sinks.isEmpty() ? null : sinks);
    }

    void joinAccount(String account, EventSink sink) {
        byAccount.computeIfAbsent(account, a -> ConcurrentHashMap.newKeySet()).add(sink);
    }

    void leaveAccount(String account, EventSink sink) {
        byAccount.computeIfPresent(account, (a, sinks) -> sinks.remove(sink) && sinks.isEmpty() ? null : sinks);
    }

    /** Forgets a closed connection everywhere. */
    void remove(EventSink sink, List<String> topics, String account) {
        topics.forEach(t -> unsubscribe(sink, t));
        if (account != null) {
            leaveAccount(account, sink);
        }
    }

    /** Announces seat changes: availability to {@code board}, seat states to {@code seats:<segment>}. */
    void publish(List<SeatDelta> deltas) {
        for (SeatDelta d : deltas) {
            sendAll(byTopic.get(BOARD), seq -> new Event.Availability(seq, d.segment(), d.seatsFree(), d.seatsTotal()));
            sendAll(
                    byTopic.get(SEATS_PREFIX + d.segment()),
                    seq -> new Event.Seat(seq, d.segment(), d.changes(), d.version()));
        }
    }

    /** Tells every connection of each owner that its hold expired. */
    void holdsExpired(List<ExpiredHold> expired) {
        for (ExpiredHold h : expired) {
            sendAll(byAccount.get(h.account()), seq -> new Event.HoldExpired(seq, h.holdId(), h.segments()));
        }
    }

    private void sendAll(Set<EventSink> sinks, LongFunction<Event> event) {
        if (sinks == null || sinks.isEmpty()) {
            return; // nobody listens: not even encoded
        }
        SharedEvent shared = new SharedEvent(codec, event);
        for (EventSink sink : sinks) {
            sink.send(shared);
        }
    }
}
