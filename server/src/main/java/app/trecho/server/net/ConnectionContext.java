package app.trecho.server.net;

import app.trecho.protocol.Codec;
import app.trecho.server.config.ServerConfig;
import app.trecho.server.ops.Activity;
import java.util.function.LongSupplier;

/** What every connection shares. */
record ConnectionContext(
        ServerConfig config,
        Codec codec,
        Dispatcher dispatcher,
        EventHub hub,
        Connections connections,
        LongSupplier nanoTime,
        Activity activity) {}
