package app.trecho.server.net;

import app.trecho.server.state.Change;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A store that needs a reload and whose disk fails until {@link #works} is set ({@link #working}:
 * one that needs none and works); {@link #during} runs inside each reload. Stores no results.
 */
final class FlakyStore implements StateReload {
    final AtomicBoolean needed = new AtomicBoolean(true);
    final AtomicBoolean works = new AtomicBoolean(false);
    final AtomicInteger reloads = new AtomicInteger();
    /** Why writes were last refused, if they were. */
    final AtomicReference<Throwable> refusedFor = new AtomicReference<>();

    Runnable during = () -> {};

    static FlakyStore working() {
        FlakyStore store = new FlakyStore();
        store.needed.set(false);
        store.works.set(true);
        return store;
    }

    @Override
    public boolean needed() {
        return needed.get();
    }

    @Override
    public void reload() {
        reloads.incrementAndGet();
        during.run();
        if (!works.get()) {
            throw new IllegalStateException("disk I/O error");
        }
        needed.set(false);
    }

    @Override
    public void results(Consumer<? super Change.IdempotencyRecorded> into) {
        // none stored
    }

    @Override
    public void refuse(Throwable cause) {
        refusedFor.set(cause);
        needed.set(true);
    }
}
