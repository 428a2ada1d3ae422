package app.trecho.client;

import app.trecho.protocol.Codec;
import app.trecho.protocol.Event;
import app.trecho.protocol.Message;
import app.trecho.protocol.ProtocolException;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the reader thread does with each server line: decode and validate it, complete the request
 * it answers, or hand the event to the listeners (announcing a resync when {@code seq} skips).
 * Unknown types (a newer minor version) are skipped; a line that is not a JSON object closes the
 * connection, since nothing after it can be trusted.
 */
final class Inbound {
    private static final Logger log = LoggerFactory.getLogger(Inbound.class);
    static final Codec CODEC = new Codec();

    private final PendingRequests pending;
    private final Listeners listeners;

    Inbound(PendingRequests pending, Listeners listeners) {
        this.pending = pending;
        this.listeners = listeners;
    }

    void onLine(Connection c, String line) {
        Message message;
        try {
            message = c.answers().decode(line);
        } catch (ProtocolException e) {
            undecodable(c, line, e);
            return;
        }
        switch (message) {
            case Response.Error error
            when error.id() == null -> {
                log.info(
                        "{}: server error {}: {}",
                        c.name(),
                        error.error().code(),
                        error.error().message());
                c.serverError(error.error().code() + ": " + error.error().message());
            }
            case Response response -> pending.complete(response);
            case Event event -> onEvent(c, event);
            case Request request -> log.debug("{}: ignored a request from the server: {}", c.name(), request.type());
        }
    }

    private void onEvent(Connection c, Event event) {
        long expected = c.advanceSeq(event.seq());
        if (event.seq() < expected) {
            log.debug("{}: ignored {} with old seq {}", c.name(), event.type().wire(), event.seq());
            return;
        }
        if (event.seq() > expected) {
            log.info("{}: events {}..{} missing; asking listeners to resync", c.name(), expected, event.seq() - 1);
            listeners.event(new Event.Resync(event.seq(), "missed events " + expected + ".." + (event.seq() - 1)));
        }
        listeners.event(event);
    }

    private void undecodable(Connection c, String line, ProtocolException e) {
        switch (e.code()) {
            case UNKNOWN_TYPE -> {
                // A newer minor version may add types: skip them, but keep counting their seq.
                long seq = UnknownLines.seqOf(line);
                if (seq > 0 && e.requestId() == null) {
                    c.advanceSeq(seq);
                }
                log.debug("{}: ignored a message of unknown type: {}", c.name(), e.getMessage());
            }
            case BAD_REQUEST -> c.close("server sent a line that is not a JSON object: " + e.getMessage(), e);
            default -> {
                if (e.requestId() != null) {
                    pending.fail(
                            e.requestId(),
                            new ConnectionException("invalid response from the server: " + e.getMessage(), e));
                } else {
                    log.warn("{}: ignored an invalid message from the server: {}", c.name(), e.getMessage());
                }
            }
        }
    }
}
