package app.trecho.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import app.trecho.protocol.Request;
import app.trecho.protocol.Response;
import app.trecho.protocol.model.Booking;
import app.trecho.protocol.model.Hold;
import app.trecho.server.config.Option;
import app.trecho.server.it.TestClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs what the image runs, without Docker: the Dockerfile's ENTRYPOINT (with {@code /app/trecho-
 * server.jar} mapped to the built jar, {@code /data} to a temp dir and TRECHO_PORT to a free port),
 * configured by its ENV lines alone; its HEALTHCHECK command exactly as written; a booking over a
 * raw socket; SIGTERM as {@code docker stop} sends it (within its 10 s); and a restart on the same
 * data dir.
 *
 * <p>Exit code on SIGTERM: the JVM runs the shutdown hook (graceful close) and exits with 143
 * (128 + 15), which is also what {@code docker stop} reports for a clean stop; 0 is not expected
 * because the server never calls {@code System.exit} on the signal path.
 */
class DockerfileContractIT {
    private static final Path JAR = Path.of("target", "trecho-server.jar").toAbsolutePath();
    private static final String IMAGE_JAR = "/app/trecho-server.jar";
    private static final String IMAGE_DATA = "/data";
    private static final String TOKEN = "docker-contract-operator-token";
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path data;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** A running server process and every line it printed so far. */
    private record Server(Process process, List<String> output, Thread reader) {
        String text() {
            return String.join("\n", output);
        }
    }

    @Test
    void theImageCommandsServeFromTheEnvironmentStopOnSigtermAndKeepTheData() throws Exception {
        DockerfileSpec spec = DockerfileSpec.load();
        int port = freePort();
        Map<String, String> env = containerEnv(spec, port);

        Server first = start(spec, env);
        String startup = awaitHealthy(spec, env, first);
        assertTrue(startup.contains("listening on 0.0.0.0:" + port), startup);
        assertTrue(startup.contains("data-dir=" + data), startup);
        assertTrue(startup.matches(".*durability=\\S+.*"), startup);

        String reference;
        try (TestClient ana = TestClient.registered(port, "ana.docker")) {
            Hold hold = AdminStatusTest.hold(ana, AdminStatusTest.futureSegment(ana), "docker-hold-1");
            Response r = ana.call(new Request.CartPurchase(ana.nextId(), "docker-buy-1", List.of(hold.holdId())));
            reference = assertInstanceOf(Response.CartPurchaseOk.class, r, r::toString)
                    .booking()
                    .reference();
        }
        Run status = runJar(env, "status");
        assertEquals(0, status.code(), status.out());
        assertTrue(status.out().contains("accounts 1, live holds 0, bookings 1"), status.out());

        stopLikeDocker(first);

        Server second = start(spec, env);
        String restarted = awaitHealthy(spec, env, second);
        try (TestClient ana = TestClient.handshaken(port)) {
            Request.AccountLogin login = new Request.AccountLogin(ana.nextId(), "ana.docker", "password-of-ana.docker");
            assertTrue(restarted.contains("durability=sqlite"), restarted);
            assertInstanceOf(Response.AccountLoginOk.class, ana.call(login));
            Response r = ana.call(new Request.BookingList(ana.nextId()));
            List<Booking> bookings = assertInstanceOf(Response.BookingListOk.class, r, r::toString)
                    .bookings();
            assertEquals(
                    List.of(reference),
                    bookings.stream().map(Booking::reference).toList());
        }
        stopLikeDocker(second);
    }

    @Test
    void helpListsEveryFlagAndTheSubcommands() throws Exception {
        Run help = runJar(Map.of(), "--help");
        assertEquals(0, help.code(), help.out());
        for (Option o : Option.values()) {
            assertTrue(help.out().contains(o.flag()) && help.out().contains(o.env()), o + " in " + help.out());
        }
        assertTrue(help.out().contains("health [--host H] [--port N]"), help.out());
        assertTrue(help.out().contains("status [--host H] [--port N]"), help.out());
    }

    @Test
    void theHealthCommandOfTheJarExitsOneWhenNothingListens() throws Exception {
        int port = freePort();
        Run health = runJar(Map.of("TRECHO_PORT", String.valueOf(port)), "health");
        assertEquals(1, health.code(), health.out());
        assertEquals(
                "unhealthy: cannot connect to 127.0.0.1:" + port + ": Connection refused",
                health.out().strip());
    }

    /** The Dockerfile's ENV with the image paths mapped, on a free port, plus a run-time token. */
    private Map<String, String> containerEnv(DockerfileSpec spec, int port) {
        Map<String, String> env = new HashMap<>();
        spec.env().forEach((k, v) -> env.put(k, mapPath(v)));
        env.put(Option.PORT.env(), String.valueOf(port)); // what `docker run -p` makes unnecessary
        env.put(Option.OPERATOR_TOKEN.env(), TOKEN); // `docker run -e TRECHO_OPERATOR_TOKEN=...`
        return env;
    }

    private String mapPath(String value) {
        if (value.equals(IMAGE_JAR)) {
            return JAR.toString();
        }
        if (value.equals(IMAGE_DATA) || value.startsWith(IMAGE_DATA + "/")) {
            return data + value.substring(IMAGE_DATA.length());
        }
        return value;
    }

    /** An exec-form command as the container would run it here: our JDK's java, the built jar. */
    private List<String> command(List<String> exec) {
        List<String> out = new ArrayList<>();
        for (String arg : exec) {
            out.add(
                    arg.equals("java")
                            ? Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString()
                            : mapPath(arg));
        }
        return out;
    }

    /** Only the environment configures the process: inherited TRECHO_* variables are removed. */
    private ProcessBuilder builder(List<String> command, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("TRECHO_"));
        pb.environment().putAll(env);
        return pb;
    }

    private Server start(DockerfileSpec spec, Map<String, String> env) throws IOException {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by `package` before this IT runs");
        List<String> exec = new ArrayList<>(spec.entrypoint());
        if (spec.cmd() != null) {
            exec.addAll(spec.cmd());
        }
        ProcessBuilder pb = builder(command(exec), env)
                .directory(Path.of(mapPath(spec.workdir())).toFile());
        Process process = pb.start();
        started.add(process);
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().name("server-output").start(() -> {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(output::add);
            } catch (IOException | UncheckedIOException e) {
                output.add("(reading the output failed: " + e + ")");
            }
        });
        return new Server(process, output, reader);
    }

    /**
     * Runs the HEALTHCHECK command until it passes (deadline, no sleeps: each attempt is a JVM start);
     * returns the server's one start-up line.
     */
    private String awaitHealthy(DockerfileSpec spec, Map<String, String> env, Server server) throws Exception {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        Run last = null;
        while (System.nanoTime() < deadline) {
            if (!server.process().isAlive()) {
                fail("server exited with " + server.process().exitValue() + ":\n" + server.text());
            }
            last = run(command(spec.healthcheck()), env);
            if (last.code() == 0) {
                assertTrue(
                        last.out().strip().matches("healthy: 127\\.0\\.0\\.1:\\d+ answered ping in \\d+ ms"),
                        last.out());
                List<String> startup = server.output().stream()
                        .filter(l -> l.contains("listening on"))
                        .toList();
                assertEquals(1, startup.size(), server::text);
                return startup.getFirst();
            }
            assertEquals(1, last.code(), last.out());
        }
        fail("not healthy within " + START_DEADLINE + "; last health: " + last + "\nserver:\n" + server.text());
        return null;
    }

    /** SIGTERM, as `docker stop` sends it, then the wait Docker grants before SIGKILL. */
    private static void stopLikeDocker(Server server) throws InterruptedException {
        // ProcessHandle.destroy sends SIGTERM like Process.destroy, but leaves the output readable
        assertTrue(server.process().toHandle().destroy(), "SIGTERM sent");
        boolean exited =
                server.process().waitFor(DockerfileContractTest.DOCKER_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(
                exited,
                () -> "still running " + DockerfileContractTest.DOCKER_STOP_TIMEOUT + " after SIGTERM:\n"
                        + server.text());
        assertEquals(143, server.process().exitValue(), server::text);
        assertTrue(server.reader().join(Duration.ofSeconds(10)), "the output of an exited process ends");
        assertTrue(server.output().stream().anyMatch(l -> l.contains("TrechoServer - stopped")), server::text);
    }

    private record Run(int code, String out) {}

    private Run runJar(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java", "-jar", IMAGE_JAR));
        cmd.addAll(List.of(args));
        return run(command(cmd), env);
    }

    private Run run(List<String> command, Map<String, String> env) throws Exception {
        Process p = builder(command, env).directory(data.toFile()).start();
        started.add(p);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), () -> command + " did not finish");
        return new Run(p.exitValue(), out);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
