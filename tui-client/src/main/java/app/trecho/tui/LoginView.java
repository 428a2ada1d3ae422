package app.trecho.tui;

import app.trecho.protocol.Response;
import com.googlecode.lanterna.gui2.Button;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.Direction;
import com.googlecode.lanterna.gui2.EmptySpace;
import com.googlecode.lanterna.gui2.GridLayout;
import com.googlecode.lanterna.gui2.Interactable;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.Panel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/** Connect, then log in or register; wrong password, taken name and an unreachable server in words. */
final class LoginView implements View {
    private static final Pattern USERNAME = Pattern.compile("^[a-z0-9][a-z0-9_.-]{2,31}$");

    private final Ui ui;
    private final Shell shell;
    private final Panel panel = new Panel(new LinearLayout(Direction.VERTICAL));
    private final Field username = new Field(32, false);
    private final Field password = new Field(32, false);
    private final Label server = new Label("");
    private final Label message = new Label("");
    private boolean busy;

    LoginView(Ui ui, Shell shell) {
        this.ui = ui;
        this.shell = shell;
        password.setMask('*');
        username.onSubmit(() -> ui.gui().getActiveWindow().setFocusedInteractable(password));
        password.onSubmit(() -> submit(false));
        panel.addComponent(new Label("Welcome to Trecho: book flight segments from your terminal."));
        panel.addComponent(new EmptySpace());
        panel.addComponent(server);
        panel.addComponent(new EmptySpace());
        Panel form = new Panel(new GridLayout(2));
        form.addComponent(new Label("Username"));
        form.addComponent(username);
        form.addComponent(new Label("Password"));
        form.addComponent(password);
        panel.addComponent(form);
        Panel buttons = new Panel(new LinearLayout(Direction.HORIZONTAL));
        buttons.addComponent(new Button("Log in", () -> submit(false)));
        buttons.addComponent(new Button("Register", () -> submit(true)));
        panel.addComponent(buttons);
        panel.addComponent(new EmptySpace());
        panel.addComponent(message);
        panel.addComponent(new EmptySpace());
        panel.addComponent(new Label("New here? Type a username (3-32: a-z 0-9 _ . -) and a password\n"
                + "(8+ characters), then choose Register. Tab moves between fields."));
    }

    @Override
    public String title() {
        return "Log in";
    }

    @Override
    public Component component() {
        return panel;
    }

    @Override
    public Interactable initialFocus() {
        return username;
    }

    @Override
    public List<KeyHint> keys() {
        return List.of(
                new KeyHint("Tab / Shift-Tab", "next / previous field or button", "fields"),
                new KeyHint("Enter", "in the password field: log in; on a button: press it", "log in"));
    }

    @Override
    public void onShow() {
        server.setText("Server: " + ui.session().server());
        if (ui.client() == null) {
            message.setText("Connecting to " + ui.session().server() + " ...");
        }
    }

    void connected() {
        server.setText("Server: " + ui.session().server() + " (connected)");
        message.setText("");
    }

    void showError(String words) {
        message.setText("! " + words);
    }

    void submit(boolean register) {
        if (busy) {
            return;
        }
        if (ui.client() == null) {
            message.setText("Connecting to " + ui.session().server() + " ...");
            shell.connect();
            return;
        }
        String name = username.getText().trim();
        String secret = password.getText();
        if (name.isEmpty() || secret.isEmpty()) {
            showError("Type a username and a password.");
            return;
        }
        if (register && !USERNAME.matcher(name).matches()) {
            showError(
                    "Usernames are 3-32 characters: lowercase letters, digits, _ . - (start with a letter or digit).");
            return;
        }
        if (register && (secret.length() < 8 || secret.length() > 128)) {
            showError("Passwords are 8 to 128 characters.");
            return;
        }
        busy = true;
        message.setText(register ? "Registering " + name + " ..." : "Logging in as " + name + " ...");
        CompletableFuture<String> result = register
                ? ui.client().register(name, secret).thenApply(Response.AccountRegisterOk::username)
                : ui.client().login(name, secret).thenApply(Response.AccountLoginOk::username);
        ui.whenDone(result, (user, error) -> {
            busy = false;
            if (error != null) {
                String words = Errors.describe(error);
                ui.session().error(words);
                showError(words);
                return;
            }
            password.setText("");
            message.setText("");
            shell.loggedIn(user);
        });
    }
}
