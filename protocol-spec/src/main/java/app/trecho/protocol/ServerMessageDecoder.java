package app.trecho.protocol;

import static app.trecho.protocol.FieldRules.CART_HOLDS_MAX;
import static app.trecho.protocol.FieldRules.LEGS_MAX;
import static app.trecho.protocol.FieldRules.MAX_SAFE_INTEGER;
import static app.trecho.protocol.FieldRules.NAME_MAX;
import static app.trecho.protocol.FieldRules.PASSENGERS_MAX;
import static app.trecho.protocol.FieldRules.SEAT_ROWS_MAX;
import static app.trecho.protocol.FieldRules.VERSION_MAX;

import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.City;
import app.trecho.protocol.model.ErrorBody;
import app.trecho.protocol.model.HeldSegment;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.Itinerary;
import app.trecho.protocol.model.SeatChange;
import app.trecho.protocol.model.SeatState;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.protocol.model.StoreStatus;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Builds responses, events and their nested records from validated fields (the server-side schemas). */
final class ServerMessageDecoder {
    private static final int INT_MAX = Integer.MAX_VALUE;
    private static final int HEARTBEAT_MS_MAX = 3_600_000;
    private static final Map<String, SeatState> SEAT_STATES = new HashMap<>();
    private static final Map<String, ErrorCode> ERROR_CODES = new HashMap<>();

    static {
        for (SeatState s : SeatState.values()) {
            SEAT_STATES.put(s.wire(), s);
        }
        for (ErrorCode c : ErrorCode.values()) {
            ERROR_CODES.put(c.wire(), c);
        }
    }

    private final ObjectMapper mapper;

    ServerMessageDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    Message decode(MessageType type, FieldReader f, String id) throws ProtocolException {
        return switch (type) {
            case HELLO_OK ->
                new Response.HelloOk(
                        id,
                        f.integer("version", 1, VERSION_MAX),
                        f.integer("minor", 0, VERSION_MAX),
                        f.text("server", 1, NAME_MAX),
                        f.integer("maxLineBytes", 1, INT_MAX),
                        f.longInteger("holdTtlSeconds", 1, MAX_SAFE_INTEGER),
                        f.optInteger("heartbeatMs", 1, HEARTBEAT_MS_MAX));
            case PING_OK -> new Response.PingOk(id, f.instant("serverTime"));
            case ACCOUNT_REGISTER_OK ->
                new Response.AccountRegisterOk(
                        id, f.string("username", FieldRules.USERNAME), f.string("token", FieldRules.TOKEN));
            case ACCOUNT_LOGIN_OK ->
                new Response.AccountLoginOk(
                        id, f.string("username", FieldRules.USERNAME), f.string("token", FieldRules.TOKEN));
            case ACCOUNT_LOGOUT_OK -> new Response.AccountLogoutOk(id);
            case SESSION_RESUME_OK -> new Response.SessionResumeOk(id, f.string("username", FieldRules.USERNAME));
            case CITY_LIST_OK ->
                new Response.CityListOk(id, f.objects("cities", 0, INT_MAX, ServerMessageDecoder::city));
            case BOARD_GET_OK ->
                new Response.BoardGetOk(id, f.objects("segments", 0, INT_MAX, ServerMessageDecoder::segmentInfo));
            case ITINERARY_SEARCH_OK ->
                new Response.ItinerarySearchOk(
                        id, f.objects("itineraries", 0, FieldRules.SEARCH_LIMIT_MAX, ServerMessageDecoder::itinerary));
            case SEATMAP_GET_OK ->
                new Response.SeatMapGetOk(
                        id,
                        f.string("segment", FieldRules.SEGMENT_ID),
                        f.integer("rows", 1, SEAT_ROWS_MAX),
                        f.string("columns", FieldRules.SEAT_COLUMNS),
                        f.string("seats", FieldRules.SEAT_STATES),
                        f.longInteger("version", 0, MAX_SAFE_INTEGER));
            case HOLD_CREATE_OK -> new Response.HoldCreateOk(id, f.object("hold", ServerMessageDecoder::hold));
            case HOLD_RELEASE_OK -> new Response.HoldReleaseOk(id, f.string("holdId", FieldRules.HOLD_ID));
            case CART_GET_OK ->
                new Response.CartGetOk(
                        id,
                        f.objects("holds", 0, CART_HOLDS_MAX, ServerMessageDecoder::hold),
                        f.longInteger("totalCents", 0, MAX_SAFE_INTEGER));
            case CART_PURCHASE_OK ->
                new Response.CartPurchaseOk(id, f.object("booking", ServerMessageDecoder::booking));
            case BOOKING_LIST_OK ->
                new Response.BookingListOk(id, f.objects("bookings", 0, INT_MAX, ServerMessageDecoder::booking));
            case BOOKING_CANCEL_OK -> new Response.BookingCancelOk(id, f.string("reference", FieldRules.REFERENCE));
            case SUBSCRIBE_OK -> new Response.SubscribeOk(id, f.strings("topics", 0, INT_MAX, FieldRules.TOPIC, false));
            case UNSUBSCRIBE_OK ->
                new Response.UnsubscribeOk(id, f.strings("topics", 0, INT_MAX, FieldRules.TOPIC, false));
            case ADMIN_STATUS_OK ->
                new Response.AdminStatusOk(
                        id,
                        f.integer("connections", 0, INT_MAX),
                        f.integer("accounts", 0, INT_MAX),
                        f.integer("liveHolds", 0, INT_MAX),
                        f.integer("bookings", 0, INT_MAX),
                        f.integer("requestsPerSecond", 0, INT_MAX),
                        f.longInteger("uptimeSeconds", 0, MAX_SAFE_INTEGER),
                        f.object("store", ServerMessageDecoder::storeStatus));
            case ERROR -> new Response.Error(id, f.object("error", this::errorBody));
            case EVENT_AVAILABILITY ->
                new Event.Availability(
                        seq(f),
                        f.string("segment", FieldRules.SEGMENT_ID),
                        f.integer("seatsFree", 0, INT_MAX),
                        f.integer("seatsTotal", 0, INT_MAX));
            case EVENT_SEAT ->
                new Event.Seat(
                        seq(f),
                        f.string("segment", FieldRules.SEGMENT_ID),
                        f.objects("changes", 1, INT_MAX, ServerMessageDecoder::seatChange),
                        f.longInteger("version", 0, MAX_SAFE_INTEGER));
            case EVENT_HOLD_EXPIRED ->
                new Event.HoldExpired(
                        seq(f),
                        f.string("holdId", FieldRules.HOLD_ID),
                        f.strings("segments", 1, LEGS_MAX, FieldRules.SEGMENT_ID, true));
            case EVENT_RESYNC -> new Event.Resync(seq(f), f.optText("reason", 0, 1024));
            case EVENT_SHUTDOWN -> new Event.Shutdown(seq(f), f.optText("reason", 0, 1024));
            default -> throw new IllegalArgumentException("not a server message type: " + type);
        };
    }

    private static long seq(FieldReader f) throws ProtocolException {
        return f.longInteger("seq", 1, MAX_SAFE_INTEGER);
    }

    private static City city(FieldReader f) throws ProtocolException {
        return new City(f.string("code", FieldRules.CITY_CODE), f.text("name", 1, NAME_MAX));
    }

    static SegmentInfo segmentInfo(FieldReader f) throws ProtocolException {
        return new SegmentInfo(
                f.string("segment", FieldRules.SEGMENT_ID),
                f.string("flight", FieldRules.FLIGHT),
                f.string("from", FieldRules.CITY_CODE),
                f.string("to", FieldRules.CITY_CODE),
                f.instant("departure"),
                f.instant("arrival"),
                f.longInteger("priceCents", 0, MAX_SAFE_INTEGER),
                f.integer("seatsFree", 0, INT_MAX),
                f.integer("seatsTotal", 0, INT_MAX));
    }

    private static Itinerary itinerary(FieldReader f) throws ProtocolException {
        return new Itinerary(
                f.objects("legs", 1, LEGS_MAX, ServerMessageDecoder::segmentInfo),
                f.instant("departure"),
                f.instant("arrival"),
                f.integer("durationMinutes", 0, INT_MAX),
                f.longInteger("priceCents", 0, MAX_SAFE_INTEGER),
                f.integer("seatsFree", 0, INT_MAX));
    }

    private static HeldSegment heldSegment(FieldReader f) throws ProtocolException {
        return new HeldSegment(
                f.string("segment", FieldRules.SEGMENT_ID),
                f.string("flight", FieldRules.FLIGHT),
                f.string("from", FieldRules.CITY_CODE),
                f.string("to", FieldRules.CITY_CODE),
                f.instant("departure"),
                f.strings("seats", 1, PASSENGERS_MAX, FieldRules.SEAT, true));
    }

    private static Hold hold(FieldReader f) throws ProtocolException {
        return new Hold(
                f.string("holdId", FieldRules.HOLD_ID),
                f.objects("segments", 1, LEGS_MAX, ServerMessageDecoder::heldSegment),
                f.integer("passengers", 1, PASSENGERS_MAX),
                f.longInteger("priceCents", 0, MAX_SAFE_INTEGER),
                f.instant("expiresAt"));
    }

    private static Booking booking(FieldReader f) throws ProtocolException {
        return new Booking(
                f.string("reference", FieldRules.REFERENCE),
                f.objects("segments", 1, FieldRules.BOOKING_SEGMENTS_MAX, ServerMessageDecoder::heldSegment),
                f.integer("passengers", 1, PASSENGERS_MAX),
                f.longInteger("priceCents", 0, MAX_SAFE_INTEGER),
                f.instant("createdAt"));
    }

    private static StoreStatus storeStatus(FieldReader f) throws ProtocolException {
        return new StoreStatus(
                f.text("mode", 1, NAME_MAX), f.bool("ok"), f.text("detail", 0, FieldRules.STATUS_DETAIL_MAX));
    }

    private static SeatChange seatChange(FieldReader f) throws ProtocolException {
        return new SeatChange(f.string("seat", FieldRules.SEAT), f.enumValue("state", SEAT_STATES));
    }

    /**
     * A code this version does not know (a later minor version may add codes) reads as INTERNAL, with
     * the code received kept in {@code details.code}.
     */
    private ErrorBody errorBody(FieldReader f) throws ProtocolException {
        String wire = f.string("code", FieldRules.ERROR_CODE);
        String message = f.text("message", 0, Integer.MAX_VALUE);
        JsonNode detailsNode = f.optAnyObject("details");
        Map<String, Object> details = detailsNode == null ? null : toMap(detailsNode);
        ErrorCode code = ERROR_CODES.get(wire);
        if (code == null) {
            code = ErrorCode.INTERNAL;
            Map<String, Object> withCode = details == null ? new LinkedHashMap<>() : new LinkedHashMap<>(details);
            withCode.put("code", wire);
            details = withCode;
        }
        return new ErrorBody(code, message, details == null ? null : java.util.Collections.unmodifiableMap(details));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> toMap(JsonNode node) {
        return mapper.treeToValue(node, LinkedHashMap.class);
    }
}
