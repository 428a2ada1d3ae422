package app.trecho.client;

import app.trecho.protocol.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests awaiting responses, by id. Each completes exactly once: a response, a timeout or a
 * failure wins by removing it from the map. Timeouts run on the one shared {@link ClientScheduler}.
 */
final class PendingRequests {
    private static final Logger log = LoggerFactory.getLogger(PendingRequests.class);

    private final String name;
    private final Map<String, PendingRequest<?, ?>> byId = new ConcurrentHashMap<>();

    PendingRequests(String name) {
        this.name = name;
    }

    /** Registers {@code request}; unless answered within {@code timeout} it fails with the message given. */
    void add(PendingRequest<?, ?> request, Duration timeout, Function<PendingRequest<?, ?>, String> timeoutMessage) {
        request.timeout(ClientScheduler.get()
                .schedule(
                        () -> {
                            if (byId.remove(request.id(), request)) {
                                ClientScheduler.offload(() ->
                                        request.fail(new ConnectionException(timeoutMessage.apply(request), null)));
                            }
                        },
                        timeout.toNanos(),
                        TimeUnit.NANOSECONDS));
        byId.put(request.id(), request);
    }

    /** Completes the request {@code response} answers; logs and ignores a response nobody awaits. */
    void complete(Response response) {
        PendingRequest<?, ?> request = byId.get(response.id());
        if (request == null) {
            log.debug("{}: ignored {} for unknown id {}", name, response.type().wire(), response.id());
            return;
        }
        if (!request.accepts(response)) {
            log.debug(
                    "{}: ignored {} for id {} awaiting a {} response",
                    name,
                    response.type().wire(),
                    response.id(),
                    request.type().wire());
            return;
        }
        if (byId.remove(response.id(), request)) {
            request.complete(response);
        }
    }

    /** Fails the request with {@code id}, if still pending. */
    void fail(String id, ClientException exception) {
        PendingRequest<?, ?> request = byId.remove(id);
        if (request != null) {
            request.fail(exception);
        }
    }

    boolean failIfPending(PendingRequest<?, ?> request, ClientException exception) {
        if (byId.remove(request.id(), request)) {
            request.fail(exception);
            return true;
        }
        return false;
    }

    void failAll(Predicate<PendingRequest<?, ?>> which, ClientException exception) {
        for (PendingRequest<?, ?> request : byId.values()) {
            if (which.test(request) && byId.remove(request.id(), request)) {
                request.fail(exception);
            }
        }
    }

    /** The pending requests that may be resent on a new connection, oldest first. */
    List<PendingRequest<?, ?>> resendable() {
        List<PendingRequest<?, ?>> list = new ArrayList<>();
        for (PendingRequest<?, ?> request : byId.values()) {
            if (!request.internal) {
                list.add(request);
            }
        }
        list.sort(Comparator.comparingLong(r -> r.seq));
        return list;
    }

    int size() {
        return byId.size();
    }
}
