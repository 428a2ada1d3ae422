package app.trecho.server.config;

/** A flag or environment variable has a bad value; the message names it and says what is wrong. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
