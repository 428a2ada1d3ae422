package app.trecho.server.net;

import app.trecho.protocol.SharedEvent;

/** Where events for one connection go. Never blocks: a full queue degrades to a resync. */
interface EventSink {

    /** Queues an event; it gets its {@code seq} when it is written. */
    void send(SharedEvent event);
}
