package app.trecho.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.protocol.model.SortOrder;
import app.trecho.server.TrechoServer;
import app.trecho.server.booking.Network;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Board and search answers are shared between clients (the server's read cache), yet a read sent
 * after a change was confirmed always shows it, even while other clients keep reading the same
 * answers as fast as they can.
 */
class SharedReadsTest {
    private static final int HOLDS = 40;
    private static final int READERS = 4;

    @Test
    void aReadAfterAConfirmedHoldShowsItWhileOthersHammerTheSameAnswers() throws Exception {
        try (TrechoServer server = ServerFixture.start("--rate-limit", "100000", "--rate-burst", "100000");
                TestClient buyer = TestClient.registered(server.port(), "buyer")) {
            SegmentInfo target = LiveEventsTest.lastSegmentInfo(buyer);
            LocalDate day = target.departure().atZone(Network.ZONE).toLocalDate();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch readersReading = new CountDownLatch(READERS);
            List<Future<?>> readers = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(READERS)) {
                for (int i = 0; i < READERS; i++) {
                    readers.add(pool.submit(() -> {
                        try (TestClient reader = TestClient.handshaken(server.port())) {
                            free(reader, day, target.segment());
                            readersReading.countDown();
                            while (!stop.get()) {
                                free(reader, day, target.segment());
                            }
                        }
                        return null;
                    }));
                }
                try {
                    assertTrue(readersReading.await(TestClient.WAIT.toSeconds(), TimeUnit.SECONDS), "readers started");
                    for (int held = 1; held <= HOLDS; held++) {
                        Response hold = buyer.call(new Request.HoldCreate(
                                buyer.nextId(), "shared-reads-hold-" + held, List.of(target.segment()), 1, null));
                        assertInstanceOf(Response.HoldCreateOk.class, hold, hold::toString);
                        assertEquals(target.seatsTotal() - held, free(buyer, day, target.segment()), "hold " + held);
                        assertEquals(target.seatsTotal() - held, searchedFree(buyer, day, target), "hold " + held);
                    }
                } finally {
                    stop.set(true); // also when an assertion failed: the readers must end for the pool to close
                }
                for (Future<?> reader : readers) {
                    reader.get();
                }
            }
        }
    }

    private static int free(TestClient client, LocalDate day, String segment) {
        Response.BoardGetOk board = assertInstanceOf(
                Response.BoardGetOk.class, client.call(new Request.BoardGet(client.nextId(), day, null)));
        return board.segments().stream()
                .filter(s -> s.segment().equals(segment))
                .findFirst()
                .orElseThrow()
                .seatsFree();
    }

    /** The free seats a search shows on the target's direct itinerary. */
    private static int searchedFree(TestClient client, LocalDate day, SegmentInfo target) {
        Response.ItinerarySearchOk found = assertInstanceOf(
                Response.ItinerarySearchOk.class,
                client.call(new Request.ItinerarySearch(
                        client.nextId(), target.from(), target.to(), day, 1, SortOrder.ARRIVAL, 100)));
        return found.itineraries().stream()
                .flatMap(i -> i.legs().stream())
                .filter(leg -> leg.segment().equals(target.segment()))
                .findFirst()
                .orElseThrow()
                .seatsFree();
    }
}
