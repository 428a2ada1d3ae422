package app.trecho.client;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged server ({@code server/target/trecho-server.jar}) as a real process, for the ITs. */
final class ServerJar implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("listening on [^ ]+:(\\d+) ");

    private final Process process;
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final List<String> output = new ArrayList<>();

    private ServerJar(Process process) {
        this.process = process;
        Thread.ofVirtual().name("server-jar-output").start(this::pump);
    }

    /** Starts the jar on a free loopback port over {@code dataDir} and waits until it listens. */
    static ServerJar start(Path dataDir) throws IOException, InterruptedException {
        Path jar = Path.of("..", "server", "target", "trecho-server.jar")
                .toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(jar)) {
            fail("no " + jar + ": build with `./mvnw -pl tui-client -am verify`");
        }
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.app.trecho.server.TrechoServer=info",
                "-jar",
                jar.toString(),
                "--port",
                "0",
                "--bind",
                "127.0.0.1",
                "--data-dir",
                dataDir.toString(),
                "--pbkdf2-iterations",
                "1000");
        ServerJar server = new ServerJar(
                new ProcessBuilder(command).redirectErrorStream(true).start());
        server.awaitListening();
        return server;
    }

    int port() {
        return port.getNow(-1);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed on the way out. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(START.toSeconds(), TimeUnit.SECONDS)) {
            fail("the server survived kill -9");
        }
    }

    private void awaitListening() throws InterruptedException {
        try {
            port.get(START.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            kill();
            fail("the server did not start listening: " + e + "\n" + String.join("\n", output()));
        }
    }

    private synchronized List<String> output() {
        return List.copyOf(output);
    }

    private void pump() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (this) {
                    output.add(line);
                }
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IOException("the server's output ended"));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
