package app.trecho.server.ops;

import app.trecho.protocol.ErrorCode;
import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.ErrorBody;
import app.trecho.protocol.model.StoreStatus;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code admin.status}: checks the operator token, then gathers the counts, the request
 * rate, the uptime and the store's health. Counting requests ({@link #requestSeen()}) and closing
 * the rate's seconds ({@link #tick()}) are the server's side of the bargain.
 */
public final class OperatorStatus {
    private static final Logger log = LoggerFactory.getLogger(OperatorStatus.class);

    /** Where the counts come from (the connection registry, the accounts and the booking core). */
    public interface Counts {
        int connections();

        int accounts();

        int liveHolds();

        int bookings();
    }

    private final OperatorToken token;
    private final Counts counts;
    private final StoreHealth store;
    private final RequestMeter meter = new RequestMeter();
    private final LongSupplier nanoTime;
    private final long startedNanos;

    public OperatorStatus(OperatorToken token, Counts counts, StoreHealth store, LongSupplier nanoTime) {
        this.token = Objects.requireNonNull(token, "token");
        this.counts = Objects.requireNonNull(counts, "counts");
        this.store = Objects.requireNonNull(store, "store");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.startedNanos = nanoTime.getAsLong();
    }

    /** Counts one request handled (any type). */
    public void requestSeen() {
        meter.mark();
    }

    /** Closes the current second of the request rate; the server's scheduler calls it every second. */
    public void tick() {
        meter.tick();
    }

    /** The status, or FORBIDDEN when the token is wrong or none is configured. */
    public Response answer(Request.AdminStatus request) {
        if (!token.matches(request.token())) {
            String why = token.configured()
                    ? "wrong operator token"
                    : "no operator token is configured on this server (set TRECHO_OPERATOR_TOKEN)";
            return new Response.Error(request.id(), new ErrorBody(ErrorCode.FORBIDDEN, why, null));
        }
        return new Response.AdminStatusOk(
                request.id(),
                counts.connections(),
                counts.accounts(),
                counts.liveHolds(),
                counts.bookings(),
                meter.perSecond(),
                TimeUnit.NANOSECONDS.toSeconds(nanoTime.getAsLong() - startedNanos),
                storeStatus());
    }

    /** The store's answer, kept within the protocol's limits; a failing check is itself reported. */
    private StoreStatus storeStatus() {
        StoreStatus s;
        try {
            s = store.check();
        } catch (RuntimeException e) {
            log.warn("store health check failed", e);
            return new StoreStatus("unknown", false, clip("health check failed: " + e));
        }
        String mode = s.mode() == null || s.mode().isEmpty() ? "unknown" : clip(s.mode(), 128);
        return new StoreStatus(mode, s.ok(), s.detail() == null ? "" : clip(s.detail()));
    }

    private static String clip(String s) {
        return clip(s, 1024);
    }

    private static String clip(String s, int max) {
        return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }
}
