package app.trecho.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.gui2.AbstractComponent;
import com.googlecode.lanterna.gui2.ComponentRenderer;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import java.util.function.IntFunction;

/** A one-row bar (header, key hints, status) that draws whatever its supplier says, at every frame. */
final class Line extends AbstractComponent<Line> {
    private final IntFunction<String> text;
    private final SGR[] style;

    Line(IntFunction<String> text, SGR... style) {
        this.text = text;
        this.style = style.clone();
        // Stretch across the whole width inside a LinearLayout too.
        setLayoutData(LinearLayout.createLayoutData(LinearLayout.Alignment.Fill));
    }

    @Override
    protected ComponentRenderer<Line> createDefaultRenderer() {
        return new ComponentRenderer<>() {
            @Override
            public TerminalSize getPreferredSize(Line component) {
                return new TerminalSize(1, 1);
            }

            @Override
            public void drawComponent(TextGUIGraphics g, Line component) {
                g.setForegroundColor(TextColor.ANSI.DEFAULT).setBackgroundColor(TextColor.ANSI.DEFAULT);
                g.clearModifiers();
                if (style.length > 0) {
                    g.enableModifiers(style);
                }
                int width = g.getSize().getColumns();
                g.putString(0, 0, Fmt.fit(text.apply(width), width));
            }
        };
    }
}
