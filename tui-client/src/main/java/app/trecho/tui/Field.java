package app.trecho.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.TextBox;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

/** A one-line text field where Enter submits the form instead of only moving on. */
final class Field extends TextBox {
    private Runnable onSubmit = () -> {};
    private Runnable onLeave = () -> {};
    private final boolean upperCase;

    Field(int width, boolean upperCase) {
        super(new TerminalSize(width, 1));
        this.upperCase = upperCase;
    }

    Field onSubmit(Runnable action) {
        this.onSubmit = action;
        return this;
    }

    Field onLeave(Runnable action) {
        this.onLeave = action;
        return this;
    }

    /** Tabbing in puts the caret at the end, so Backspace edits what is there. */
    @Override
    protected void afterEnterFocus(FocusChangeDirection direction, Interactable previouslyInFocus) {
        super.afterEnterFocus(direction, previouslyInFocus);
        setCaretPosition(getText().length());
    }

    @Override
    protected void afterLeaveFocus(FocusChangeDirection direction, Interactable nextInFocus) {
        super.afterLeaveFocus(direction, nextInFocus);
        onLeave.run();
    }

    @Override
    public synchronized Result handleKeyStroke(KeyStroke key) {
        if (key.getKeyType() == KeyType.Enter) {
            onSubmit.run();
            return Result.HANDLED;
        }
        if (upperCase && key.getKeyType() == KeyType.Character && !key.isCtrlDown() && !key.isAltDown()) {
            return super.handleKeyStroke(new KeyStroke(Character.toUpperCase(key.getCharacter()), false, false));
        }
        return super.handleKeyStroke(key);
    }
}
