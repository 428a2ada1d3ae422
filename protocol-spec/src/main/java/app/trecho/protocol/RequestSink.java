package app.trecho.protocol;

/** Where a {@link RequestPump} delivers what it read: the server's connection. */
public interface RequestSink {

    /** A well-formed, validated request. */
    void onRequest(Request request);

    /**
     * A line that is not a valid request: answer with an {@code error} carrying {@code e.code()} and
     * {@code e.requestId()} (null when the id could not be read). The connection stays usable.
     */
    void onInvalid(ProtocolException e);
}
