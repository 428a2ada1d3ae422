package app.trecho.server.ops;

import app.trecho.server.config.Option;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the health and status commands connect: {@code --host H} and {@code --port N} (or {@code
 * --port=N}), defaulting to the server's own settings from the environment (TRECHO_PORT, and
 * TRECHO_BIND unless it is a wildcard), so inside a container the same variables serve both.
 */
record ProbeTarget(String host, int port) {
    static final String DEFAULT_HOST = "127.0.0.1";
    private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]", "*");

    static ProbeTarget parse(List<String> args, Map<String, String> env) throws ProbeException {
        String bind = env.getOrDefault(Option.BIND.env(), "").trim();
        String host = bind.isEmpty() || WILDCARDS.contains(bind) ? DEFAULT_HOST : bind;
        String portText = env.getOrDefault(Option.PORT.env(), Option.PORT.defaultValue());
        String portSource = Option.PORT.env();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!name.equals("--host") && !name.equals("--port")) {
                throw new ProbeException("unknown argument " + arg + " (use --host H and --port N)");
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new ProbeException(name + " needs a value");
                }
                value = args.get(++i);
            }
            if (name.equals("--host")) {
                host = value;
            } else {
                portText = value;
                portSource = "--port";
            }
        }
        int port;
        try {
            port = Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            throw new ProbeException(portSource + ": '" + portText + "' is not a port number");
        }
        if (port < 1 || port > 65_535) {
            throw new ProbeException(portSource + ": " + port + " is out of range 1..65535");
        }
        return new ProbeTarget(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
