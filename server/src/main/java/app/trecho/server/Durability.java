package app.trecho.server;

import app.trecho.server.state.ChangeLog;

/**
 * How the server makes changes durable before it answers: where its {@link ChangeLog} writes and the
 * name start-up logs for it. Today only {@link #MEMORY}; the store plugs in here.
 *
 * @param mode a short name for logs, e.g. {@code memory}
 */
public record Durability(String mode, ChangeLog changeLog) {

    /** Nothing is stored: state lives as long as the process. */
    public static final Durability MEMORY = new Durability("memory", ChangeLog.NONE);
}
