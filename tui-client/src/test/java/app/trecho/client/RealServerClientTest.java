package app.trecho.client;

import static app.trecho.client.Futures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Event;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.Itinerary;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.protocol.model.SortOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client library against the real server, in-process on port 0. */
class RealServerClientTest {
    @TempDir
    Path dataDir;

    private RealServer server;

    @BeforeEach
    void start() throws Exception {
        server = new RealServer(dataDir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A segment departing later than now with free seats. */
    static SegmentInfo bookableSegment(TrechoClient client) throws InterruptedException {
        Instant soon = Instant.now().plusSeconds(3600);
        return await(client.board(null, null)).stream()
                .filter(s -> s.seatsFree() > 2 && s.departure().isAfter(soon))
                .findFirst()
                .orElseThrow();
    }

    static LocalDate dateOf(SegmentInfo segment) {
        return LocalDate.parse(segment.segment().substring(segment.segment().indexOf('-') + 1));
    }

    @Test
    void registerSearchHoldPurchaseListAndCancel() throws Exception {
        try (TrechoClient client = TrechoClients.connect(server.config())) {
            String username = RealServer.newUsername();
            Response.AccountRegisterOk registered = await(client.register(username, "correct horse"));
            assertEquals(username, registered.username());
            assertEquals(username, client.username());
            assertFalse(await(client.cities()).isEmpty());

            SegmentInfo segment = bookableSegment(client);
            List<Itinerary> found =
                    await(client.search(segment.from(), segment.to(), dateOf(segment), 1, SortOrder.ARRIVAL, 20));
            assertTrue(
                    found.stream().anyMatch(i -> i.legs().getFirst().segment().equals(segment.segment())));

            Hold hold = await(client.hold(List.of(segment.segment()), 1, null));
            assertEquals(List.of(hold), await(client.cart()).holds());
            Booking booking = await(client.purchase(List.of(hold.holdId())));
            assertEquals(List.of(booking), await(client.bookings()));
            assertTrue(await(client.cart()).holds().isEmpty());

            await(client.cancel(booking.reference()));
            assertTrue(await(client.bookings()).isEmpty());
        }
    }

    @Test
    void wrongPasswordAndTakenUsernameAreTypedErrors() throws Exception {
        String username = RealServer.newUsername();
        try (TrechoClient first = TrechoClients.connect(server.config());
                TrechoClient second = TrechoClients.connect(server.config())) {
            await(first.register(username, "correct horse"));
            ServerErrorException taken =
                    Futures.failure(second.register(username, "another one"), ServerErrorException.class);
            assertEquals(ErrorCode.USERNAME_TAKEN, taken.code());
            ServerErrorException wrong =
                    Futures.failure(second.login(username, "wrong password"), ServerErrorException.class);
            assertEquals(ErrorCode.INVALID_CREDENTIALS, wrong.code());
            ServerErrorException anonymous =
                    Futures.failure(second.hold(List.of("TR1201-2026-11-27"), 1, null), ServerErrorException.class);
            assertEquals(ErrorCode.NOT_AUTHENTICATED, anonymous.code());
        }
    }

    @Test
    void anotherCustomersHoldShowsUpLiveOnTheBoardAndSeatMap() throws Exception {
        RecordingListener watcherEvents = new RecordingListener();
        try (TrechoClient watcher = TrechoClients.connect(server.config(), watcherEvents);
                TrechoClient buyer = TrechoClients.connect(server.config())) {
            SegmentInfo segment = bookableSegment(watcher);
            await(watcher.subscribe(List.of("board", "seats:" + segment.segment())));
            await(buyer.register(RealServer.newUsername(), "correct horse"));

            Hold hold = await(buyer.hold(List.of(segment.segment()), 2, null));

            boolean sawAvailability = false;
            boolean sawSeats = false;
            long deadline = System.nanoTime() + FakePeer.WAIT.toNanos();
            while (!(sawAvailability && sawSeats)) {
                Event event = watcherEvents.events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertTrue(event != null, "the watcher did not see the hold");
                if (event instanceof Event.Availability a && a.segment().equals(segment.segment())) {
                    sawAvailability |= a.seatsFree() == segment.seatsFree() - 2;
                }
                if (event instanceof Event.Seat s && s.segment().equals(segment.segment())) {
                    sawSeats |= s.changes().size() == 2;
                }
            }
            assertEquals(2, hold.passengers());
        }
    }

    @Test
    void purchaseWhoseResponseIsLostCompletesOnceAfterReconnect() throws Exception {
        try (FaultProxy proxy = new FaultProxy(server.server.port());
                TrechoClient client = TrechoClients.connect(RealServer.configVia(proxy))) {
            String username = RealServer.newUsername();
            await(client.register(username, "correct horse"));
            Hold hold = await(client.hold(List.of(bookableSegment(client).segment()), 1, null));

            proxy.cutOnNextServerData();
            Booking booking = await(client.purchase(List.of(hold.holdId())));

            assertEquals(List.of(booking), await(client.bookings()));
            assertEquals(List.of(booking), server.server.core().bookings(username), "the server has it once");
            assertTrue(server.server
                    .core()
                    .auditSnapshot()
                    .violations(server.server.core().network())
                    .isEmpty());
        }
    }

    @Test
    void purchaseSentWhileTheConnectionIsDownIsPerformedOnceAfterReconnect() throws Exception {
        RecordingListener listener = new RecordingListener();
        try (FaultProxy proxy = new FaultProxy(server.server.port());
                TrechoClient client = TrechoClients.connect(RealServer.configVia(proxy), listener)) {
            String username = RealServer.newUsername();
            await(client.register(username, "correct horse"));
            Hold hold = await(client.hold(List.of(bookableSegment(client).segment()), 1, null));

            proxy.blackHole(true);
            proxy.cutAll();
            listener.awaitState(ConnectionState.RECONNECTING);
            var purchase = client.purchase(List.of(hold.holdId()));
            proxy.blackHole(false);

            Booking booking = await(purchase);
            assertEquals(List.of(booking), await(client.bookings()));
            assertEquals(List.of(booking), server.server.core().bookings(username), "performed once");
        }
    }
}
