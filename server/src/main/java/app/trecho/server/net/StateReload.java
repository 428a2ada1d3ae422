package app.trecho.server.net;

import app.trecho.server.state.Change;
import java.util.List;

/**
 * How the edge brings memory back in line with the store after a failed write (see
 * server/STORAGE.md, "A failed write"). The edge calls {@link #reload} on one thread, with every
 * state-changing request paused.
 */
public interface StateReload {

    /** The in-memory server: nothing can fail to be stored, so nothing is ever reloaded. */
    StateReload NONE = new StateReload() {
        @Override
        public boolean needed() {
            return false;
        }

        @Override
        public List<Change.IdempotencyRecorded> reload() {
            return List.of();
        }

        @Override
        public void refuse(Throwable cause) {
            // nothing is stored, so nothing can be refused
        }
    };

    /** True while the store refuses writes until memory is rebuilt from it. Cheap; never blocks on I/O. */
    boolean needed();

    /**
     * Rebuilds the booking core and the accounts from the store (and releases holds that expired
     * meanwhile); returns the stored idempotency results for the edge to remember again.
     *
     * @throws RuntimeException when the store cannot be read (the edge tries again later)
     */
    List<Change.IdempotencyRecorded> reload();

    /**
     * Memory could not be brought back in line after a {@link #reload} (restoring its results
     * failed): the store refuses writes again until the next reload.
     */
    void refuse(Throwable cause);
}
