package app.trecho.server;

import app.trecho.server.state.ChangeLog;
import app.trecho.server.store.SqliteStore;
import java.util.Locale;

/**
 * How the server makes changes durable before it answers: where its {@link ChangeLog} writes, the
 * store it rebuilds memory from (null in memory), and the name start-up logs for it. A server
 * started with a store owns it and closes it when it stops.
 *
 * @param mode a short name for logs and the operator's status, e.g. {@code memory} or {@code
 *     sqlite fsync=normal}
 * @param store the SQLite store, or null when nothing is stored
 */
public record Durability(String mode, ChangeLog changeLog, SqliteStore store) {

    /** Nothing is stored: state lives as long as the process ({@code --data-dir :memory:}). */
    public static final Durability MEMORY = new Durability("memory", ChangeLog.NONE, null);

    /** Changes go to {@code store}, opened with {@code level}; start-up rebuilds memory from it. */
    public static Durability sqlite(SqliteStore store, app.trecho.server.store.Durability level) {
        return new Durability("sqlite fsync=" + level.name().toLowerCase(Locale.ROOT), store, store);
    }

    /** True when changes survive a restart. */
    public boolean durable() {
        return store != null;
    }
}
