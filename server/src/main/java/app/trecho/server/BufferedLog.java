package app.trecho.server;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Buffers stderr, where slf4j-simple writes the server's log. Unbuffered, every line (one per hold,
 * purchase and cancel) costs a {@code write(2)} made while holding the stream's lock, so under load
 * request threads queue on that lock. A daemon scheduler flushes every {@link #FLUSH_EVERY}; {@link
 * #flush()} runs at exit. A {@code kill -9} can lose the last few milliseconds of log lines, never
 * data: that is in the store before any answer leaves.
 */
final class BufferedLog {
    static final Duration FLUSH_EVERY = Duration.ofMillis(50);
    private static final int BUFFER_BYTES = 1 << 16;

    private BufferedLog() {}

    /** Replaces {@code System.err}; call before the first logger is created (slf4j-simple keeps the stream). */
    static void install() {
        PrintStream buffered = new PrintStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.err), BUFFER_BYTES),
                false,
                StandardCharsets.UTF_8);
        System.setErr(buffered);
        // also covers exits before the server's own hook exists (an uncaught exception's trace)
        Runtime.getRuntime().addShutdownHook(new Thread(buffered::flush, "trecho-log-flush-at-exit"));
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("trecho-log-flush").daemon(true).factory());
        flusher.scheduleAtFixedRate(
                buffered::flush, FLUSH_EVERY.toMillis(), FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    static void flush() {
        System.err.flush();
    }
}
