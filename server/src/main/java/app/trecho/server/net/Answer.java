package app.trecho.server.net;

import app.trecho.protocol.Response;
import java.nio.ByteBuffer;

/**
 * A connection's answer to one of its requests, with its encoded line's UTF-8 when that is known
 * already (a mutation's remembered result, spliced with the request's id), in parts written one
 * after another, once; else null: encode the response.
 */
record Answer(Response response, ByteBuffer[] utf8) {
    static Answer of(Response response) {
        return new Answer(response, null);
    }
}
