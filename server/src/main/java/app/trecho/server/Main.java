package app.trecho.server;

import app.trecho.server.config.ConfigException;
import app.trecho.server.config.ServerConfig;
import app.trecho.server.ops.Commands;
import app.trecho.server.store.StoreException;
import java.io.IOException;
import java.util.List;

/**
 * {@code java -jar trecho-server.jar [flags]}: parses the configuration, starts the server and
 * shuts it down gracefully on SIGTERM or Ctrl-C. Exit code 2 for a bad setting, 1 when the server
 * cannot start (also an unusable data directory or database). {@code health} and {@code status} run
 * the operator commands ({@link Commands}); {@code backup} copies the database ({@link BackupCommand}).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        List<String> arguments = List.of(args);
        if (BackupCommand.isCommand(arguments)) {
            System.exit(BackupCommand.run(arguments, System.getenv(), System.out));
            return;
        }
        if (Commands.isCommand(arguments)) {
            System.exit(Commands.run(arguments, System.getenv(), System.out));
            return;
        }
        if (ServerConfig.wantsHelp(arguments)) {
            System.out.print(ServerConfig.help());
            System.out.print(Commands.help());
            System.out.print(BackupCommand.help());
            return;
        }
        BufferedLog.install();
        TrechoServer server;
        try {
            server = TrechoServer.start(ServerConfig.parse(arguments, System.getenv()));
        } catch (ConfigException e) {
            System.err.println("trecho-server: " + e.getMessage());
            System.exit(2);
            return;
        } catch (IOException e) {
            System.err.println("trecho-server: cannot listen: " + e.getMessage());
            System.exit(1);
            return;
        } catch (StoreException e) {
            System.err.println("trecho-server: " + e.getMessage()); // names the path; no stack trace
            System.exit(1);
            return;
        } catch (OutOfMemoryError e) {
            System.err.println("trecho-server: out of memory while starting (" + e.getMessage()
                    + "); give the JVM a larger heap (-Xmx) for this data directory");
            System.exit(1);
            return;
        }
        BufferedLog.flush(); // "listening on" now: whoever started the server may be waiting for it
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            BufferedLog.flush();
                        },
                        "trecho-shutdown"));
        server.awaitClosed();
    }
}
