package app.trecho.protocol;

import static app.trecho.protocol.FieldRules.CART_HOLDS_MAX;
import static app.trecho.protocol.FieldRules.ID_MAX;
import static app.trecho.protocol.FieldRules.LEGS_MAX;
import static app.trecho.protocol.FieldRules.NAME_MAX;
import static app.trecho.protocol.FieldRules.PASSENGERS_MAX;
import static app.trecho.protocol.FieldRules.PASSWORD_MAX;
import static app.trecho.protocol.FieldRules.PASSWORD_MIN;
import static app.trecho.protocol.FieldRules.SEARCH_LIMIT_MAX;
import static app.trecho.protocol.FieldRules.TOPICS_MAX;
import static app.trecho.protocol.FieldRules.VERSIONS_MAX;
import static app.trecho.protocol.FieldRules.VERSION_MAX;

import app.trecho.protocol.model.SortOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds each request record from its validated fields (the rules of the request schemas). */
final class RequestDecoder {
    static final Map<String, SortOrder> SORT_ORDERS = new HashMap<>();

    static {
        for (SortOrder s : SortOrder.values()) {
            SORT_ORDERS.put(s.wire(), s);
        }
    }

    private RequestDecoder() {}

    static Request decode(MessageType type, FieldReader f, String id) throws ProtocolException {
        return switch (type) {
            case HELLO ->
                new Request.Hello(
                        id, f.integers("versions", 1, VERSIONS_MAX, 1, VERSION_MAX), f.optText("client", 1, NAME_MAX));
            case PING -> new Request.Ping(id);
            case ACCOUNT_REGISTER ->
                new Request.AccountRegister(
                        id, f.string("username", FieldRules.USERNAME), f.text("password", PASSWORD_MIN, PASSWORD_MAX));
            case ACCOUNT_LOGIN ->
                new Request.AccountLogin(
                        id, f.string("username", FieldRules.USERNAME), f.text("password", PASSWORD_MIN, PASSWORD_MAX));
            case ACCOUNT_LOGOUT -> new Request.AccountLogout(id);
            case SESSION_RESUME -> new Request.SessionResume(id, f.string("token", FieldRules.TOKEN));
            case CITY_LIST -> new Request.CityList(id);
            case BOARD_GET -> new Request.BoardGet(id, f.optDate("date"), f.optString("from", FieldRules.CITY_CODE));
            case ITINERARY_SEARCH ->
                new Request.ItinerarySearch(
                        id,
                        f.string("from", FieldRules.CITY_CODE),
                        f.string("to", FieldRules.CITY_CODE),
                        f.date("date"),
                        f.integer("passengers", 1, PASSENGERS_MAX),
                        f.optEnum("sort", SORT_ORDERS),
                        f.optInteger("limit", 1, SEARCH_LIMIT_MAX));
            case SEATMAP_GET -> new Request.SeatMapGet(id, f.string("segment", FieldRules.SEGMENT_ID));
            case HOLD_CREATE -> holdCreate(f, id);
            case HOLD_RELEASE -> new Request.HoldRelease(id, key(f), f.string("holdId", FieldRules.HOLD_ID));
            case CART_GET -> new Request.CartGet(id);
            case CART_PURCHASE ->
                new Request.CartPurchase(
                        id, key(f), f.optStrings("holds", 0, CART_HOLDS_MAX, FieldRules.HOLD_ID, true));
            case BOOKING_LIST -> new Request.BookingList(id);
            case BOOKING_CANCEL -> new Request.BookingCancel(id, key(f), f.string("reference", FieldRules.REFERENCE));
            case SUBSCRIBE -> new Request.Subscribe(id, topics(f));
            case UNSUBSCRIBE -> new Request.Unsubscribe(id, topics(f));
            case ADMIN_STATUS -> new Request.AdminStatus(id, f.text("token", 1, FieldRules.OPERATOR_TOKEN_MAX));
            default -> throw new IllegalArgumentException("not a request type: " + type);
        };
    }

    private static String key(FieldReader f) throws ProtocolException {
        return f.string("idempotencyKey", FieldRules.IDEMPOTENCY_KEY);
    }

    private static List<String> topics(FieldReader f) throws ProtocolException {
        return f.strings("topics", 1, TOPICS_MAX, FieldRules.TOPIC, false);
    }

    /** The seats, when given, must be one list per segment of exactly one seat per passenger. */
    private static Request.HoldCreate holdCreate(FieldReader f, String id) throws ProtocolException {
        String key = key(f);
        List<String> segments = f.strings("segments", 1, LEGS_MAX, FieldRules.SEGMENT_ID, true);
        int passengers = f.integer("passengers", 1, PASSENGERS_MAX);
        List<List<String>> seats =
                f.optStringLists("seats", 1, LEGS_MAX, passengers, passengers, FieldRules.SEAT, true);
        if (seats != null && seats.size() != segments.size()) {
            throw f.invalid("seats", "must have one list per segment");
        }
        return new Request.HoldCreate(id, key, segments, passengers, seats);
    }

    /** The rule for every request's {@code id}: 1–64 code points. */
    static boolean isValidId(String id) {
        int n = id.length();
        return n >= 1 && (n <= ID_MAX || id.codePointCount(0, n) <= ID_MAX);
    }
}
