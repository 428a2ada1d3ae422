package app.trecho.tui;

import app.trecho.client.ConnectionState;
import java.time.Duration;
import java.time.Instant;

/** The words of the status bar: who, connection, server, soonest hold expiry, last error. */
final class StatusText {
    private StatusText() {}

    static String of(Session session, Instant now, Glyphs glyphs) {
        String sep = " " + glyphs.bar() + " ";
        StringBuilder line = new StringBuilder(" ");
        line.append(session.username() == null ? "not logged in" : session.username());
        line.append(sep).append(connection(session.state(), session.stateDetail(), glyphs));
        line.append(sep).append(session.server());
        Instant expiry = session.soonestExpiry(now);
        if (expiry != null) {
            int count = session.liveHolds(now).size();
            line.append(sep)
                    .append(count)
                    .append(count == 1 ? " hold, " : " holds, ")
                    .append("expires in ")
                    .append(Fmt.countdown(Duration.between(now, expiry)));
        }
        if (session.lastError() != null) {
            line.append(sep).append(session.lastError());
        }
        return line.toString();
    }

    /** E.g. {@code connected}, or {@code reconnecting (attempt 3)…} while the client retries. */
    static String connection(ConnectionState state, String detail, Glyphs glyphs) {
        return switch (state) {
            case CONNECTING -> "connecting" + glyphs.ellipsis();
            case CONNECTED -> "connected";
            case RECONNECTING -> (detail != null && !detail.isBlank() ? detail : "reconnecting") + glyphs.ellipsis();
            case CLOSED -> detail != null && !detail.isBlank() ? "offline (" + detail + ")" : "offline";
        };
    }
}
