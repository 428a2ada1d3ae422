package app.trecho.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A private tmux server (its own socket, no user config) whose panes the test drives and reads. */
final class Tmux implements AutoCloseable {
    private final String socket = "trecho-e2e-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    static boolean available() {
        try {
            Process p =
                    new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts {@code command} in a new detached session of the given size; the pane stays after it exits. */
    void newSession(String name, int columns, int rows, String command) {
        run(
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                name,
                "-x",
                Integer.toString(columns),
                "-y",
                Integer.toString(rows),
                command + "; echo EXIT=$?; sleep 600");
    }

    void keys(String session, String... keys) {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        run(args.toArray(String[]::new));
    }

    void literal(String session, String text) {
        run("send-keys", "-t", session, "-l", text);
    }

    void resize(String session, int columns, int rows) {
        run("resize-window", "-t", session, "-x", Integer.toString(columns), "-y", Integer.toString(rows));
    }

    String screen(String session) {
        return run("capture-pane", "-p", "-t", session);
    }

    /** Polls the pane until {@code test} holds; fails with the whole screen after the deadline. */
    String await(String session, Duration timeout, String what, Predicate<String> test) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() - deadline < 0) {
            last = screen(session);
            if (test.test(last)) {
                return last;
            }
            pause();
        }
        throw new AssertionError("waited " + timeout + " for " + what + " in pane " + session + "; screen:\n" + last);
    }

    String awaitText(String session, Duration timeout, String text) {
        return await(session, timeout, "\"" + text + "\"", s -> s.contains(text));
    }

    static void pause() {
        try {
            // Polling interval of a deadline-bounded wait, not a timing assumption.
            TimeUnit.MILLISECONDS.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private String run(String... args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("tmux " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("tmux could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder("tmux", "-L", socket, "kill-server")
                    .redirectErrorStream(true)
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new AssertionError("could not kill the tmux server " + socket, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
