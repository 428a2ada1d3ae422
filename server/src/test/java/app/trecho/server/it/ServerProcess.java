package app.trecho.server.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged server jar ({@code target/trecho-server.jar}) run as a real process, for the ITs. */
final class ServerProcess implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("listening on [^ ]+:(\\d+) ");
    private static final String EOF = "\u0000eof";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();
    private int port;

    private ServerProcess(Process process) {
        this.process = process;
        Thread.ofVirtual().name("server-output").start(this::pump);
    }

    static Path jar() {
        Path jar = Path.of("target", "trecho-server.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            fail("no " + jar + ": run `./mvnw -pl server -am verify` (the jar is built in `package`)");
        }
        return jar;
    }

    /** Runs the jar with {@code args} and returns at once (see {@link #awaitListening}). */
    static ServerProcess launch(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Only warnings, plus the start-up lines the tests wait for: thousands of request lines would slow the load.
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-Dorg.slf4j.simpleLogger.log.app.trecho.server.TrechoServer=info");
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new ServerProcess(process);
    }

    /** Starts a server on a free loopback port over {@code dataDir} and waits until it listens. */
    static ServerProcess start(Path dataDir, String... flags) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "--port", "0", "--bind", "127.0.0.1", "--data-dir", dataDir.toString(), "--pbkdf2-iterations", "1000"));
        args.addAll(List.of(flags));
        ServerProcess server = launch(args);
        server.awaitListening();
        return server;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            String line = next(deadline);
            if (line == null || line.equals(EOF)) {
                fail("the server did not start listening; its output:\n" + String.join("\n", output()));
            }
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                return;
            }
        }
    }

    /** Waits for the process to end on its own; its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            fail("the server did not exit; its output:\n" + String.join("\n", output()));
        }
        // drain what it printed before exiting
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String line;
        while ((line = next(deadline)) != null && !line.equals(EOF)) {
            // collected by next()
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no final commit. */
    void killHard() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            fail("the server survived kill -9");
        }
    }

    synchronized List<String> output() {
        return List.copyOf(output);
    }

    private String next(long deadlineNanos) {
        try {
            String line = lines.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line != null && !line.equals(EOF)) {
                synchronized (this) {
                    output.add(line);
                }
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void pump() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(output unreadable: " + e.getMessage() + ")");
        }
        lines.add(EOF);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            killHard();
        }
    }
}
