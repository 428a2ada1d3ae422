package app.trecho.server.booking;

import app.trecho.server.state.Change;
import app.trecho.server.state.ChangeLog;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A change log that keeps every change in append order, as a store would. */
public final class RecordingLog implements ChangeLog {

    private final List<Change> changes = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<Void> append(List<Change> batch) {
        changes.addAll(batch);
        return CompletableFuture.completedFuture(null);
    }

    public synchronized List<Change> changes() {
        return List.copyOf(changes);
    }
}
