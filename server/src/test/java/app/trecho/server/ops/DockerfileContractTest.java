package app.trecho.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.trecho.server.config.ConfigException;
import app.trecho.server.config.Option;
import app.trecho.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile's runtime contract as text (no Docker engine here); {@link DockerfileContractIT}
 * runs the same command lines against the built jar.
 */
class DockerfileContractTest {
    /** {@code docker stop}'s default wait between SIGTERM and SIGKILL. */
    static final Duration DOCKER_STOP_TIMEOUT = Duration.ofSeconds(10);

    private final DockerfileSpec spec = DockerfileSpec.load();

    DockerfileContractTest() throws IOException {}

    @Test
    void buildsOnAPinnedJdkAndRunsOnAPinnedJre() {
        assertEquals(2, spec.froms().size(), spec.froms()::toString);
        for (String from : spec.froms()) {
            assertTrue(from.matches("eclipse-temurin:25\\.\\d+\\.\\d+_\\d+-j(dk|re)-\\w+( AS \\w+)?"), from);
        }
        assertTrue(spec.froms().getFirst().contains("-jdk-"), spec.froms()::toString);
        assertTrue(spec.froms().getLast().contains("-jre-"), spec.froms()::toString);
    }

    @Test
    void runtimeRunsAsANonRootUserWithADataVolumeAndPort7070() {
        assertNotNull(spec.user(), "USER is set");
        String user = spec.user().split(":")[0];
        assertFalse(Set.of("", "root", "0").contains(user), "runs as root: " + spec.user());
        assertEquals(List.of("/data"), spec.volumes());
        assertEquals(List.of("7070"), spec.exposed());
        assertEquals("7070", spec.env().get(Option.PORT.env()));
        assertEquals("/data", spec.env().get(Option.DATA_DIR.env()));
        assertEquals("0.0.0.0", spec.env().get(Option.BIND.env()), "reachable from outside the container");
    }

    @Test
    void entrypointIsTheExecFormOfJavaDashJarSoSigtermReachesTheJvm() {
        List<String> entrypoint = spec.entrypoint();
        assertNotNull(entrypoint);
        assertEquals("java", entrypoint.getFirst());
        int jar = entrypoint.indexOf("-jar");
        assertTrue(jar > 0, entrypoint::toString);
        assertEquals("/app/trecho-server.jar", entrypoint.get(jar + 1));
        assertEquals(jar + 2, entrypoint.size(), "configuration comes from ENV, not flags: " + entrypoint);
        assertTrue(spec.cmd() == null || spec.cmd().isEmpty(), "no CMD flags: " + spec.cmd());
    }

    @Test
    void healthcheckRunsTheJarsHealthCommandWithinItsTimeout() {
        List<String> health = spec.healthcheck();
        assertNotNull(health);
        assertEquals("java", health.getFirst());
        assertEquals(
                List.of("-jar", "/app/trecho-server.jar", "health"), health.subList(health.size() - 3, health.size()));
        Duration timeout =
                Duration.parse("PT" + spec.healthOptions().get("timeout").toUpperCase());
        assertTrue(timeout.compareTo(Commands.TIMEOUT.plusSeconds(5)) >= 0, "room for a JVM start: " + timeout);
    }

    @Test
    void everyVariableTheImageSetsIsAServerSettingAndParses() throws ConfigException {
        Set<String> known = Arrays.stream(Option.values()).map(Option::env).collect(Collectors.toSet());
        for (String name : spec.env().keySet()) {
            assertTrue(known.contains(name), name + " is not a server setting");
        }
        assertFalse(spec.env().containsKey(Option.OPERATOR_TOKEN.env()), "never bake the operator token in");
        ServerConfig.parse(List.of(), spec.env());
    }

    @Test
    void shutdownGraceLeavesRoomInsideDockersStopTimeout() throws ConfigException {
        Duration grace = ServerConfig.parse(List.of(), spec.env()).shutdownGrace();
        // the grace, one more second to abort stragglers, then the JVM exits: all before SIGKILL
        assertTrue(grace.plusSeconds(3).compareTo(DOCKER_STOP_TIMEOUT) <= 0, "shutdown grace " + grace);
    }

    @Test
    void everyServerFlagHasItsVariableInTheReadmeTable() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("## Running in Docker and operations");
        assertTrue(section >= 0, "README has the Docker section");
        Matcher rows = Pattern.compile("(?m)^\\| `(TRECHO_[A-Z0-9_]+)` \\| `(--[a-z0-9-]+)` \\|")
                .matcher(readme.substring(section));
        Set<String> documented = new TreeSet<>();
        while (rows.find()) {
            Option option = Arrays.stream(Option.values())
                    .filter(o -> o.env().equals(rows.group(1)))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("README documents unknown " + rows.group(1)));
            assertEquals(option.flag(), rows.group(2), "flag of " + option.env());
            documented.add(rows.group(1));
        }
        Set<String> all =
                Arrays.stream(Option.values()).map(Option::env).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(all, documented);
    }

    @Test
    void parserReadsContinuationsQuotesCommentsAndStages() {
        DockerfileSpec s = DockerfileSpec.parse("""
                FROM a:1 AS build
                ENV JUNK=1
                USER root
                FROM b:2
                # comment
                ENV A=1 \\
                    B="two words"
                ENV C 3
                USER 10:10
                VOLUME ["/x", "/y"]
                EXPOSE 80/tcp 81
                HEALTHCHECK --interval=5s --timeout=2s \\
                    CMD ["probe", "now"]
                ENTRYPOINT ["run", "--it"]
                """);
        assertEquals(List.of("a:1 AS build", "b:2"), s.froms());
        assertEquals(java.util.Map.of("A", "1", "B", "two words", "C", "3"), s.env());
        assertEquals("10:10", s.user());
        assertEquals(List.of("/x", "/y"), s.volumes());
        assertEquals(List.of("80", "81"), s.exposed());
        assertEquals(java.util.Map.of("interval", "5s", "timeout", "2s"), s.healthOptions());
        assertEquals(List.of("probe", "now"), s.healthcheck());
        assertEquals(List.of("run", "--it"), s.entrypoint());
    }

    @Test
    void shellFormEntrypointIsRejected() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> DockerfileSpec.parse("FROM x:1\nENTRYPOINT java -jar app.jar\n"));
        assertTrue(e.getMessage().startsWith("not the exec form"), e.getMessage());
    }
}
