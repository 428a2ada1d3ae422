package app.trecho.server.ops;

/** A probe of a running server failed; the message is the one-line reason the commands print. */
final class ProbeException extends Exception {
    private static final long serialVersionUID = 1L;

    ProbeException(String reason) {
        super(reason, null, false, false);
    }
}
