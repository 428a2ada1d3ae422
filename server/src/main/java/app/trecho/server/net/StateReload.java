package app.trecho.server.net;

import app.trecho.server.state.Change;
import java.util.function.Consumer;

/**
 * How the edge brings memory back in line with the store after a failed write (see
 * server/STORAGE.md, "A failed write"). The edge calls {@link #reload} then {@link #results} on one
 * thread, with every state-changing request paused; at start-up, {@link #results} alone.
 */
public interface StateReload {

    /** The in-memory server: nothing can fail to be stored, so nothing is ever reloaded. */
    StateReload NONE = new StateReload() {
        @Override
        public boolean needed() {
            return false;
        }

        @Override
        public void reload() {
            // nothing is stored
        }

        @Override
        public void results(Consumer<? super Change.IdempotencyRecorded> into) {
            // nothing is stored
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
     * meanwhile).
     *
     * @throws RuntimeException when the store cannot be read (the edge tries again later)
     */
    void reload();

    /**
     * Hands the stored idempotency results to {@code into}, one at a time as they are read (they
     * may be ~1,000 per account: never all on the heap at once), for the edge to remember again.
     *
     * @throws RuntimeException when the store cannot be read, or {@code into} throws
     */
    void results(Consumer<? super Change.IdempotencyRecorded> into);

    /**
     * Memory is not known to match the store: a {@link #reload} could not bring it back in line
     * (restoring its results failed), or a state-changing step failed midway. The store refuses
     * writes, and drops those still queued, until the next reload.
     */
    void refuse(Throwable cause);
}
