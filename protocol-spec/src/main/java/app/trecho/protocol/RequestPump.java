package app.trecho.protocol;

import java.nio.ByteBuffer;

/**
 * Frames the bytes pushed to it into lines ({@link LineFramer}), decodes each and hands the outcome
 * to a {@link RequestSink}, one line at a time, so the caller can stop between requests (a selector
 * loop waiting for an answer to be worked on elsewhere). Not thread-safe.
 */
public final class RequestPump {
    private final LineFramer framer;
    private final Codec codec;
    private final RequestSink sink;

    public RequestPump(int maxLineBytes, Codec codec, RequestSink sink) {
        this.framer = new LineFramer(maxLineBytes);
        this.codec = codec;
        this.sink = sink;
    }

    /**
     * Handles the next line in {@code in}: a request goes to {@link RequestSink#onRequest}, a bad line
     * (too long, not UTF-8, not JSON, invalid) to {@link RequestSink#onInvalid}.
     *
     * @return false when {@code in} holds no whole line (its bytes are kept for the next call)
     */
    public boolean pumpOne(ByteBuffer in) {
        String line;
        try {
            line = framer.next(in);
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

    /**
     * The stream ended: a line cut short goes to {@link RequestSink#onInvalid}, once.
     *
     * @return true when one did
     */
    public boolean endOfStream() {
        try {
            framer.endOfStream();
            return false;
        } catch (ProtocolException e) {
            sink.onInvalid(e);
            return true;
        }
    }
}
