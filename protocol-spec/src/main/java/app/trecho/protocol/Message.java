package app.trecho.protocol;

/** Every line on the wire is one message: a request, a response or an event. */
public sealed interface Message permits Request, Response, Event {

    /** The wire {@code type} of this message. */
    default MessageType type() {
        return MessageType.of(getClass());
    }
}
