package app.trecho.tui;

import app.trecho.client.TrechoClient;
import java.util.concurrent.CompletableFuture;

/**
 * Opens a connection to the server without blocking the caller; the future fails with a
 * {@code ConnectionException} when the server cannot be reached.
 */
@FunctionalInterface
public interface Connector {
    CompletableFuture<TrechoClient> connect();
}
