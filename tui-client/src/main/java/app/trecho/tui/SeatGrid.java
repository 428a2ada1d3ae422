package app.trecho.tui;

import app.trecho.protocol.model.SeatChange;
import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.gui2.AbstractInteractableComponent;
import com.googlecode.lanterna.gui2.InteractableRenderer;
import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One segment's seats as a grid: seat rows run left to right, seat letters top to bottom, an aisle
 * in the middle. ASCII glyphs with a text legend; the cursor is reverse video plus {@code >} and
 * {@code v} markers on its letter and row, so it never depends on colour.
 */
final class SeatGrid extends AbstractInteractableComponent<SeatGrid> {
    static final String LEGEND = ". free  x held  # sold  M held by you  B booked by you  * your pick";
    private static final int MARGIN = 5;

    private int rows;
    private String columns = "";
    private char[] seats = new char[0];
    private final Set<String> picked = new LinkedHashSet<>();
    private int maxPicks = 1;
    private int cursorRow;
    private int cursorCol;
    private int left;

    void setMap(int rows, String columns, String seats) {
        this.rows = rows;
        this.columns = columns;
        this.seats = seats.toCharArray();
        picked.removeIf(label -> !isFree(label));
        cursorRow = Math.min(cursorRow, Math.max(0, rows - 1));
        cursorCol = Math.min(cursorCol, Math.max(0, columns.length() - 1));
        invalidate();
    }

    /** Applies live changes; returns the picked seats that someone else just took. */
    List<String> apply(List<SeatChange> changes) {
        List<String> lost = new ArrayList<>();
        for (SeatChange change : changes) {
            int index = indexOf(change.seat());
            if (index < 0) {
                continue;
            }
            char now = seats[index];
            boolean mine = now == 'H' || now == 'S';
            seats[index] = switch (change.state()) {
                case FREE -> '.';
                case HELD -> mine ? 'H' : 'h';
                case SOLD -> mine ? 'S' : 's';
            };
            if (seats[index] != '.' && picked.remove(change.seat())) {
                lost.add(change.seat());
            }
        }
        invalidate();
        return lost;
    }

    /** The seat string as now shown (without picks), or blanks until a map arrives. */
    String seatsString(int length) {
        return seats.length == length ? new String(seats) : ".".repeat(length);
    }

    void maxPicks(int max) {
        this.maxPicks = max;
    }

    List<String> picked() {
        return List.copyOf(picked);
    }

    void setPicked(List<String> labels) {
        picked.clear();
        labels.stream().filter(this::isFree).forEach(picked::add);
        invalidate();
    }

    String cursorLabel() {
        return rows == 0 ? "" : label(cursorRow, cursorCol);
    }

    /** The state of the seat under the cursor, in words. */
    String cursorState() {
        if (rows == 0) {
            return "";
        }
        if (picked.contains(cursorLabel())) {
            return "your pick";
        }
        return switch (seats[cursorRow * columns.length() + cursorCol]) {
            case '.' -> "free";
            case 'h' -> "held by someone";
            case 's' -> "sold";
            case 'H' -> "held by you";
            case 'S' -> "booked by you";
            default -> "unknown";
        };
    }

    /** Picks or unpicks the seat under the cursor; returns a reason when it cannot. */
    String toggle() {
        String label = cursorLabel();
        if (picked.remove(label)) {
            invalidate();
            return null;
        }
        if (!isFree(label)) {
            return "Seat " + label + " is " + cursorState() + "; choose a free one (.).";
        }
        if (picked.size() >= maxPicks) {
            return "You already picked " + maxPicks + "; unpick one first (Space on it).";
        }
        picked.add(label);
        invalidate();
        return null;
    }

    private boolean isFree(String label) {
        int index = indexOf(label);
        return index >= 0 && seats[index] == '.';
    }

    private int indexOf(String label) {
        if (label.length() < 2) {
            return -1;
        }
        int col = columns.indexOf(label.charAt(label.length() - 1));
        int row;
        try {
            row = Integer.parseInt(label.substring(0, label.length() - 1)) - 1;
        } catch (NumberFormatException e) {
            return -1;
        }
        return col < 0 || row < 0 || row >= rows ? -1 : row * columns.length() + col;
    }

    private String label(int row, int col) {
        return (row + 1) + String.valueOf(columns.charAt(col));
    }

    private void move(int dRow, int dCol) {
        cursorRow = Math.max(0, Math.min(rows - 1, cursorRow + dRow));
        cursorCol = Math.max(0, Math.min(columns.length() - 1, cursorCol + dCol));
        invalidate();
    }

    @Override
    protected Result handleKeyStroke(KeyStroke key) {
        Character ch = key.isCtrlDown() || key.isAltDown() ? null : key.getCharacter();
        switch (key.getKeyType()) {
            case ArrowLeft -> move(-1, 0);
            case ArrowRight -> move(1, 0);
            case ArrowUp -> move(0, -1);
            case ArrowDown -> move(0, 1);
            case Home -> move(-rows, 0);
            case End -> move(rows, 0);
            case Character -> {
                switch (ch == null ? '\0' : ch) {
                    case 'h' -> move(-1, 0);
                    case 'l' -> move(1, 0);
                    case 'k' -> move(0, -1);
                    case 'j' -> move(0, 1);
                    default -> {
                        return Result.UNHANDLED;
                    }
                }
            }
            default -> {
                return Result.UNHANDLED;
            }
        }
        return Result.HANDLED;
    }

    @Override
    protected InteractableRenderer<SeatGrid> createDefaultRenderer() {
        return new Renderer();
    }

    private char glyph(int row, int col) {
        if (picked.contains(label(row, col))) {
            return '*';
        }
        return switch (seats[row * columns.length() + col]) {
            case '.' -> '.';
            case 'h' -> 'x';
            case 's' -> '#';
            case 'H' -> 'M';
            case 'S' -> 'B';
            default -> '?';
        };
    }

    private final class Renderer implements InteractableRenderer<SeatGrid> {
        @Override
        public TerminalPosition getCursorLocation(SeatGrid component) {
            return null;
        }

        @Override
        public TerminalSize getPreferredSize(SeatGrid component) {
            return new TerminalSize(MARGIN + rows * 2, 4 + columns.length());
        }

        @Override
        public void drawComponent(TextGUIGraphics g, SeatGrid component) {
            g.setForegroundColor(TextColor.ANSI.DEFAULT).setBackgroundColor(TextColor.ANSI.DEFAULT);
            g.clearModifiers();
            g.fill(' ');
            if (rows == 0) {
                g.putString(0, 0, "Loading the seat map ...");
                return;
            }
            int visible = Math.max(1, (g.getSize().getColumns() - MARGIN - 1) / 2);
            if (cursorRow < left) {
                left = cursorRow;
            } else if (cursorRow >= left + visible) {
                left = cursorRow - visible + 1;
            }
            left = Math.max(0, Math.min(left, Math.max(0, rows - visible)));
            int last = Math.min(rows, left + visible);
            g.putString(0, 1, "Row");
            for (int r = left; r < last; r++) {
                int x = MARGIN + (r - left) * 2;
                int number = r + 1;
                if (r == cursorRow) {
                    g.putString(x, 0, "v");
                }
                g.putString(x, 1, number >= 10 ? Integer.toString(number / 10) : " ");
                g.putString(x, 2, Integer.toString(number % 10));
            }
            if (left > 0) {
                g.putString(MARGIN - 2, 2, "<");
            }
            if (last < rows) {
                g.putString(MARGIN + visible * 2, 2, ">");
            }
            int aisleAfter = columns.length() / 2;
            int y = 3;
            for (int c = 0; c < columns.length(); c++) {
                if (c == aisleAfter && columns.length() > 3) {
                    g.putString(1, y++, "aisle");
                }
                g.putString(1, y, (c == cursorCol ? ">" : " ") + columns.charAt(c));
                for (int r = left; r < last; r++) {
                    boolean cursor = r == cursorRow && c == cursorCol;
                    if (cursor) {
                        g.enableModifiers(isFocused() ? SGR.REVERSE : SGR.UNDERLINE);
                    }
                    g.putString(MARGIN + (r - left) * 2, y, String.valueOf(glyph(r, c)));
                    g.clearModifiers();
                }
                y++;
            }
        }
    }
}
