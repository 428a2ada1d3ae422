package app.trecho.bench;

import app.trecho.client.TrechoClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** What every scenario shares: options, metrics, the way to connect, what was learnt of the network. */
final class BenchContext {

    /** Opens one connection to the server (the real client library, or a fake in tests). */
    @FunctionalInterface
    interface Connector {
        TrechoClient connect(String host, int port);
    }

    private static final String PASSWORD = "bench-password-1";
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);

    private final BenchOptions options;
    private final Metrics metrics;
    private final Connector connector;
    private final String runId;
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();
    private final Queue<TrechoClient> customers = new ConcurrentLinkedQueue<>();
    private Catalog catalog;

    BenchContext(BenchOptions options, Metrics metrics, Connector connector) {
        this.options = options;
        this.metrics = metrics;
        this.connector = connector;
        byte[] id = new byte[3];
        new SecureRandom().nextBytes(id);
        this.runId = HexFormat.of().formatHex(id);
    }

    BenchOptions options() {
        return options;
    }

    Metrics metrics() {
        return metrics;
    }

    Queue<String> problems() {
        return problems;
    }

    Catalog catalog() {
        return catalog;
    }

    /** Connects an anonymous client (for browsing and the invariant check). */
    TrechoClient connect() {
        return connector.connect(options.host(), options.port());
    }

    /** Learns the network once, through one anonymous connection. */
    void loadCatalog() throws InterruptedException {
        try (TrechoClient probe = connect()) {
            catalog = Catalog.load(probe, options.seed());
        }
    }

    /**
     * Connects and registers {@code count} customers in parallel (bounded, so registration's slow
     * password hashing does not time out), each with its own account.
     */
    List<TrechoClient> openCustomers(int count) throws InterruptedException {
        return openAs(count, "register", TrechoClient::register);
    }

    /**
     * Connects and logs in as the first {@code count} customers of this run, whom someone else
     * registered (the load driver): the invariant check sees their bookings through these.
     */
    List<TrechoClient> logInCustomers(int count) throws InterruptedException {
        return openAs(count, "log in", TrechoClient::login);
    }

    /** The user name of this run's {@code i}th customer. */
    String customerName(int i) {
        return "bench-" + runId + "-" + i;
    }

    String password() {
        return PASSWORD;
    }

    @FunctionalInterface
    private interface Entry {
        CompletableFuture<?> enter(TrechoClient client, String username, String password);
    }

    private List<TrechoClient> openAs(int count, String what, Entry entry) throws InterruptedException {
        List<CompletableFuture<TrechoClient>> pending = new ArrayList<>();
        Semaphore inFlight = new Semaphore(64);
        for (int i = 0; i < count; i++) {
            String username = customerName(i);
            inFlight.acquire();
            CompletableFuture<TrechoClient> opened = new CompletableFuture<>();
            Thread.ofVirtual().name("bench-open-" + i).start(() -> {
                try {
                    TrechoClient client = connect();
                    try {
                        entry.enter(client, username, PASSWORD).get(SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    } catch (ExecutionException | TimeoutException | RuntimeException e) {
                        client.close();
                        throw e;
                    }
                    opened.complete(client);
                } catch (Exception e) {
                    opened.completeExceptionally(e);
                } finally {
                    inFlight.release();
                }
            });
            pending.add(opened);
        }
        List<TrechoClient> clients = new ArrayList<>();
        for (CompletableFuture<TrechoClient> f : pending) {
            try {
                clients.add(f.get());
            } catch (ExecutionException e) {
                clients.forEach(TrechoClient::close);
                throw new SetupException("could not open customer connections (" + what + "): " + rootMessage(e), e);
            }
        }
        customers.addAll(clients);
        return Collections.unmodifiableList(clients);
    }

    /** Every registered customer so far (for the invariant check). */
    List<TrechoClient> customers() {
        return List.copyOf(customers);
    }

    void closeAll() {
        customers.forEach(TrechoClient::close);
    }

    /**
     * Runs one request, records its latency from {@code startNanos} (the intended start, so open
     * loop pacing does not hide queueing) and returns its value, or null after recording the error.
     * For requests whose success value is null (Void), use {@link #attempt}.
     */
    <T> T call(String operation, long startNanos, Supplier<CompletableFuture<T>> request) {
        Object result = invoke(operation, startNanos, request);
        @SuppressWarnings("unchecked")
        T value = result == FAILED ? null : (T) result;
        return value;
    }

    <T> T call(String operation, Supplier<CompletableFuture<T>> request) {
        return call(operation, System.nanoTime(), request);
    }

    /** Like {@link #call}, for requests without a value: true when it succeeded. */
    boolean attempt(String operation, Supplier<? extends CompletableFuture<?>> request) {
        return invoke(operation, System.nanoTime(), request) != FAILED;
    }

    private static final Object FAILED = new Object();

    private Object invoke(String operation, long startNanos, Supplier<? extends CompletableFuture<?>> request) {
        try {
            // Untimed: the client library fails every request after its own timeout (30 s here). A
            // timed get would also arm a timer per request in the virtual-thread scheduler, which
            // cost ~15% of the bench's CPU in the browse profile.
            Object value = request.get().get();
            metrics.record(operation, System.nanoTime() - startNanos);
            return value;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        } catch (ExecutionException | RuntimeException e) {
            metrics.error(operation, e instanceof ExecutionException ? e.getCause() : e);
            return FAILED;
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The bench could not get going (server unreachable, registration refused). */
    static final class SetupException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SetupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
