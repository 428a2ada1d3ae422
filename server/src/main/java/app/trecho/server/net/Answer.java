package app.trecho.server.net;

import app.trecho.protocol.Response;

/**
 * A connection's answer to one of its requests, with its encoded line when that is known already
 * (a mutation's remembered result, spliced with the request's id), else null: encode the response.
 */
record Answer(Response response, String line) {
    static Answer of(Response response) {
        return new Answer(response, null);
    }
}
