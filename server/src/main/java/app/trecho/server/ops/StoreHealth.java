package app.trecho.server.ops;

import app.trecho.protocol.model.StoreStatus;

/**
 * The seam through which the operator's status asks the store how it is: its durability mode,
 * whether it can make changes durable right now, and a human detail (path, last failure). Called
 * on the connection's thread for each {@code admin.status}; it must be cheap and never block on a
 * write in progress.
 */
@FunctionalInterface
public interface StoreHealth {

    StoreStatus check();

    /** The in-memory server: always able to "store", and honest that nothing survives a restart. */
    static StoreHealth inMemory() {
        StoreStatus status = new StoreStatus("memory", true, "state is lost when the server stops");
        return () -> status;
    }

    /** A store whose health nobody wired: reports its mode and says it was not checked. */
    static StoreHealth unchecked(String mode) {
        StoreStatus status = new StoreStatus(mode, true, "no health check wired for this store");
        return () -> status;
    }
}
