package app.trecho.server;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Buffers stderr, where slf4j-simple writes the server's log. Unbuffered, every line (one per hold,
 * purchase and cancel) costs a {@code write(2)} made while holding the stream's lock, so under load
 * request threads queue on that lock. slf4j-simple flushes after every line, so the stream it gets
 * ignores flushes; a daemon scheduler writes the buffer out every {@link #FLUSH_EVERY}, and {@link
 * #flush()} at exit. A {@code kill -9} can lose the last few milliseconds of log lines, never data:
 * that is in the store before any answer leaves.
 */
final class BufferedLog {
    static final Duration FLUSH_EVERY = Duration.ofMillis(50);
    private static final int BUFFER_BYTES = 1 << 16;

    private static volatile BufferedLog installed;

    private final BufferedOutputStream buffer;
    private final PrintStream stream;

    private BufferedLog(OutputStream target) {
        buffer = new BufferedOutputStream(target, BUFFER_BYTES);
        stream = new PrintStream(new FlushIgnored(buffer), false, StandardCharsets.UTF_8);
    }

    /** A log over {@code target}: what is printed reaches it only on {@link #drain()} (or a full buffer). */
    static BufferedLog over(OutputStream target) {
        return new BufferedLog(target);
    }

    /** Replaces {@code System.err}; call before the first logger is created (slf4j-simple keeps the stream). */
    static void install() {
        BufferedLog log = over(new FileOutputStream(FileDescriptor.err));
        installed = log;
        System.setErr(log.stream());
        // also covers exits before the server's own hook exists (an uncaught exception's trace)
        Runtime.getRuntime().addShutdownHook(new Thread(log::drain, "trecho-log-flush-at-exit"));
        ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("trecho-log-flush").daemon(true).factory());
        flusher.scheduleAtFixedRate(log::drain, FLUSH_EVERY.toMillis(), FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Writes out what the installed log holds (or flushes {@code System.err} when none is installed). */
    static void flush() {
        BufferedLog log = installed;
        if (log != null) {
            log.drain();
        } else {
            System.err.flush();
        }
    }

    PrintStream stream() {
        return stream;
    }

    /** Writes out what is buffered; a failing stderr is not worth failing the caller for. */
    void drain() {
        try {
            buffer.flush();
        } catch (IOException e) {
            // nowhere left to report it
        }
    }

    /** Passes bytes on and drops flushes: only {@link #drain()} flushes the buffer. */
    private static final class FlushIgnored extends OutputStream {
        private final OutputStream out;

        FlushIgnored(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() {}
    }
}
