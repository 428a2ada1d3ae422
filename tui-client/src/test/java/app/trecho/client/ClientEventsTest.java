package app.trecho.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.Event;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.SeatChange;
import app.trecho.protocol.model.SeatState;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientEventsTest {
    private FakePeer peer;
    private TrechoClient client;
    private FakePeer.Link link;
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void connect() throws Exception {
        peer = new FakePeer();
        CompletableFuture<TrechoClient> connecting = TrechoClients.connectAsync(peer.config());
        link = peer.acceptAndGreet();
        client = Futures.await(connecting);
        client.addListener(listener);
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        peer.close();
    }

    @Test
    void eventsReachListenersByType() throws Exception {
        Event.Availability availability = new Event.Availability(1, "TR1201-2026-11-27", 40, 180);
        Event.Seat seat = new Event.Seat(2, "TR1201-2026-11-27", List.of(new SeatChange("12C", SeatState.SOLD)), 7);
        Event.HoldExpired expired = new Event.HoldExpired(3, "h1", List.of("TR1201-2026-11-27"));
        Event.Shutdown shutdown = new Event.Shutdown(4, "maintenance");
        for (Event e : List.of(availability, seat, expired, shutdown)) {
            link.send(e);
        }
        assertEquals(availability, listener.nextEvent());
        assertEquals(seat, listener.nextEvent());
        assertEquals(expired, listener.nextEvent());
        assertEquals(shutdown, listener.nextEvent());
    }

    @Test
    void aGapInSeqTellsListenersToResync() throws Exception {
        link.send(new Event.Availability(1, "TR1201-2026-11-27", 40, 180));
        link.send(new Event.Availability(4, "TR1201-2026-11-27", 38, 180));
        assertEquals(1, listener.nextEvent().seq());
        Event.Resync resync = assertInstanceOf(Event.Resync.class, listener.nextEvent());
        assertTrue(resync.reason().contains("2..3"), resync.reason());
        assertEquals(4, listener.nextEvent().seq());
    }

    @Test
    void unknownEventTypeIsIgnoredWithoutAResyncAndTheConnectionStaysUsable() throws Exception {
        link.send(new Event.Availability(1, "TR1201-2026-11-27", 40, 180));
        link.sendRaw("{\"type\":\"event.weather\",\"seq\":2,\"city\":\"GRU\",\"sky\":\"clear\"}\n");
        link.send(new Event.Availability(3, "TR1201-2026-11-27", 39, 180));

        assertEquals(1, listener.nextEvent().seq());
        assertEquals(
                3,
                assertInstanceOf(Event.Availability.class, listener.nextEvent()).seq());

        CompletableFuture<Instant> ping = client.ping();
        Instant now = Instant.parse("2026-11-27T10:15:00Z");
        link.send(new Response.PingOk(link.expect(Request.Ping.class).id(), now));
        assertEquals(now, Futures.await(ping));
        assertEquals(ConnectionState.CONNECTED, client.state());
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheOthers() throws Exception {
        client.removeListener(listener);
        client.addListener(new ClientListener() {
            @Override
            public void onAvailability(Event.Availability event) {
                throw new IllegalStateException("listener bug");
            }
        });
        client.addListener(listener);
        link.send(new Event.Availability(1, "TR1201-2026-11-27", 40, 180));
        link.send(new Event.Availability(2, "TR1201-2026-11-27", 39, 180));
        assertEquals(1, listener.nextEvent().seq());
        assertEquals(2, listener.nextEvent().seq());
    }

    @Test
    void subscribeReturnsEveryTopicNowSubscribed() throws Exception {
        CompletableFuture<List<String>> subscribed = client.subscribe(List.of("seats:TR1201-2026-11-27"));
        Request.Subscribe request = link.expect(Request.Subscribe.class);
        assertEquals(List.of("seats:TR1201-2026-11-27"), request.topics());
        link.send(new Response.SubscribeOk(request.id(), List.of("board", "seats:TR1201-2026-11-27")));
        assertEquals(List.of("board", "seats:TR1201-2026-11-27"), Futures.await(subscribed));
    }
}
