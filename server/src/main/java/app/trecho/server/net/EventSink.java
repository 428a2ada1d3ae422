package app.trecho.server.net;

import app.trecho.protocol.Event;
import java.util.function.LongFunction;

/** Where events for one connection go. Never blocks: a full queue degrades to a resync. */
interface EventSink {

    /** Queues an event; {@code event} builds it from the sequence number it is delivered with. */
    void send(LongFunction<Event> event);
}
