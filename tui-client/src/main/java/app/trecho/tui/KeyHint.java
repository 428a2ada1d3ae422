package app.trecho.tui;

/**
 * One line of key help, e.g. {@code Space} / {@code pick or unpick a seat}.
 *
 * @param brief the few words for the always-visible hint line, e.g. {@code pick}
 */
record KeyHint(String keys, String action, String brief) {

    KeyHint(String keys, String action) {
        this(keys, action, action);
    }
}
