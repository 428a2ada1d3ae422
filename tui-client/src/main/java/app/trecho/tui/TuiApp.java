package app.trecho.tui;

import com.googlecode.lanterna.gui2.MultiWindowTextGUI;
import com.googlecode.lanterna.gui2.SameTextGUIThread;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the TUI in a terminal: a forced text terminal with the given charset, Ctrl-C trapped, one
 * GUI loop on the calling thread that sleeps ~20 ms when idle, and the terminal restored on every
 * way out (quit, exception, SIGTERM via a shutdown hook).
 */
public final class TuiApp {
    private static final long IDLE_SLEEP_MS = 20;
    private static final Duration TICK = Duration.ofMillis(500);

    private final MultiWindowTextGUI gui;
    private final Shell shell;
    private final AtomicBoolean running = new AtomicBoolean(true);

    TuiApp(TerminalScreen screen, String server, Connector connector, TuiOptions options, InstantSource clock) {
        this.gui = new MultiWindowTextGUI(new SameTextGUIThread.Factory(), screen);
        gui.setTheme(Themes.of(options));
        Ui ui = new Ui(gui, new Session(server), clock, options);
        this.shell = new Shell(ui, connector, () -> running.set(false));
        screen.getTerminal().addResizeListener((terminal, size) -> ui.later(() -> shell.applySize(size)));
    }

    Shell shell() {
        return shell;
    }

    MultiWindowTextGUI gui() {
        return gui;
    }

    boolean running() {
        return running.get();
    }

    /**
     * Opens the TUI on this process's terminal and returns when the user quits.
     *
     * @param server {@code host:port}, shown until connected
     */
    public static void run(String server, Connector connector, TuiOptions options, Charset charset) throws IOException {
        run(System.in, System.out, server, connector, options, charset);
    }

    static void run(
            InputStream in, OutputStream out, String server, Connector connector, TuiOptions options, Charset charset)
            throws IOException {
        Terminal terminal = new DefaultTerminalFactory(out, in, charset)
                .setForceTextTerminal(true)
                .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP)
                .createTerminal();
        TerminalScreen screen = new TerminalScreen(terminal);
        Thread restore = new Thread(() -> stopQuietly(screen), "trecho-tui-restore");
        Runtime.getRuntime().addShutdownHook(restore);
        try {
            screen.startScreen();
            screen.setCursorPosition(null);
            TuiApp app = new TuiApp(screen, server, connector, options, InstantSource.system());
            app.loop();
        } finally {
            stopQuietly(screen);
            try {
                Runtime.getRuntime().removeShutdownHook(restore);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting (SIGTERM): the hook restores the terminal itself.
            }
        }
    }

    private void loop() throws IOException {
        shell.start();
        long nextTick = 0;
        while (running.get()) {
            boolean busy;
            try {
                busy = gui.getGUIThread().processEventsAndUpdate();
            } catch (EOFException closed) {
                return;
            }
            long now = System.nanoTime();
            if (now - nextTick >= 0) {
                nextTick = now + TICK.toNanos();
                shell.tick();
            }
            if (!busy) {
                try {
                    Thread.sleep(IDLE_SLEEP_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void stopQuietly(Screen screen) {
        try {
            screen.stopScreen();
        } catch (IOException | RuntimeException e) {
            // The terminal may already be gone (closed pty); nothing else can be restored.
            System.err.println("trecho: could not restore the terminal: " + e.getMessage());
        }
    }
}
