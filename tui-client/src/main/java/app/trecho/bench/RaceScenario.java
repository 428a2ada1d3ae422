package app.trecho.bench;

import app.trecho.client.ServerErrorException;
import app.trecho.client.TrechoClient;
import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.Itinerary;
import app.trecho.protocol.model.SegmentInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Every customer asks for the same seat at the same moment, round after round: exactly one may
 * win. Odd rounds race on a single segment; even rounds (when the network has connections) race
 * overlapping itineraries: half the customers hold a two-leg itinerary, half only its second leg,
 * all wanting the same seat on that shared leg.
 */
final class RaceScenario implements Scenario {

    @Override
    public Map<String, Object> run(BenchContext context) throws InterruptedException {
        BenchOptions options = context.options();
        List<TrechoClient> clients = context.openCustomers(options.clients());
        SplittableRandom random = new SplittableRandom(options.seed());
        Catalog catalog = context.catalog();
        context.metrics().startMeasuring();
        long start = System.nanoTime();
        int rounds = 0;
        int singleRounds = 0;
        int overlapRounds = 0;
        int oneWinner = 0;
        List<String> badRounds = new ArrayList<>();
        long deadline = start + options.duration().toNanos();
        while (rounds < options.rounds() && System.nanoTime() < deadline) {
            boolean overlap = rounds % 2 == 1 && !catalog.connections().isEmpty();
            TrechoClient probe = clients.get(0);
            Race race = overlap ? overlapping(catalog, probe, random) : single(catalog, probe, random);
            int winners = race(context, clients, race);
            rounds++;
            if (overlap) {
                overlapRounds++;
            } else {
                singleRounds++;
            }
            if (winners == 1) {
                oneWinner++;
            } else {
                String problem = "race round " + rounds + " on " + race.shared() + " had " + winners + " winners";
                badRounds.add(problem);
                context.problems().add(problem);
            }
            if (rounds % 10 == 0) {
                System.err.printf(
                        "\r[race] round %d/%d, %d with exactly one winner   ", rounds, options.rounds(), oneWinner);
            }
        }
        System.err.println();
        context.metrics().stopMeasuring();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("rounds", rounds);
        figures.put("singleSegmentRounds", singleRounds);
        figures.put("overlappingItineraryRounds", overlapRounds);
        figures.put("roundsWithExactlyOneWinner", oneWinner);
        figures.put("badRounds", badRounds);
        return figures;
    }

    /** What one round asks for: per customer parity, the segments and the seats on each. */
    private record Race(
            String shared,
            List<String> evenSegments,
            List<List<String>> evenSeats,
            List<String> oddSegments,
            List<List<String>> oddSeats) {}

    private static Race single(Catalog catalog, TrechoClient probe, SplittableRandom random)
            throws InterruptedException {
        SegmentInfo segment = catalog.randomSegment(random);
        String seat = freeSeat(probe, segment.segment(), random);
        List<String> segments = List.of(segment.segment());
        List<List<String>> seats = List.of(List.of(seat));
        return new Race(segment.segment() + " " + seat, segments, seats, segments, seats);
    }

    private static Race overlapping(Catalog catalog, TrechoClient probe, SplittableRandom random)
            throws InterruptedException {
        Itinerary itinerary =
                catalog.connections().get(random.nextInt(catalog.connections().size()));
        List<SegmentInfo> legs = itinerary.legs();
        String seat = freeSeat(probe, legs.get(1).segment(), random);
        List<String> both = List.of(legs.get(0).segment(), legs.get(1).segment());
        List<String> second = List.of(legs.get(1).segment());
        return new Race(
                legs.get(1).segment() + " " + seat,
                both,
                List.of(List.of(freeSeat(probe, legs.get(0).segment(), random)), List.of(seat)),
                second,
                List.of(List.of(seat)));
    }

    /** A seat that is free right now, so the round has a winner to find (a sold-out segment fails the setup). */
    private static String freeSeat(TrechoClient probe, String segment, SplittableRandom random)
            throws InterruptedException {
        var map = Catalog.await(probe.seatMap(segment));
        String seats = map.seats();
        int width = map.columns().length();
        int offset = random.nextInt(seats.length());
        for (int k = 0; k < seats.length(); k++) {
            int i = (offset + k) % seats.length();
            if (seats.charAt(i) == '.') {
                return (i / width + 1) + String.valueOf(map.columns().charAt(i % width));
            }
        }
        throw new BenchContext.SetupException("segment " + segment + " has no free seat to race for", null);
    }

    /** Fires every customer's hold as close together as the library allows; returns the winners. */
    private static int race(BenchContext context, List<TrechoClient> clients, Race race) throws InterruptedException {
        List<CompletableFuture<Hold>> attempts = new ArrayList<>(clients.size());
        long began = System.nanoTime();
        for (int i = 0; i < clients.size(); i++) {
            boolean even = i % 2 == 0;
            attempts.add(clients.get(i)
                    .hold(
                            even ? race.evenSegments() : race.oddSegments(),
                            1,
                            even ? race.evenSeats() : race.oddSeats()));
        }
        List<Runnable> releases = new ArrayList<>();
        for (int i = 0; i < attempts.size(); i++) {
            try {
                Hold hold = attempts.get(i).get(30, TimeUnit.SECONDS);
                context.metrics().record("hold", System.nanoTime() - began);
                TrechoClient winner = clients.get(i);
                releases.add(() -> context.attempt("release", () -> winner.release(hold.holdId())));
            } catch (java.util.concurrent.ExecutionException e) {
                context.metrics().record("hold", System.nanoTime() - began);
                if (!(e.getCause() instanceof ServerErrorException s) || !expectedLoss(s.code())) {
                    context.metrics().error("hold", e.getCause());
                }
            } catch (java.util.concurrent.TimeoutException | CompletionException e) {
                context.metrics().error("hold", e);
            }
        }
        // Only once every attempt is answered: releasing earlier would let a late one win fairly.
        releases.forEach(Runnable::run);
        return releases.size();
    }

    // Losing a race is the expected outcome, not an error; anything else is.
    private static boolean expectedLoss(ErrorCode code) {
        return code == ErrorCode.SEAT_TAKEN;
    }
}
