package app.trecho.cli;

import java.util.List;

/**
 * The TUI's flags, parsed once.
 *
 * @param server {@code host:port} of the booking server
 */
record CliOptions(String server, boolean noColor, boolean ascii, boolean help) {
    static final String DEFAULT_SERVER = "localhost:7070";

    static CliOptions parse(List<String> args) {
        String server = DEFAULT_SERVER;
        boolean noColor = false;
        boolean ascii = false;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--server" -> {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("--server needs host:port");
                    }
                    server = checkAddress(args.get(++i));
                }
                case "--no-color" -> noColor = true;
                case "--ascii" -> ascii = true;
                case "--help", "-h" -> help = true;
                default -> {
                    if (arg.startsWith("--server=")) {
                        server = checkAddress(arg.substring("--server=".length()));
                    } else {
                        throw new UsageException("unknown option: " + arg);
                    }
                }
            }
        }
        return new CliOptions(server, noColor, ascii, help);
    }

    private static String checkAddress(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new UsageException("--server wants host:port, got: " + address);
        }
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            if (port < 1 || port > 65_535) {
                throw new UsageException("--server port must be 1-65535, got: " + port);
            }
        } catch (NumberFormatException e) {
            throw new UsageException("--server port is not a number: " + address);
        }
        return address;
    }

    /** A bad command line: the message says what was wrong. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
