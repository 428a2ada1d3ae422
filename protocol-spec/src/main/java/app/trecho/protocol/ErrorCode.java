package app.trecho.protocol;

/**
 * Every stable error code of protocol v1. The wire string is the constant's name; codes are never
 * renamed or reused. PROTOCOL.md has the table of when each is sent.
 */
public enum ErrorCode {
    /** The line is not a JSON object (not JSON, not UTF-8, empty, binary, truncated at end of stream). */
    BAD_REQUEST,
    /** The line is longer than the negotiated maximum; the rest of it up to the next newline is discarded. */
    LINE_TOO_LONG,
    /** The {@code type} is not a message type the receiver knows. */
    UNKNOWN_TYPE,
    /** A field is missing, has the wrong JSON type, or is outside its documented range or pattern. */
    INVALID_FIELD,
    /** A request other than {@code hello} arrived before the handshake completed. */
    HANDSHAKE_REQUIRED,
    /** {@code hello} arrived after the handshake completed. */
    ALREADY_HANDSHAKEN,
    /** None of the versions the client offered is spoken by the server. */
    UNSUPPORTED_VERSION,
    /** The request needs a logged-in session. */
    NOT_AUTHENTICATED,
    /** Register or login on a connection that is already logged in. */
    ALREADY_AUTHENTICATED,
    /** Wrong username or password (never says which). */
    INVALID_CREDENTIALS,
    /** Register with a username that exists. */
    USERNAME_TAKEN,
    /** {@code session.resume} with a token that is unknown, logged out or expired. */
    SESSION_INVALID,
    /** The segment, hold or booking does not exist or does not belong to this account. */
    NOT_FOUND,
    /** A chosen seat is held or sold; details carry fresh availability. */
    SEAT_TAKEN,
    /** Not enough free seats for the party on some segment; details carry fresh availability. */
    SEATS_UNAVAILABLE,
    /** The segments given do not form a valid itinerary (not connected, too tight, departed). */
    INVALID_ITINERARY,
    /** {@code cart.purchase} with an empty cart. */
    CART_EMPTY,
    /** {@code cart.purchase} named holds that are not exactly the cart (one expired or was released). */
    CART_CHANGED,
    /** An idempotency key reused with a different request. */
    IDEMPOTENCY_CONFLICT,
    /** Too many requests or login attempts; details say when to retry. */
    RATE_LIMITED,
    /** The server is at its connection limit; the connection is closed after this error. */
    BUSY,
    /** The handshake or the connection idled past its limit; the connection is closed after this error. */
    TIMEOUT,
    /** The store could not persist the change; nothing changed. */
    STORAGE_UNAVAILABLE,
    /** The server is shutting down and takes no new requests. */
    SHUTTING_DOWN,
    /** An unexpected server fault; nothing changed. */
    INTERNAL,
    /** {@code admin.status} with a wrong operator token, or the server has none configured (since 1.1). */
    FORBIDDEN,
    /** {@code hold.create} when the account already has 100 live holds (since 1.3). */
    CART_FULL;

    /** The string sent on the wire. */
    public String wire() {
        return name();
    }
}
