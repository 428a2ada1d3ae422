package app.trecho.server.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the tests need of the top-level Dockerfile, read the way Docker reads it: continuation lines
 * joined, comments dropped, and the runtime settings (ENV, USER, VOLUME, EXPOSE, WORKDIR,
 * HEALTHCHECK, ENTRYPOINT, CMD) taken from the last stage. Exec forms must be JSON arrays.
 */
record DockerfileSpec(
        List<String> froms,
        Map<String, String> env,
        String user,
        List<String> volumes,
        List<String> exposed,
        String workdir,
        Map<String, String> healthOptions,
        List<String> healthcheck,
        List<String> entrypoint,
        List<String> cmd) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The Dockerfile at the repository root (tests run in the server module). */
    static DockerfileSpec load() throws IOException {
        return parse(Files.readString(Path.of("..", "Dockerfile")));
    }

    static DockerfileSpec parse(String text) {
        List<String> froms = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        String user = null;
        List<String> volumes = new ArrayList<>();
        List<String> exposed = new ArrayList<>();
        String workdir = null;
        Map<String, String> healthOptions = new LinkedHashMap<>();
        List<String> healthcheck = null;
        List<String> entrypoint = null;
        List<String> cmd = null;
        for (String line : logicalLines(text)) {
            int space = line.indexOf(' ');
            String instruction = (space < 0 ? line : line.substring(0, space)).toUpperCase(java.util.Locale.ROOT);
            String rest = space < 0 ? "" : line.substring(space + 1).trim();
            switch (instruction) {
                case "FROM" -> {
                    froms.add(rest);
                    // a new stage starts from nothing of the previous one
                    env.clear();
                    user = null;
                    volumes.clear();
                    exposed.clear();
                    workdir = null;
                    healthOptions.clear();
                    healthcheck = null;
                    entrypoint = null;
                    cmd = null;
                }
                case "ENV" -> env.putAll(envPairs(rest));
                case "USER" -> user = rest;
                case "VOLUME" -> volumes.addAll(rest.startsWith("[") ? execForm(rest) : words(rest));
                case "EXPOSE" -> words(rest).forEach(p -> exposed.add(p.replaceFirst("/tcp$", "")));
                case "WORKDIR" -> workdir = rest;
                case "ENTRYPOINT" -> entrypoint = execForm(rest);
                case "CMD" -> cmd = execForm(rest);
                case "HEALTHCHECK" -> {
                    healthOptions.clear();
                    String h = rest;
                    while (h.startsWith("--")) {
                        int end = h.indexOf(' ');
                        String option = h.substring(2, end);
                        int eq = option.indexOf('=');
                        healthOptions.put(option.substring(0, eq), option.substring(eq + 1));
                        h = h.substring(end + 1).trim();
                    }
                    if (!h.startsWith("CMD ")) {
                        throw new IllegalArgumentException("HEALTHCHECK needs CMD: " + line);
                    }
                    healthcheck = execForm(h.substring(4).trim());
                }
                default -> {} // RUN, COPY, ARG, LABEL...: build steps, not the runtime contract
            }
        }
        return new DockerfileSpec(
                froms, env, user, volumes, exposed, workdir, healthOptions, healthcheck, entrypoint, cmd);
    }

    /** Instructions with their continuation lines joined; comments and blank lines dropped. */
    static List<String> logicalLines(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String joined = current.toString().replaceAll("\\s+", " ").trim();
            if (!joined.isEmpty()) {
                out.add(joined);
            }
            current.setLength(0);
        }
        return out;
    }

    /** A JSON array of strings; anything else (the shell form) is an error. */
    private static List<String> execForm(String text) {
        if (!text.startsWith("[")) {
            throw new IllegalArgumentException("not the exec form (a JSON array): " + text);
        }
        try {
            List<String> out = new ArrayList<>();
            JSON.readTree(text).forEach(n -> {
                if (!n.isString()) {
                    throw new IllegalArgumentException("exec form holds a non-string: " + text);
                }
                out.add(n.stringValue());
            });
            return List.copyOf(out);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("exec form is not JSON: " + text, e);
        }
    }

    /** {@code K=V K2="v 2"} (or the legacy single {@code K V}). */
    private static Map<String, String> envPairs(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!text.contains("=")) {
            int space = text.indexOf(' ');
            out.put(text.substring(0, space), text.substring(space + 1).trim());
            return out;
        }
        int i = 0;
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            String key = text.substring(i, eq).trim();
            int v = eq + 1;
            String value;
            if (v < text.length() && text.charAt(v) == '"') {
                int close = text.indexOf('"', v + 1);
                value = text.substring(v + 1, close);
                i = close + 1;
            } else {
                int end = text.indexOf(' ', v);
                end = end < 0 ? text.length() : end;
                value = text.substring(v, end);
                i = end;
            }
            out.put(key, value);
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
        }
        return out;
    }

    private static List<String> words(String text) {
        return List.of(text.trim().split("\\s+"));
    }
}
