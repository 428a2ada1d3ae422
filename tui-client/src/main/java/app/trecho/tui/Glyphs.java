package app.trecho.tui;

/** The few non-letter characters the screens draw, in Unicode or plain ASCII. */
record Glyphs(String arrow, String rule, String bar, String dot, String ellipsis, boolean ascii) {

    static Glyphs of(boolean ascii) {
        return ascii ? new Glyphs("->", "-", "|", "*", "...", true) : new Glyphs("→", "─", "│", "·", "…", false);
    }
}
