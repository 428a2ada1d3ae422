package app.trecho.server.net;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Request;

/**
 * Which connection states may send which request (protocol v1). The switch is exhaustive over the
 * sealed {@link Request}, so a new request type cannot be added without deciding its access.
 */
enum Access {
    /** Only before the handshake: {@code hello}. */
    HANDSHAKE,
    /** Any handshaken connection. */
    OPEN,
    /** Only a connection that is not logged in (register, login). */
    ANONYMOUS_ONLY,
    /** Only a logged-in connection. */
    AUTHENTICATED;

    static Access of(Request request) {
        return switch (request) {
            case Request.Hello h -> HANDSHAKE;
            case Request.AccountRegister r -> ANONYMOUS_ONLY;
            case Request.AccountLogin r -> ANONYMOUS_ONLY;
            case Request.SessionResume r -> OPEN; // when authenticated it switches identity
            case Request.Ping r -> OPEN;
            case Request.CityList r -> OPEN;
            case Request.BoardGet r -> OPEN;
            case Request.ItinerarySearch r -> OPEN;
            case Request.SeatMapGet r -> OPEN;
            case Request.Subscribe r -> OPEN;
            case Request.Unsubscribe r -> OPEN;
            case Request.AdminStatus r -> OPEN; // the operator token authorises it, not a login
            case Request.AccountLogout r -> AUTHENTICATED;
            case Request.HoldCreate r -> AUTHENTICATED;
            case Request.HoldRelease r -> AUTHENTICATED;
            case Request.CartGet r -> AUTHENTICATED;
            case Request.CartPurchase r -> AUTHENTICATED;
            case Request.BookingList r -> AUTHENTICATED;
            case Request.BookingCancel r -> AUTHENTICATED;
        };
    }

    /** The error a session in {@code state} gets for a request of this access, or null when admitted. */
    ErrorCode refusal(Session.State state) {
        return switch (state) {
            case CLOSING -> ErrorCode.SHUTTING_DOWN;
            case AWAITING_HELLO -> this == HANDSHAKE ? null : ErrorCode.HANDSHAKE_REQUIRED;
            case ANONYMOUS ->
                switch (this) {
                    case HANDSHAKE -> ErrorCode.ALREADY_HANDSHAKEN;
                    case AUTHENTICATED -> ErrorCode.NOT_AUTHENTICATED;
                    case OPEN, ANONYMOUS_ONLY -> null;
                };
            case AUTHENTICATED ->
                switch (this) {
                    case HANDSHAKE -> ErrorCode.ALREADY_HANDSHAKEN;
                    case ANONYMOUS_ONLY -> ErrorCode.ALREADY_AUTHENTICATED;
                    case OPEN, AUTHENTICATED -> null;
                };
        };
    }
}
