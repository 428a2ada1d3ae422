package app.trecho.protocol;

import java.io.IOException;

/** Reads one line at a time, decodes it and hands the outcome to a {@link RequestSink}. */
public final class RequestPump {
    private final LineReader reader;
    private final Codec codec;
    private final RequestSink sink;

    public RequestPump(LineReader reader, Codec codec, RequestSink sink) {
        this.reader = reader;
        this.codec = codec;
        this.sink = sink;
    }

    /**
     * Handles the next line: a request goes to {@link RequestSink#onRequest}, a bad line (too long, not
     * UTF-8, not JSON, invalid) to {@link RequestSink#onInvalid}.
     *
     * @return false at end of stream (nothing was delivered), true otherwise
     * @throws IOException when the underlying stream fails
     */
    public boolean pumpOne() throws IOException {
        String line;
        try {
            line = reader.readLine();
        } catch (ProtocolException e) {
            sink.onInvalid(e);
            return true;
        }
        if (line == null) {
            return false;
        }
        Request request;
        try {
            request = codec.decodeRequest(line);
        } catch (ProtocolException e) {
            sink.onInvalid(e);
            return true;
        }
        sink.onRequest(request);
        return true;
    }
}
