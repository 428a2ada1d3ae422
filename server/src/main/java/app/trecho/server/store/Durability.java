package app.trecho.server.store;

import java.util.Locale;

/** How far a commit goes before it is acknowledged (see server/STORAGE.md). */
public enum Durability {
    /** WAL with {@code synchronous=NORMAL}: survives a crash or kill -9 of the server process. */
    NORMAL("NORMAL"),
    /** WAL with {@code synchronous=FULL}: every commit is fsynced, so it also survives power loss. */
    ALWAYS("FULL");

    private final String synchronousPragma;

    Durability(String synchronousPragma) {
        this.synchronousPragma = synchronousPragma;
    }

    String synchronousPragma() {
        return synchronousPragma;
    }

    /** Parses the value of {@code --fsync}: {@code normal} or {@code always} (any case). */
    public static Durability fromFlag(String value) {
        return switch (value == null ? "" : value.toLowerCase(Locale.ROOT)) {
            case "normal" -> NORMAL;
            case "always" -> ALWAYS;
            default -> throw new IllegalArgumentException("--fsync must be 'normal' or 'always', got '" + value + "'");
        };
    }
}
