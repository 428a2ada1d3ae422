package app.trecho.protocol;

/** Protocol-wide constants of v1 that both sides rely on (PROTOCOL.md is normative). */
public final class Protocol {

    /** The major version this code speaks. */
    public static final int MAJOR = 1;

    /**
     * The minor version of {@link #MAJOR} this code implements (1.1 added {@code admin.status}, 1.2
     * added {@code hello.ok.heartbeatMs}).
     */
    public static final int MINOR = 3;

    /** Longest client-to-server line in bytes, excluding the terminating {@code \n}. */
    public static final int MAX_REQUEST_LINE_BYTES = 65_536;

    /** Longest server-to-client line in bytes, excluding the terminating {@code \n}. */
    public static final int MAX_SERVER_LINE_BYTES = 4 * 1024 * 1024;

    private Protocol() {}
}
