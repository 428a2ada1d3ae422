package app.trecho.tui;

import com.googlecode.lanterna.gui2.Button;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.Direction;
import com.googlecode.lanterna.gui2.EmptySpace;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.input.KeyStroke;
import java.util.List;

/** Who is logged in, where, and a way to log out. */
final class AccountView implements View {
    private final Ui ui;
    private final Shell shell;
    private final Panel panel = new Panel(new LinearLayout(Direction.VERTICAL));
    private final Label info = new Label("");
    private final Label message = new Label("");
    private final Button logout;

    AccountView(Ui ui, Shell shell) {
        this.ui = ui;
        this.shell = shell;
        this.logout = new Button("Log out", this::logout);
        panel.addComponent(new Label("Account"));
        panel.addComponent(new EmptySpace());
        panel.addComponent(info);
        panel.addComponent(new EmptySpace());
        panel.addComponent(logout);
        panel.addComponent(message);
    }

    @Override
    public String title() {
        return "Account";
    }

    @Override
    public Place place() {
        return Place.ACCOUNT;
    }

    @Override
    public Component component() {
        return panel;
    }

    @Override
    public Interactable initialFocus() {
        return logout;
    }

    @Override
    public List<KeyHint> keys() {
        return List.of(new KeyHint("l", "log out (your holds stay until they expire)", "log out"));
    }

    @Override
    public void onShow() {
        info.setText("User:       " + ui.session().username() + "\nServer:     "
                + ui.session().server()
                + "\nConnection: "
                + StatusText.connection(ui.session().state(), ui.session().stateDetail(), ui.glyphs())
                + "\nHolds:      " + ui.session().liveHolds(ui.now()).size());
    }

    @Override
    public boolean onKey(KeyStroke key) {
        if (GlobalKeys.isPlain(key, 'l')) {
            logout();
            return true;
        }
        return false;
    }

    private void logout() {
        message.setText("Logging out ...");
        ui.whenDone(ui.client().logout(), (ok, error) -> {
            if (error != null) {
                message.setText("! " + Errors.describe(error));
                return;
            }
            message.setText("");
            shell.loggedOut();
        });
    }
}
