package app.trecho.cli;

import app.trecho.bench.BenchCommand;
import app.trecho.client.ClientConfig;
import app.trecho.client.TrechoClients;
import app.trecho.tui.Connector;
import app.trecho.tui.TuiApp;
import app.trecho.tui.TuiOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar trecho.jar [--server host:port] [--no-color] [--ascii]} opens the TUI;
 * {@code demo} runs an embedded server with the sample network and the TUI against it;
 * {@code bench} is the load generator's entry.
 */
public final class Main {
    static final String USAGE = """
            Usage:
              java -jar trecho.jar [--server host:port] [--no-color] [--ascii]
                  Open the terminal UI against a booking server (default localhost:7070).
              java -jar trecho.jar demo [--no-color] [--ascii]
                  Start an embedded server with the sample network on a free port and open the UI.
              java -jar trecho.jar bench --scenario book|browse|race|mixed|connections [options]
                  Run the load generator against a server (bench --help for its options).
              java -jar trecho.jar --help

            Options:
              --server host:port  the booking server to use
              --no-color          monochrome (also when NO_COLOR is set)
              --ascii             plain ASCII drawing (automatic when the terminal is not UTF-8)

            Keys inside the UI: F1 or ? for help, F10 for the menu, q to quit.
            """;

    private Main() {}

    public static void main(String[] args) {
        int code = run(Arrays.asList(args), System.out, System.err);
        // Client and server threads may linger after the UI closes; the user asked to leave.
        System.exit(code);
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        String command = args.isEmpty() ? "" : args.getFirst();
        List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
        try {
            return switch (command) {
                case "demo" -> Demo.run(CliOptions.parse(rest), out);
                case "bench" -> {
                    // The library's per-connection info lines would bury the progress line and the
                    // report (10,000 connections = 10,000 lines); warnings and errors still show.
                    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
                    yield BenchCommand.overTcp(out, err).run(rest.toArray(String[]::new));
                }
                case "help" -> usage(out, 0);
                default -> tui(CliOptions.parse(args), out);
            };
        } catch (CliOptions.UsageException e) {
            err.println("trecho: " + e.getMessage());
            err.println();
            err.print(USAGE);
            return 2;
        } catch (IOException e) {
            err.println("trecho: terminal failure: " + e.getMessage());
            return 1;
        }
    }

    private static int tui(CliOptions options, PrintStream out) throws IOException {
        if (options.help()) {
            return usage(out, 0);
        }
        Path log = logToFile("trecho-client-");
        openTui(options, options.server());
        out.println("trecho: bye. Client log: " + log);
        return 0;
    }

    static int usage(PrintStream out, int code) {
        out.print(USAGE);
        return code;
    }

    /** Opens the TUI on this terminal against {@code server} and returns when the user quits. */
    static void openTui(CliOptions options, String server) throws IOException {
        Charset charset = terminalCharset();
        TuiOptions tui = TuiOptions.decide(options.noColor(), options.ascii(), System.getenv("NO_COLOR"), charset);
        ClientConfig config = ClientConfig.of(server).withClientName("trecho-tui");
        Connector connector = () -> TrechoClients.connectAsync(config);
        TuiApp.run(server, connector, tui, charset);
    }

    /**
     * The charset the terminal really uses: {@code stdout.encoding} (Java 18+ claims UTF-8 as the
     * default charset even under {@code LANG=C}).
     */
    static Charset terminalCharset() {
        String name = System.getProperty("stdout.encoding", System.getProperty("native.encoding"));
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return Charset.forName("US-ASCII");
        }
    }

    /**
     * Sends slf4j-simple's output to a temp file so no log line scribbles over the screen; must run
     * before the first logger is created.
     */
    static Path logToFile(String prefix) throws IOException {
        String configured = System.getProperty("org.slf4j.simpleLogger.logFile");
        if (configured != null) {
            return Path.of(configured);
        }
        Path file = Files.createTempFile(prefix, ".log");
        System.setProperty("org.slf4j.simpleLogger.logFile", file.toString());
        return file;
    }
}
