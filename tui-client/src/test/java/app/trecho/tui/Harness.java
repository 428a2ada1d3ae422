package app.trecho.tui;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import app.trecho.client.ClientListener;
import app.trecho.client.ConnectionState;
import app.trecho.client.TrechoClient;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.City;
import app.trecho.protocol.model.HeldSegment;
import app.trecho.protocol.model.Hold;
import app.trecho.protocol.model.SegmentInfo;
import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.SameTextGUIThread;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.mockito.Mockito;

/**
 * The TUI on a headless virtual terminal, driven from the test thread (which is the GUI thread):
 * keys go in through the terminal, {@link #pump} processes input and queued GUI tasks, and the
 * screen is read back as text. The client is a Mockito mock whose futures are already complete.
 */
final class Harness implements AutoCloseable {
    static final Instant NOW = Instant.parse("2026-11-26T15:00:00Z");

    final DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(80, 24));
    final TrechoClient client = mock(TrechoClient.class, Mockito.withSettings().defaultAnswer(invocation -> {
        Class<?> type = invocation.getMethod().getReturnType();
        return type == CompletableFuture.class ? CompletableFuture.completedFuture(null) : null;
    }));
    final AtomicReference<ClientListener> listener = new AtomicReference<>();
    Instant now = NOW;
    boolean quit;
    private final TerminalScreen screen;
    private final MultiWindowTextGUI gui;
    final Ui ui;
    final Shell shell;

    /** What connecting yields; the mock client unless a test says otherwise before {@link #start}. */
    CompletableFuture<TrechoClient> connectResult;

    Harness() {
        connectResult = CompletableFuture.completedFuture(client);
        when(client.state()).thenReturn(ConnectionState.CONNECTED);
        when(client.server()).thenReturn("test:7070");
        when(client.bookings()).thenReturn(CompletableFuture.completedFuture(List.of()));
        when(client.cities())
                .thenReturn(CompletableFuture.completedFuture(
                        List.of(new City("GRU", "São Paulo"), new City("REC", "Recife"))));
        doAnswer(inv -> {
                    listener.set(inv.getArgument(0));
                    return null;
                })
                .when(client)
                .addListener(any());
        try {
            screen = new TerminalScreen(terminal);
            screen.startScreen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        gui = new MultiWindowTextGUI(new SameTextGUIThread.Factory(), screen);
        gui.setTheme(Themes.of(new TuiOptions(true, false)));
        InstantSource clock = () -> now;
        ui = new Ui(gui, new Session("test:7070"), clock, new TuiOptions(true, false));
        shell = new Shell(ui, () -> connectResult, () -> quit = true);
        terminal.addResizeListener((t, size) -> ui.later(() -> shell.applySize(size)));
    }

    Harness start() {
        shell.start();
        pump();
        return this;
    }

    /** Logs in as alice with the given cart, landing on the board. */
    Harness loggedIn(List<SegmentInfo> board, List<Hold> cart) {
        when(client.login(any(), any()))
                .thenReturn(CompletableFuture.completedFuture(new Response.AccountLoginOk("1", "alice", "t")));
        when(client.board(any(), any())).thenReturn(CompletableFuture.completedFuture(board));
        when(client.cart())
                .thenReturn(CompletableFuture.completedFuture(new Response.CartGetOk(
                        "2", cart, cart.stream().mapToLong(Hold::priceCents).sum())));
        start();
        type("alice");
        press(KeyType.Tab);
        type("secret123");
        press(KeyType.Enter);
        awaitText("flights, live");
        return this;
    }

    /** Processes input and queued GUI tasks until nothing is left to do. */
    void pump() {
        try {
            for (int i = 0; i < 10; i++) {
                gui.getGUIThread().processEventsAndUpdate();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void press(KeyType key) {
        press(new KeyStroke(key));
    }

    void press(char c) {
        press(new KeyStroke(c, false, false));
    }

    void press(KeyStroke key) {
        terminal.addInput(key);
        pump();
    }

    void type(String text) {
        text.chars().forEach(c -> terminal.addInput(new KeyStroke((char) c, false, false)));
        pump();
    }

    void resize(int columns, int rows) {
        terminal.setTerminalSize(new TerminalSize(columns, rows));
        pump();
    }

    void tick(Duration elapsed) {
        now = now.plus(elapsed);
        shell.tick();
        pump();
    }

    String text() {
        TerminalSize size = terminal.getTerminalSize();
        StringBuilder out = new StringBuilder();
        for (int row = 0; row < size.getRows(); row++) {
            StringBuilder line = new StringBuilder();
            for (int col = 0; col < size.getColumns(); col++) {
                line.append(
                        terminal.getCharacter(new TerminalPosition(col, row)).getCharacterString());
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** The screen line holding {@code needle}, or fails showing the whole screen. */
    String lineWith(String needle) {
        return text().lines()
                .filter(l -> l.contains(needle))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line with \"" + needle + "\" on screen:\n" + text()));
    }

    /** Pumps until {@code expected} is on screen, failing with the screen after a deadline. */
    void awaitText(String expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!text().contains(expected)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("\"" + expected + "\" never appeared; screen:\n" + text());
            }
            pump();
        }
    }

    void assertNoText(String unexpected) {
        if (text().contains(unexpected)) {
            throw new AssertionError("\"" + unexpected + "\" should not be on screen:\n" + text());
        }
    }

    @Override
    public void close() throws IOException {
        screen.stopScreen();
    }

    static SegmentInfo segment(String flight, String from, String to, int free) {
        Instant dep = Instant.parse("2026-11-27T13:15:00Z");
        return new SegmentInfo(
                flight + "-2026-11-27", flight, from, to, dep, dep.plus(Duration.ofMinutes(185)), 45_090, free, 180);
    }

    static Hold hold(String id, SegmentInfo s, List<String> seats, Instant expiresAt) {
        return new Hold(
                id,
                List.of(new HeldSegment(s.segment(), s.flight(), s.from(), s.to(), s.departure(), seats)),
                seats.size(),
                s.priceCents() * seats.size(),
                expiresAt);
    }
}
