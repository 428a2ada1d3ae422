package app.trecho.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A closed-loop (or paced) scenario on the {@link LoopDriver}: one conversation per connection.
 * Customers who registered are logged in again through the client library at the end, so the
 * invariant check sees their bookings and holds.
 */
final class DrivenScenario implements Scenario {
    private final String label;
    /** Each run's customers, made from what the run learnt (its catalog, its customer names). */
    private final Function<BenchContext, LoopDriver.Customers> customers;

    private final boolean registers;

    private DrivenScenario(String label, Function<BenchContext, LoopDriver.Customers> customers, boolean registers) {
        this.label = label;
        this.customers = customers;
        this.registers = registers;
    }

    static DrivenScenario ping() {
        return new DrivenScenario("ping", context -> (i, random) -> Conversations.ping(), false);
    }

    static DrivenScenario browse() {
        return new DrivenScenario(
                "browse", context -> (i, random) -> Conversations.browse(context.catalog(), random), false);
    }

    static DrivenScenario book() {
        return registered("book", Conversations::book);
    }

    static DrivenScenario mixed() {
        return registered("mixed", Conversations::mixed);
    }

    /** The conversation of a customer with an account of its own. */
    @FunctionalInterface
    private interface Registered {
        LoopDriver.Conversation of(
                Catalog catalog, SplittableRandom random, String username, String password, Metrics metrics);
    }

    private static DrivenScenario registered(String label, Registered conversation) {
        return new DrivenScenario(
                label,
                context -> (i, random) -> conversation.of(
                        context.catalog(), random, context.customerName(i), context.password(), context.metrics()),
                true);
    }

    @Override
    public Map<String, Object> run(BenchContext context) throws InterruptedException {
        int clients = context.options().clients();
        LoopDriver.drive(context, clients, customers.apply(context), label);
        if (registers) {
            context.logInCustomers(clients);
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("openLoopRequestsPerSecond", context.options().rate());
        return figures;
    }
}
