package app.trecho.bench;

import app.trecho.protocol.Codec;
import app.trecho.protocol.Request;
import app.trecho.protocol.model.City;
import app.trecho.protocol.model.SortOrder;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** What the {@link LoopDriver}'s customers ask in the scenarios it runs. */
final class Conversations {
    private static final Codec CODEC = new Codec();

    private Conversations() {}

    /** Bare pings: what any request costs at least. */
    static LoopDriver.Conversation ping() {
        return new Stateless() {
            @Override
            public LoopDriver.Question next(String id) {
                return new LoopDriver.Question("ping", CODEC.encode(new Request.Ping(id)), null);
            }
        };
    }

    /**
     * One read at a time, evenly: a day's board (as the TUI shows a day at a time: the whole week's
     * board is a 70 KB answer that measures JSON encoding more than the server), a search, a seat map.
     */
    static LoopDriver.Conversation browse(Catalog catalog, SplittableRandom random) {
        return new Stateless() {
            @Override
            public LoopDriver.Question next(String id) {
                return switch (random.nextInt(3)) {
                    case 0 ->
                        new LoopDriver.Question(
                                "board",
                                CODEC.encode(new Request.BoardGet(id, catalog.randomDate(random), null)),
                                null);
                    case 1 -> {
                        City from = catalog.randomCity(random);
                        City to = catalog.randomCity(random);
                        if (from.equals(to)) {
                            to = catalog.cities()
                                    .get((catalog.cities().indexOf(from) + 1)
                                            % catalog.cities().size());
                        }
                        yield new LoopDriver.Question(
                                "search",
                                CODEC.encode(new Request.ItinerarySearch(
                                        id,
                                        from.code(),
                                        to.code(),
                                        catalog.randomDate(random),
                                        1,
                                        SortOrder.ARRIVAL,
                                        20)),
                                null);
                    }
                    default ->
                        new LoopDriver.Question(
                                "seatmap",
                                CODEC.encode(new Request.SeatMapGet(
                                        id, catalog.randomSegment(random).segment())),
                                null);
                };
            }
        };
    }

    /**
     * hold → purchase → cancel on random itineraries (one in five with connections), as its own
     * registered customer; a cycle counts when all three succeed. A transient refusal ({@code
     * RATE_LIMITED}, {@code STORAGE_UNAVAILABLE}, {@code INTERNAL}: nothing changed) asks the same
     * again with the same idempotency key (after {@code retryAfterMs}, when the refusal gives one); a refused
     * purchase releases its hold; any other refusal starts the next cycle.
     */
    static LoopDriver.Conversation book(
            Catalog catalog, SplittableRandom random, String username, String password, Metrics metrics) {
        return new BookCycle(catalog, random, username, password, metrics);
    }

    /**
     * A realistic blend: 70% reads as in {@link #browse}, 30% whole booking cycles as in
     * {@link #book}; a cycle once begun runs to its end before the next choice.
     */
    static LoopDriver.Conversation mixed(
            Catalog catalog, SplittableRandom random, String username, String password, Metrics metrics) {
        BookCycle booking = new BookCycle(catalog, random, username, password, metrics);
        LoopDriver.Conversation browsing = browse(catalog, random);
        return new LoopDriver.Conversation() {
            private LoopDriver.Conversation current = browsing;

            @Override
            public String setup(String id) {
                return booking.setup(id);
            }

            @Override
            public LoopDriver.Question next(String id) {
                if (!booking.midCycle()) {
                    current = random.nextInt(10) < 3 ? booking : browsing;
                }
                return current.next(id);
            }

            @Override
            public void answered(String wanted) {
                current.answered(wanted);
            }

            @Override
            public void refused(String code) {
                current.refused(code);
            }
        };
    }

    private static final class BookCycle implements LoopDriver.Conversation {
        private enum Step {
            HOLD,
            PURCHASE,
            CANCEL,
            RELEASE
        }

        private final Catalog catalog;
        private final SplittableRandom random;
        private final String username;
        private final String password;
        private final Metrics metrics;
        private Step step = Step.HOLD;
        private String holdId;
        private String reference;
        private long keys;
        /** The question in flight's key, and the itinerary of a hold: asked again after a transient refusal. */
        private String key;

        private List<String> itinerary;
        private boolean askAgain;

        BookCycle(Catalog catalog, SplittableRandom random, String username, String password, Metrics metrics) {
            this.catalog = catalog;
            this.random = random;
            this.username = username;
            this.password = password;
            this.metrics = metrics;
        }

        @Override
        public String setup(String id) {
            return CODEC.encode(new Request.AccountRegister(id, username, password));
        }

        @Override
        public LoopDriver.Question next(String id) {
            if (!askAgain) {
                key = key();
                if (step == Step.HOLD) {
                    itinerary = catalog.randomItinerary(random);
                }
            }
            askAgain = false;
            return switch (step) {
                case HOLD ->
                    new LoopDriver.Question(
                            "hold",
                            CODEC.encode(new Request.HoldCreate(id, key, itinerary, 1, null)),
                            AnswerField.HOLD_ID);
                case PURCHASE ->
                    new LoopDriver.Question(
                            "purchase",
                            CODEC.encode(new Request.CartPurchase(id, key, List.of(holdId))),
                            AnswerField.REFERENCE);
                case CANCEL ->
                    new LoopDriver.Question(
                            "cancel", CODEC.encode(new Request.BookingCancel(id, key, reference)), null);
                case RELEASE ->
                    new LoopDriver.Question("release", CODEC.encode(new Request.HoldRelease(id, key, holdId)), null);
            };
        }

        /** True between a cycle's hold and its end (cancelled, released or refused), and before a retry. */
        boolean midCycle() {
            return step != Step.HOLD || askAgain;
        }

        /** Unique for this customer, whose account is new: the server keys results by account and key. */
        private String key() {
            return "bench-key-" + ++keys;
        }

        @Override
        public void answered(String wanted) {
            step = switch (step) {
                case HOLD -> {
                    holdId = wanted;
                    yield Step.PURCHASE;
                }
                case PURCHASE -> {
                    reference = wanted;
                    yield Step.CANCEL;
                }
                case CANCEL -> {
                    metrics.cycle();
                    yield Step.HOLD;
                }
                case RELEASE -> Step.HOLD;
            };
        }

        @Override
        public void refused(String code) {
            if (TRANSIENT.contains(code)) {
                // nothing changed: ask again, or a refused release or cancel would leave its hold in
                // the cart until it expires, and a full cart refuses every hold after it
                askAgain = true;
                return;
            }
            step = step == Step.PURCHASE ? Step.RELEASE : Step.HOLD;
        }
    }

    /** Refusals after which the same request, with the same key, may succeed: nothing changed. */
    private static final Set<String> TRANSIENT = Set.of("RATE_LIMITED", "STORAGE_UNAVAILABLE", "INTERNAL");

    /** A conversation whose next question does not depend on the last answer. */
    private abstract static class Stateless implements LoopDriver.Conversation {
        @Override
        public void answered(String wanted) {
            // nothing to carry over
        }

        @Override
        public void refused(String code) {
            // counted by the driver; the next question is asked all the same
        }
    }
}
