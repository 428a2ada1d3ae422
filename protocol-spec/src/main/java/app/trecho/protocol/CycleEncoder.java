package app.trecho.protocol;

import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.HeldSegment;
import app.trecho.protocol.model.Hold;
import java.time.Instant;
import java.util.List;

/**
 * Writes the six messages of a booking cycle (hold, purchase, cancel and their answers) field by
 * field, exactly as the mapper writes them: type first, then the record's components in order,
 * nulls left out. Each is encoded once per request on the server (the key's remembered answer) and
 * in the load generator, where going through databind cost ~5 µs a message: a serializer context,
 * a generator and a method-handle call per field.
 *
 * <p>Only text that needs no JSON escaping is written here; any other message, or one with a
 * quote, backslash, control character or surrogate in a string, is left to the mapper ({@link
 * #encode} returns null). {@code CycleEncoderTest} checks every line against the mapper's.
 */
final class CycleEncoder {
    /**
     * One buffer per thread, emptied for each message, with room for a two-segment answer (~400
     * characters): a new one per message was a tenth of the server's allocation under {@code book}
     * load (async-profiler {@code event=alloc}), and so of its young collections.
     */
    private static final ThreadLocal<StringBuilder> BUFFERS = ThreadLocal.withInitial(() -> new StringBuilder(512));

    private final StringBuilder out;
    /** Set when a string needs escaping: the line is then abandoned. */
    private boolean escaped;

    private CycleEncoder() {
        out = BUFFERS.get();
        out.setLength(0);
    }

    /** The line the mapper would write for {@code message}, or null when the mapper must write it. */
    static String encode(Message message) {
        return switch (message) {
            case Request.HoldCreate r -> new CycleEncoder().holdCreate(r).line();
            case Request.CartPurchase r -> new CycleEncoder().cartPurchase(r).line();
            case Request.BookingCancel r -> new CycleEncoder().bookingCancel(r).line();
            case Response.HoldCreateOk r -> new CycleEncoder().holdCreateOk(r).line();
            case Response.CartPurchaseOk r ->
                new CycleEncoder().cartPurchaseOk(r).line();
            case Response.BookingCancelOk r ->
                new CycleEncoder().bookingCancelOk(r).line();
            default -> null;
        };
    }

    private String line() {
        return escaped ? null : out.toString();
    }

    private CycleEncoder holdCreate(Request.HoldCreate r) {
        open(MessageType.HOLD_CREATE, r.id());
        text("idempotencyKey", r.idempotencyKey());
        texts("segments", r.segments());
        number("passengers", r.passengers());
        if (r.seats() != null) {
            name("seats").append('[');
            for (int i = 0; i < r.seats().size(); i++) {
                comma(i);
                List<String> seats = r.seats().get(i);
                if (seats == null) {
                    out.append("null");
                } else {
                    array(seats);
                }
            }
            out.append(']');
        }
        return end();
    }

    private CycleEncoder cartPurchase(Request.CartPurchase r) {
        open(MessageType.CART_PURCHASE, r.id());
        text("idempotencyKey", r.idempotencyKey());
        texts("holds", r.holds());
        return end();
    }

    private CycleEncoder bookingCancel(Request.BookingCancel r) {
        open(MessageType.BOOKING_CANCEL, r.id());
        text("idempotencyKey", r.idempotencyKey());
        text("reference", r.reference());
        return end();
    }

    private CycleEncoder holdCreateOk(Response.HoldCreateOk r) {
        open(MessageType.HOLD_CREATE_OK, r.id());
        Hold h = r.hold();
        if (h != null) {
            name("hold");
            int start = openObject();
            text("holdId", h.holdId());
            itinerary(h.segments(), h.passengers(), h.priceCents());
            instant("expiresAt", h.expiresAt());
            closeObject(start);
        }
        return end();
    }

    private CycleEncoder cartPurchaseOk(Response.CartPurchaseOk r) {
        open(MessageType.CART_PURCHASE_OK, r.id());
        Booking b = r.booking();
        if (b != null) {
            name("booking");
            int start = openObject();
            text("reference", b.reference());
            itinerary(b.segments(), b.passengers(), b.priceCents());
            instant("createdAt", b.createdAt());
            closeObject(start);
        }
        return end();
    }

    private CycleEncoder bookingCancelOk(Response.BookingCancelOk r) {
        open(MessageType.BOOKING_CANCEL_OK, r.id());
        text("reference", r.reference());
        return end();
    }

    /** What a hold and a booking both have, between their id and their time. */
    private void itinerary(List<HeldSegment> segments, int passengers, long priceCents) {
        if (segments != null) {
            segments(segments);
        }
        number("passengers", passengers);
        number("priceCents", priceCents);
    }

    private void segments(List<HeldSegment> segments) {
        name("segments").append('[');
        for (int i = 0; i < segments.size(); i++) {
            comma(i);
            HeldSegment s = segments.get(i);
            if (s == null) {
                out.append("null");
                continue;
            }
            int start = openObject();
            text("segment", s.segment());
            text("flight", s.flight());
            text("from", s.from());
            text("to", s.to());
            instant("departure", s.departure());
            texts("seats", s.seats());
            closeObject(start);
        }
        out.append(']');
    }

    /** Closes the message: the brace of its outermost object. */
    private CycleEncoder end() {
        out.append('}');
        return this;
    }

    /** {@code {"type":"…"} and the id when there is one; every later field starts with a comma. */
    private void open(MessageType type, String id) {
        out.append("{\"type\":\"").append(type.wire()).append('"');
        text("id", id);
    }

    /** Opens a nested object; returns where its fields start, for {@link #closeObject}. */
    private int openObject() {
        out.append('{');
        return out.length();
    }

    /** Drops the comma a nested object's first field was written with (it follows its brace). */
    private void closeObject(int start) {
        if (out.length() > start && out.charAt(start) == ',') {
            out.deleteCharAt(start);
        }
        out.append('}');
    }

    private StringBuilder name(String field) {
        return out.append(",\"").append(field).append("\":");
    }

    private void comma(int index) {
        if (index > 0) {
            out.append(',');
        }
    }

    private void text(String field, String value) {
        if (value != null) {
            name(field);
            quoted(value);
        }
    }

    private void texts(String field, List<String> values) {
        if (values != null) {
            name(field);
            array(values);
        }
    }

    private void array(List<String> values) {
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            comma(i);
            String value = values.get(i);
            if (value == null) {
                out.append("null");
            } else {
                quoted(value);
            }
        }
        out.append(']');
    }

    private void number(String field, long value) {
        name(field).append(value);
    }

    private void instant(String field, Instant value) {
        if (value != null) {
            name(field).append('"');
            InstantWriter.append(out, value).append('"'); // nothing in an instant needs escaping
        }
    }

    private void quoted(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                escaped = true;
                return;
            }
        }
        out.append('"').append(value).append('"');
    }
}
