package app.trecho.protocol;

import java.util.HashMap;
import java.util.Map;

/** Every wire {@code type} name of protocol v1 (up to minor 1), in one place, with the record it denotes. */
public enum MessageType {
    HELLO("hello", Request.Hello.class),
    PING("ping", Request.Ping.class),
    ACCOUNT_REGISTER("account.register", Request.AccountRegister.class),
    ACCOUNT_LOGIN("account.login", Request.AccountLogin.class),
    ACCOUNT_LOGOUT("account.logout", Request.AccountLogout.class),
    SESSION_RESUME("session.resume", Request.SessionResume.class),
    CITY_LIST("city.list", Request.CityList.class),
    BOARD_GET("board.get", Request.BoardGet.class),
    ITINERARY_SEARCH("itinerary.search", Request.ItinerarySearch.class),
    SEATMAP_GET("seatmap.get", Request.SeatMapGet.class),
    HOLD_CREATE("hold.create", Request.HoldCreate.class),
    HOLD_RELEASE("hold.release", Request.HoldRelease.class),
    CART_GET("cart.get", Request.CartGet.class),
    CART_PURCHASE("cart.purchase", Request.CartPurchase.class),
    BOOKING_LIST("booking.list", Request.BookingList.class),
    BOOKING_CANCEL("booking.cancel", Request.BookingCancel.class),
    SUBSCRIBE("subscribe", Request.Subscribe.class),
    UNSUBSCRIBE("unsubscribe", Request.Unsubscribe.class),
    ADMIN_STATUS("admin.status", Request.AdminStatus.class),

    HELLO_OK("hello.ok", Response.HelloOk.class),
    PING_OK("ping.ok", Response.PingOk.class),
    ACCOUNT_REGISTER_OK("account.register.ok", Response.AccountRegisterOk.class),
    ACCOUNT_LOGIN_OK("account.login.ok", Response.AccountLoginOk.class),
    ACCOUNT_LOGOUT_OK("account.logout.ok", Response.AccountLogoutOk.class),
    SESSION_RESUME_OK("session.resume.ok", Response.SessionResumeOk.class),
    CITY_LIST_OK("city.list.ok", Response.CityListOk.class),
    BOARD_GET_OK("board.get.ok", Response.BoardGetOk.class),
    ITINERARY_SEARCH_OK("itinerary.search.ok", Response.ItinerarySearchOk.class),
    SEATMAP_GET_OK("seatmap.get.ok", Response.SeatMapGetOk.class),
    HOLD_CREATE_OK("hold.create.ok", Response.HoldCreateOk.class),
    HOLD_RELEASE_OK("hold.release.ok", Response.HoldReleaseOk.class),
    CART_GET_OK("cart.get.ok", Response.CartGetOk.class),
    CART_PURCHASE_OK("cart.purchase.ok", Response.CartPurchaseOk.class),
    BOOKING_LIST_OK("booking.list.ok", Response.BookingListOk.class),
    BOOKING_CANCEL_OK("booking.cancel.ok", Response.BookingCancelOk.class),
    SUBSCRIBE_OK("subscribe.ok", Response.SubscribeOk.class),
    UNSUBSCRIBE_OK("unsubscribe.ok", Response.UnsubscribeOk.class),
    ADMIN_STATUS_OK("admin.status.ok", Response.AdminStatusOk.class),
    ERROR("error", Response.Error.class),

    EVENT_AVAILABILITY("event.availability", Event.Availability.class),
    EVENT_SEAT("event.seat", Event.Seat.class),
    EVENT_HOLD_EXPIRED("event.hold.expired", Event.HoldExpired.class),
    EVENT_RESYNC("event.resync", Event.Resync.class),
    EVENT_SHUTDOWN("event.shutdown", Event.Shutdown.class);

    private static final Map<String, MessageType> BY_WIRE = new HashMap<>();
    private static final Map<Class<?>, MessageType> BY_CLASS = new HashMap<>();

    static {
        for (MessageType t : values()) {
            BY_WIRE.put(t.wire, t);
            BY_CLASS.put(t.recordClass, t);
        }
    }

    private final String wire;
    private final Class<? extends Message> recordClass;

    MessageType(String wire, Class<? extends Message> recordClass) {
        this.wire = wire;
        this.recordClass = recordClass;
    }

    public String wire() {
        return wire;
    }

    public Class<? extends Message> recordClass() {
        return recordClass;
    }

    /** The type named {@code wire}, or null when there is none. */
    public static MessageType fromWire(String wire) {
        return BY_WIRE.get(wire);
    }

    public static MessageType of(Class<?> recordClass) {
        MessageType t = BY_CLASS.get(recordClass);
        if (t == null) {
            throw new IllegalArgumentException("not a protocol message: " + recordClass.getName());
        }
        return t;
    }
}
