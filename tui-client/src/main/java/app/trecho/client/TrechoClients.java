package app.trecho.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Makes connected {@link TrechoClient}s. */
public final class TrechoClients {

    private TrechoClients() {}

    /**
     * Connects to the server and completes the handshake on the calling thread.
     *
     * @param listeners registered before connecting, so they also hear CONNECTING and CONNECTED
     * @throws ConnectionException when the server cannot be reached, refuses the handshake (e.g. no
     *     common protocol version) or does not answer within the request timeout
     */
    public static TrechoClient connect(ClientConfig config, ClientListener... listeners) {
        ClientCore core = new ClientCore(config, List.of(listeners));
        try {
            core.connect();
        } catch (ClientException e) {
            core.close(e.getMessage());
            throw e;
        }
        return new TcpTrechoClient(core);
    }

    /** {@link #connect} on a virtual thread: the future fails with the {@link ConnectionException}. */
    public static CompletableFuture<TrechoClient> connectAsync(ClientConfig config, ClientListener... listeners) {
        CompletableFuture<TrechoClient> future = new CompletableFuture<>();
        Thread.ofVirtual().name("trecho-client-connect").start(() -> {
            try {
                future.complete(connect(config, listeners));
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }
}
