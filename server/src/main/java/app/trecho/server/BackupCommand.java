package app.trecho.server;

import app.trecho.server.config.Option;
import app.trecho.server.store.SqliteStore;
import app.trecho.server.store.StoreException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code trecho-server.jar backup FILE [--data-dir DIR]}: writes a consistent copy of the database
 * while a server may be running on it (see server/STORAGE.md, "Online backup"). Exit 0 or 1.
 */
final class BackupCommand {
    static final String NAME = "backup";

    private BackupCommand() {}

    static boolean isCommand(List<String> args) {
        return !args.isEmpty() && args.getFirst().equals(NAME);
    }

    static String help() {
        return """
                  backup FILE [--data-dir DIR]   write a consistent copy of the database in DIR (default
                                                 TRECHO_DATA_DIR or ./data) to FILE, also while the
                                                 server runs; FILE must not exist. Exits 0, or 1
                """;
    }

    static int run(List<String> args, Map<String, String> env, PrintStream out) {
        String dataDir = env.getOrDefault(Option.DATA_DIR.env(), Option.DATA_DIR.defaultValue());
        String target = null;
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals(Option.DATA_DIR.flag()) && i + 1 < args.size()) {
                dataDir = args.get(++i);
            } else if (arg.startsWith(Option.DATA_DIR.flag() + "=")) {
                dataDir = arg.substring(Option.DATA_DIR.flag().length() + 1);
            } else if (target == null && !arg.startsWith("--")) {
                target = arg;
            } else {
                out.println("backup: unexpected argument " + arg + "; usage: backup FILE [--data-dir DIR]");
                return 1;
            }
        }
        if (target == null) {
            out.println("backup: no target file; usage: backup FILE [--data-dir DIR]");
            return 1;
        }
        try {
            Path to = Path.of(target);
            SqliteStore.backup(Path.of(dataDir), to);
            out.println("backup: " + Path.of(dataDir).toAbsolutePath().normalize() + " copied to "
                    + to.toAbsolutePath().normalize());
            return 0;
        } catch (StoreException e) {
            out.println("backup: " + e.getMessage());
            return 1;
        } catch (InvalidPathException e) {
            out.println("backup: not a valid path: " + e.getMessage());
            return 1;
        }
    }
}
