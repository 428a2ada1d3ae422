package app.trecho.cli;

import app.trecho.server.TrechoServer;
import app.trecho.server.config.ConfigException;
import app.trecho.server.config.ServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code trecho.jar demo}: an embedded server with the sample network on a free loopback port, in
 * memory, with its log in a temp file, and the TUI against it; the server stops when the TUI quits.
 */
final class Demo {
    private Demo() {}

    static int run(CliOptions options, PrintStream out) throws IOException {
        if (options.help()) {
            return Main.usage(out, 0);
        }
        // Before any logger exists, or the server's log lines would scribble over the screen.
        Path log = Main.logToFile("trecho-demo-");
        Path data = Files.createTempDirectory("trecho-demo-data-");
        ServerConfig config;
        try {
            config = ServerConfig.parse(
                    List.of("--port", "0", "--bind", "127.0.0.1", "--data-dir", data.toString()), Map.of());
        } catch (ConfigException e) {
            throw new IllegalStateException("the demo's own server settings are invalid: " + e.getMessage(), e);
        }
        TrechoServer server;
        try {
            server = TrechoServer.start(config);
        } catch (ConfigException e) {
            throw new IllegalStateException("the demo server could not load its network: " + e.getMessage(), e);
        }
        try {
            Main.openTui(options, "127.0.0.1:" + server.port());
        } finally {
            server.close();
        }
        out.println("trecho demo: bye. Server log: " + log);
        return 0;
    }
}
