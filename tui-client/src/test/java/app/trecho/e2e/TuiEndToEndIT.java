package app.trecho.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged TUI in a real terminal: the server jar on a free port, two TUI clients in tmux at
 * 80x24. One registers, searches, holds a seat and purchases; the other's purchase shows up live on
 * the first one's board; the first survives a resize to 120x40 and back.
 */
class TuiEndToEndIT {
    private static final Duration SLOW = Duration.ofSeconds(90); // registration hashes a password
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("listening on [0-9.]+:(\\d+)");

    private final Path tuiJar = Path.of("target", "trecho.jar").toAbsolutePath();
    private final Path serverJar = Path.of("..", "server", "target", "trecho-server.jar")
            .toAbsolutePath()
            .normalize();
    private final String java = ProcessHandle.current().info().command().orElse("java");
    private Tmux tmux;
    private Process server;
    private Path work;

    @BeforeEach
    void startServer() throws IOException {
        Assumptions.assumeTrue(Tmux.available(), "tmux is not installed");
        assertTrue(Files.exists(tuiJar), "run after package: " + tuiJar);
        assertTrue(Files.exists(serverJar), "the server module builds first: " + serverJar);
        work = Files.createTempDirectory("trecho-e2e-");
        Path log = work.resolve("server.log");
        server = new ProcessBuilder(
                        java,
                        "-jar",
                        serverJar.toString(),
                        "--port",
                        "0",
                        "--bind",
                        "127.0.0.1",
                        "--data-dir",
                        work.resolve("data").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        tmux = new Tmux();
    }

    @AfterEach
    void stopEverything() {
        if (tmux != null) {
            tmux.close();
        }
        if (server != null) {
            server.destroyForcibly();
        }
    }

    @Test
    void bookAFlightAndSeeAnotherCustomersPurchaseLive() throws IOException {
        int port = serverPort();
        String tui = "LANG=C.UTF-8 '" + java + "' -jar '" + tuiJar + "' --server 127.0.0.1:" + port;
        tmux.newSession("a", 80, 24, tui);
        tmux.newSession("b", 80, 24, tui);
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(100_000, 999_999));
        register("a", "ann" + suffix);
        register("b", "ben" + suffix);

        // Customer A: search, pick a seat, hold, purchase, see the booking.
        tmux.keys("a", "F3");
        tmux.awaitText("a", STEP, "[Search F3]");
        tmux.literal("a", "GRU");
        tmux.keys("a", "Tab");
        tmux.literal("a", "REC");
        tmux.keys("a", "Enter");
        tmux.await("a", STEP, "search results", s -> s.contains("itineraries, sorted by"));
        tmux.keys("a", "Enter");
        tmux.awaitText("a", STEP, "Leg 1 of");
        tmux.keys("a", "Space");
        tmux.awaitText("a", STEP, "picked on this leg: 1A (1/1)");
        tmux.keys("a", "Enter");
        tmux.awaitText("a", STEP, "[Cart F4]");
        tmux.awaitText("a", STEP, "1 hold, expires in");
        tmux.keys("a", "p");
        tmux.awaitText("a", STEP, "Purchase everything in your cart?");
        tmux.keys("a", "y");
        String booked = tmux.awaitText("a", STEP, "Booking reference: ");
        Matcher ref = Pattern.compile("Booking reference: ([A-HJ-NP-Z2-9]{6})").matcher(booked);
        assertTrue(ref.find(), booked);
        tmux.keys("a", "F5");
        tmux.await("a", STEP, "the booking in My bookings", s -> s.contains("My bookings") && s.contains(ref.group(1)));

        // A watches the board; B buys a seat on the sixth flight shown there.
        tmux.keys("a", "F2");
        // Wait for the rows too: a capture can catch the terminal between the header's redraw and
        // the table's (seen once in CI: the new header above the old screen's rows).
        String board = tmux.await(
                "a",
                STEP,
                "the board with its rows",
                s -> s.contains("flights, live")
                        && s.contains("Departure")
                        && boardRows(s).size() >= 6);
        List<String> rows = boardRows(board);
        String[] row = rows.get(5).substring(2).trim().split("\\s+");
        String flight = row[0];
        String before = freeColumn(board, flight);
        tmux.keys("b", "j", "j", "j", "j", "j");
        tmux.await("b", STEP, "the sixth row selected", s -> lineWith(s, flight).startsWith(">"));
        tmux.keys("b", "Enter");
        // As with the board: wait for the result rows themselves, not only the header.
        String results = tmux.await(
                "b",
                STEP,
                "search results with the direct " + flight,
                s -> s.contains("itineraries, sorted by") && directRow(s, flight) >= 0);
        int index = directRow(results, flight);
        for (int i = 0; i < index; i++) {
            tmux.keys("b", "j");
        }
        int chosen = index;
        tmux.await(
                "b",
                STEP,
                "the direct flight selected",
                s -> s.lines()
                        .filter(l -> l.matches("^[ >] \\d\\d:\\d\\d-.*"))
                        .skip(chosen)
                        .findFirst()
                        .orElse("")
                        .startsWith(">"));
        tmux.keys("b", "Enter");
        tmux.awaitText("b", STEP, "Leg 1 of");
        tmux.keys("b", "a");
        tmux.awaitText("b", STEP, "[Cart F4]");
        tmux.keys("b", "p");
        tmux.awaitText("b", STEP, "Purchase everything in your cart?");
        tmux.keys("b", "y");
        tmux.awaitText("b", STEP, "Booking reference: ");

        // No key pressed on A: its board shows one seat fewer on that flight.
        int freeBefore = Integer.parseInt(before.split("/")[0]);
        String expected = (freeBefore - 1) + "/";
        tmux.await(
                "a",
                STEP,
                flight + " at " + expected,
                s -> freeColumn(s, flight).startsWith(expected));

        // Resize up and back: the screen re-lays out and keeps working.
        tmux.resize("a", 120, 40);
        tmux.await("a", STEP, "the status bar on row 40", s -> statusRow(s, 39));
        tmux.resize("a", 60, 16);
        tmux.awaitText("a", STEP, "needs 80x24, you have 60x16");
        tmux.resize("a", 80, 24);
        tmux.await("a", STEP, "the status bar back on row 24", s -> statusRow(s, 23) && s.contains("flights, live"));
        tmux.keys("a", "q");
        tmux.awaitText("a", STEP, "EXIT=0");
    }

    private void register(String session, String username) {
        tmux.awaitText(session, STEP, "(connected)");
        tmux.literal(session, username);
        tmux.keys(session, "Tab");
        tmux.literal(session, "secret-password");
        tmux.keys(session, "Tab", "Tab", "Enter"); // the Register button
        tmux.awaitText(session, SLOW, "flights, live");
    }

    private int serverPort() throws IOException {
        Path log = work.resolve("server.log");
        long deadline = System.nanoTime() + STEP.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!server.isAlive()) {
                throw new AssertionError("the server exited:\n" + Files.readString(log));
            }
            Tmux.pause();
        }
        throw new AssertionError("the server never said where it listens:\n" + Files.readString(log));
    }

    private static boolean statusRow(String screen, int row) {
        List<String> lines = screen.lines().toList();
        return lines.size() > row && lines.get(row).contains("│ connected │");
    }

    private static String lineWith(String screen, String flight) {
        return screen.lines()
                .filter(l -> l.contains(" " + flight + " "))
                .findFirst()
                .orElse("");
    }

    /** The free/total column of the first board row of {@code flight}. */
    /** The index among the result rows of the last direct itinerary on {@code flight}, or -1. */
    private static int directRow(String screen, String flight) {
        List<String> found =
                screen.lines().filter(l -> l.matches("^[ >] \\d\\d:\\d\\d-.*")).toList();
        int index = -1;
        for (int i = 0; i < found.size(); i++) {
            if (found.get(i).contains("direct") && found.get(i).contains(flight)) {
                index = i;
            }
        }
        return index;
    }

    private static List<String> boardRows(String screen) {
        return screen.lines().filter(l -> l.matches("^[ >] TR\\d+ .*")).toList();
    }

    private static String freeColumn(String screen, String flight) {
        Matcher m = Pattern.compile("(\\d+/\\d+)").matcher(lineWith(screen, flight));
        return m.find() ? m.group(1) : "";
    }
}
