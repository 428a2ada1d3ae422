package app.trecho.protocol;

/**
 * Reads one line into a typed, validated message and writes one message as a line. Thread-safe;
 * create one and share it. Decoding is the runtime validator: it accepts exactly what the JSON
 * Schemas accept (the test vectors prove it) and never throws anything but {@link ProtocolException}.
 */
public final class Codec {

    public Codec() {}

    /** Server side: decode and validate a client line (without its newline) into a request. */
    public Request decodeRequest(String line) throws ProtocolException {
        throw new UnsupportedOperationException("TODO protocol helper");
    }

    /** Client side: decode and validate a server line (without its newline) into a response or event. */
    public Message decodeServerMessage(String line) throws ProtocolException {
        throw new UnsupportedOperationException("TODO protocol helper");
    }

    /** Encodes a message as one line of JSON, without the trailing newline; optional nulls are omitted. */
    public String encode(Message message) {
        throw new UnsupportedOperationException("TODO protocol helper");
    }
}
