package app.trecho.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.gui2.AbstractInteractableComponent;
import com.googlecode.lanterna.gui2.InteractableRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A scrolling list of pre-formatted rows with a selection. The selected row carries a {@code >}
 * marker and reverse video (never colour alone); it stays on the same key, and the scroll position
 * stays put, when the rows are replaced. A row may highlight a range (e.g. a count that just
 * changed).
 */
final class RowList extends AbstractInteractableComponent<RowList> {

    /** @param highlightFrom first highlighted column of {@code text}, or -1 for none */
    record Row(String key, String text, int highlightFrom, int highlightTo) {
        static Row of(String key, String text) {
            return new Row(key, text, -1, -1);
        }
    }

    private final String emptyText;
    private final boolean color;
    private List<Row> rows = List.of();
    private int selected;
    private int top;
    private int visibleRows = 1;
    private Consumer<Row> onEnter = row -> {};

    RowList(String emptyText, boolean color) {
        this.emptyText = emptyText;
        this.color = color;
    }

    void onEnter(Consumer<Row> action) {
        this.onEnter = action;
    }

    List<Row> rows() {
        return rows;
    }

    /** Replaces the rows, keeping the selection on the same key (or the same index) and the scroll. */
    void setRows(List<Row> newRows) {
        String key = selectedRow() == null ? null : selectedRow().key();
        int index = -1;
        for (int i = 0; key != null && i < newRows.size(); i++) {
            if (Objects.equals(newRows.get(i).key(), key)) {
                index = i;
                break;
            }
        }
        rows = List.copyOf(newRows);
        selected = index >= 0 ? index : Math.max(0, Math.min(selected, rows.size() - 1));
        keepVisible();
        invalidate();
    }

    Row selectedRow() {
        return rows.isEmpty() ? null : rows.get(selected);
    }

    int selectedIndex() {
        return selected;
    }

    void select(int index) {
        if (!rows.isEmpty()) {
            selected = Math.max(0, Math.min(index, rows.size() - 1));
            keepVisible();
            invalidate();
        }
    }

    private void keepVisible() {
        if (selected < top) {
            top = selected;
        } else if (selected >= top + visibleRows) {
            top = selected - visibleRows + 1;
        }
        top = Math.max(0, Math.min(top, Math.max(0, rows.size() - visibleRows)));
    }

    @Override
    protected Result handleKeyStroke(KeyStroke key) {
        Character ch = key.getCharacter();
        switch (key.getKeyType()) {
            case ArrowUp -> select(selected - 1);
            case ArrowDown -> select(selected + 1);
            case PageUp -> select(selected - Math.max(1, visibleRows - 1));
            case PageDown -> select(selected + Math.max(1, visibleRows - 1));
            case Home -> select(0);
            case End -> select(rows.size() - 1);
            case Enter -> {
                if (selectedRow() == null) {
                    return Result.UNHANDLED;
                }
                onEnter.accept(selectedRow());
            }
            case Character -> {
                if (key.isCtrlDown() || key.isAltDown() || ch == null || (ch != 'j' && ch != 'k')) {
                    return Result.UNHANDLED;
                }
                select(ch == 'j' ? selected + 1 : selected - 1);
            }
            default -> {
                return super.handleKeyStroke(key);
            }
        }
        return Result.HANDLED;
    }

    @Override
    protected InteractableRenderer<RowList> createDefaultRenderer() {
        return new Renderer();
    }

    private final class Renderer implements InteractableRenderer<RowList> {
        @Override
        public TerminalPosition getCursorLocation(RowList component) {
            return null;
        }

        @Override
        public TerminalSize getPreferredSize(RowList component) {
            int width = rows.stream().mapToInt(r -> r.text().length() + 2).max().orElse(emptyText.length());
            return new TerminalSize(width, Math.max(1, rows.size()));
        }

        @Override
        public void drawComponent(TextGUIGraphics g, RowList component) {
            TerminalSize size = g.getSize();
            visibleRows = Math.max(1, size.getRows());
            keepVisible();
            g.setForegroundColor(TextColor.ANSI.DEFAULT).setBackgroundColor(TextColor.ANSI.DEFAULT);
            g.fill(' ');
            if (rows.isEmpty()) {
                g.putString(2, 0, emptyText);
                return;
            }
            for (int line = 0; line < visibleRows && top + line < rows.size(); line++) {
                int index = top + line;
                Row row = rows.get(index);
                boolean isSelected = index == selected;
                String text = Fmt.fit((isSelected ? "> " : "  ") + row.text(), size.getColumns());
                g.clearModifiers();
                if (isSelected) {
                    g.enableModifiers(isFocused() ? SGR.REVERSE : SGR.BOLD);
                }
                g.putString(0, line, text);
                if (row.highlightFrom() >= 0) {
                    int from = row.highlightFrom() + 2;
                    int to = Math.min(row.highlightTo() + 2, size.getColumns());
                    if (from < to) {
                        g.enableModifiers(SGR.BOLD);
                        if (color) {
                            g.setForegroundColor(isSelected ? TextColor.ANSI.DEFAULT : TextColor.ANSI.YELLOW_BRIGHT);
                        } else {
                            g.enableModifiers(SGR.UNDERLINE);
                        }
                        g.putString(from, line, text.substring(from, to));
                        g.setForegroundColor(TextColor.ANSI.DEFAULT);
                    }
                }
            }
            g.clearModifiers();
            if (top > 0) {
                g.putString(size.getColumns() - 1, 0, "^");
            }
            if (top + visibleRows < rows.size()) {
                g.putString(size.getColumns() - 1, visibleRows - 1, "v");
            }
        }
    }
}
