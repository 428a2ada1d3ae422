package app.trecho.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.SimpleTheme;
import com.googlecode.lanterna.graphics.Theme;
import com.googlecode.lanterna.gui2.DefaultWindowDecorationRenderer;

/**
 * Our two themes: 16 ANSI colours on the terminal's own background, or monochrome. Both mark
 * selection and focus with reverse video so nothing depends on colour; ASCII mode also swaps the
 * dialog frames' box drawing for {@code +-|}.
 */
final class Themes {
    private Themes() {}

    static Theme of(TuiOptions options) {
        TextColor none = TextColor.ANSI.DEFAULT;
        SimpleTheme theme;
        if (options.color()) {
            theme = SimpleTheme.makeTheme(
                    true,
                    none,
                    none,
                    TextColor.ANSI.WHITE_BRIGHT,
                    TextColor.ANSI.BLUE,
                    TextColor.ANSI.BLACK,
                    TextColor.ANSI.CYAN,
                    none);
            theme.getDefaultDefinition().setSelected(TextColor.ANSI.BLACK, TextColor.ANSI.CYAN, SGR.REVERSE);
        } else {
            theme = SimpleTheme.makeTheme(true, none, none, none, none, none, none, none);
            theme.getDefaultDefinition().setActive(none, none, SGR.UNDERLINE, SGR.BOLD);
            theme.getDefaultDefinition().setSelected(none, none, SGR.REVERSE);
        }
        if (options.ascii()) {
            SimpleTheme.Definition frame = theme.getDefinition(DefaultWindowDecorationRenderer.class);
            for (String corner :
                    new String[] {"TOP_LEFT_CORNER", "TOP_RIGHT_CORNER", "BOTTOM_LEFT_CORNER", "BOTTOM_RIGHT_CORNER"}) {
                frame.setCharacter(corner, '+');
            }
            frame.setCharacter("HORIZONTAL_LINE", '-');
            frame.setCharacter("VERTICAL_LINE", '|');
            frame.setCharacter("TITLE_SEPARATOR_LEFT", '-');
            frame.setCharacter("TITLE_SEPARATOR_RIGHT", '-');
        }
        return theme;
    }
}
