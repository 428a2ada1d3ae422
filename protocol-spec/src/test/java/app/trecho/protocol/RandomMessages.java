package app.trecho.protocol;

import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.City;
import app.trecho.protocol.model.ErrorBody;
import app.trecho.protocol.model.HeldSegment;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.Itinerary;
import app.trecho.protocol.model.SeatChange;
import app.trecho.protocol.model.SeatState;
import app.trecho.protocol.model.SegmentInfo;
import app.trecho.protocol.model.SortOrder;
import app.trecho.protocol.model.StoreStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/** Random valid messages of every type, within every documented range, from a seed. */
final class RandomMessages {
    private static final String KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    private static final String REF_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private final Random r;

    RandomMessages(long seed) {
        this.r = new Random(seed);
    }

    Message next(MessageType type) {
        String id = text(1, 64);
        long seq = 1 + (long) (r.nextDouble() * (FieldRules.MAX_SAFE_INTEGER - 1));
        return switch (type) {
            case HELLO -> new Request.Hello(id, list(1, 10, () -> 1 + r.nextInt(99)), maybe(() -> text(1, 128)));
            case PING -> new Request.Ping(id);
            case ACCOUNT_REGISTER -> new Request.AccountRegister(id, username(), text(8, 128));
            case ACCOUNT_LOGIN -> new Request.AccountLogin(id, username(), text(8, 128));
            case ACCOUNT_LOGOUT -> new Request.AccountLogout(id);
            case SESSION_RESUME -> new Request.SessionResume(id, token());
            case CITY_LIST -> new Request.CityList(id);
            case BOARD_GET -> new Request.BoardGet(id, maybe(this::date), maybe(this::city));
            case ITINERARY_SEARCH ->
                new Request.ItinerarySearch(
                        id,
                        city(),
                        city(),
                        date(),
                        passengers(),
                        maybe(() -> SortOrder.values()[r.nextInt(3)]),
                        maybe(() -> 1 + r.nextInt(100)));
            case SEATMAP_GET -> new Request.SeatMapGet(id, segment());
            case HOLD_CREATE -> holdCreate(id);
            case HOLD_RELEASE -> new Request.HoldRelease(id, key(), holdId());
            case CART_GET -> new Request.CartGet(id);
            case CART_PURCHASE -> new Request.CartPurchase(id, key(), maybe(() -> distinct(0, 5, this::holdId)));
            case BOOKING_LIST -> new Request.BookingList(id);
            case BOOKING_CANCEL -> new Request.BookingCancel(id, key(), reference());
            case SUBSCRIBE -> new Request.Subscribe(id, list(1, 64, this::topic));
            case UNSUBSCRIBE -> new Request.Unsubscribe(id, list(1, 64, this::topic));
            case ADMIN_STATUS -> new Request.AdminStatus(id, text(1, 256));
            case HELLO_OK ->
                new Response.HelloOk(
                        id,
                        1 + r.nextInt(99),
                        r.nextInt(100),
                        text(1, 128),
                        1 + r.nextInt(1 << 30),
                        1 + r.nextInt(86_400),
                        maybe(() -> 1 + r.nextInt(3_600_000)));
            case PING_OK -> new Response.PingOk(id, instant());
            case ACCOUNT_REGISTER_OK -> new Response.AccountRegisterOk(id, username(), token());
            case ACCOUNT_LOGIN_OK -> new Response.AccountLoginOk(id, username(), token());
            case ACCOUNT_LOGOUT_OK -> new Response.AccountLogoutOk(id);
            case SESSION_RESUME_OK -> new Response.SessionResumeOk(id, username());
            case CITY_LIST_OK -> new Response.CityListOk(id, list(0, 20, () -> new City(city(), text(1, 128))));
            case BOARD_GET_OK -> new Response.BoardGetOk(id, list(0, 20, this::segmentInfo));
            case ITINERARY_SEARCH_OK -> new Response.ItinerarySearchOk(id, list(0, 20, this::itinerary));
            case SEATMAP_GET_OK -> seatMap(id);
            case HOLD_CREATE_OK -> new Response.HoldCreateOk(id, hold());
            case HOLD_RELEASE_OK -> new Response.HoldReleaseOk(id, holdId());
            case CART_GET_OK -> new Response.CartGetOk(id, list(0, 5, this::hold), cents());
            case CART_PURCHASE_OK -> new Response.CartPurchaseOk(id, booking());
            case BOOKING_LIST_OK -> new Response.BookingListOk(id, list(0, 5, this::booking));
            case BOOKING_CANCEL_OK -> new Response.BookingCancelOk(id, reference());
            case SUBSCRIBE_OK -> new Response.SubscribeOk(id, list(0, 10, this::topic));
            case UNSUBSCRIBE_OK -> new Response.UnsubscribeOk(id, list(0, 10, this::topic));
            case ADMIN_STATUS_OK ->
                new Response.AdminStatusOk(
                        id,
                        r.nextInt(10_001),
                        r.nextInt(Integer.MAX_VALUE),
                        r.nextInt(100_000),
                        r.nextInt(100_000),
                        r.nextInt(1_000_000),
                        (long) (r.nextDouble() * FieldRules.MAX_SAFE_INTEGER),
                        new StoreStatus(text(1, 128), r.nextBoolean(), text(0, 200)));
            case ERROR ->
                new Response.Error(
                        maybe(() -> id),
                        new ErrorBody(
                                ErrorCode.values()[r.nextInt(ErrorCode.values().length)],
                                text(0, 80),
                                maybe(() -> Map.of("field", text(1, 20), "retryAfterMs", r.nextInt(10_000)))));
            case EVENT_AVAILABILITY -> new Event.Availability(seq, segment(), r.nextInt(300), r.nextInt(300));
            case EVENT_SEAT ->
                new Event.Seat(
                        seq,
                        segment(),
                        list(1, 10, () -> new SeatChange(seat(), SeatState.values()[r.nextInt(3)])),
                        r.nextInt(1_000_000));
            case EVENT_HOLD_EXPIRED -> new Event.HoldExpired(seq, holdId(), distinct(1, 3, this::segment));
            case EVENT_RESYNC -> new Event.Resync(seq, maybe(() -> text(0, 100)));
            case EVENT_SHUTDOWN -> new Event.Shutdown(seq, maybe(() -> text(0, 100)));
        };
    }

    private Request.HoldCreate holdCreate(String id) {
        List<String> segments = distinct(1, 3, this::segment);
        int passengers = passengers();
        List<List<String>> seats = maybe(() -> {
            List<List<String>> perSegment = new ArrayList<>();
            for (int i = 0; i < segments.size(); i++) {
                perSegment.add(distinct(passengers, passengers, this::seat));
            }
            return List.copyOf(perSegment);
        });
        return new Request.HoldCreate(id, key(), segments, passengers, seats);
    }

    private Response.SeatMapGetOk seatMap(String id) {
        int rows = 1 + r.nextInt(40);
        String columns = "ABCDEFGHIJK".substring(0, 1 + r.nextInt(11));
        StringBuilder seats = new StringBuilder();
        for (int i = 0; i < rows * columns.length(); i++) {
            seats.append(".hsHS".charAt(r.nextInt(5)));
        }
        return new Response.SeatMapGetOk(id, segment(), rows, columns, seats.toString(), r.nextInt(1_000_000));
    }

    private <T> T maybe(Supplier<T> value) {
        return r.nextBoolean() ? value.get() : null;
    }

    private <T> List<T> list(int min, int max, Supplier<T> item) {
        int n = min + r.nextInt(max - min + 1);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(item.get());
        }
        return List.copyOf(out);
    }

    private List<String> distinct(int min, int max, Supplier<String> item) {
        int n = min + r.nextInt(max - min + 1);
        Set<String> out = new LinkedHashSet<>();
        while (out.size() < n) {
            out.add(item.get());
        }
        return List.copyOf(out);
    }

    /** Any Unicode text, including non-BMP characters and JSON-escaped ones. */
    private String text(int min, int max) {
        int n = min + r.nextInt(Math.min(max, min + 40) - min + 1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(6)) {
                case 0 -> b.appendCodePoint(0x1F300 + r.nextInt(200));
                case 1 -> b.append("\"\\\n\t/é".charAt(r.nextInt(6)));
                case 2 -> b.append((char) (0x20 + r.nextInt(0x5F)));
                default -> b.append((char) ('a' + r.nextInt(26)));
            }
        }
        return b.toString();
    }

    private String chars(String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private String username() {
        return chars("abcdefghijklmnopqrstuvwxyz0123456789", 1) + chars("abcdefghij0123456789_.-", 2 + r.nextInt(30));
    }

    private String token() {
        return chars("0123456789abcdef", 32);
    }

    private String key() {
        return chars(KEY_CHARS, 8 + r.nextInt(57));
    }

    private String holdId() {
        return chars(KEY_CHARS, 1 + r.nextInt(64));
    }

    private String reference() {
        return chars(REF_CHARS, 6);
    }

    private String city() {
        return chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 3);
    }

    private String flight() {
        return chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 2) + chars("0123456789", 1 + r.nextInt(4));
    }

    private LocalDate date() {
        return LocalDate.of(2000, 1, 1).plusDays(r.nextInt(20_000));
    }

    private String segment() {
        return flight() + "-" + date();
    }

    private String topic() {
        return r.nextInt(4) == 0 ? "board" : "seats:" + segment();
    }

    private String seat() {
        return (1 + r.nextInt(99)) + chars("ABCDEFGHIJK", 1);
    }

    private int passengers() {
        return 1 + r.nextInt(9);
    }

    private long cents() {
        return r.nextInt(4) == 0 ? FieldRules.MAX_SAFE_INTEGER : r.nextInt(10_000_000);
    }

    private Instant instant() {
        long seconds = Math.floorMod(r.nextLong(), 253_402_300_800L);
        return Instant.ofEpochSecond(seconds, r.nextBoolean() ? 0 : r.nextInt(1_000_000_000));
    }

    private SegmentInfo segmentInfo() {
        return new SegmentInfo(
                segment(), flight(), city(), city(), instant(), instant(), cents(), r.nextInt(300), r.nextInt(300));
    }

    private Itinerary itinerary() {
        return new Itinerary(
                list(1, 3, this::segmentInfo), instant(), instant(), r.nextInt(3000), cents(), r.nextInt(300));
    }

    private HeldSegment heldSegment() {
        return new HeldSegment(segment(), flight(), city(), city(), instant(), distinct(1, 9, this::seat));
    }

    private Hold hold() {
        return new Hold(holdId(), list(1, 3, this::heldSegment), passengers(), cents(), instant());
    }

    private Booking booking() {
        return new Booking(reference(), list(1, 6, this::heldSegment), passengers(), cents(), instant());
    }
}
