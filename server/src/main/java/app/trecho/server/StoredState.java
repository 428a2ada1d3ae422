package app.trecho.server;

import app.trecho.server.account.Accounts;
import app.trecho.server.booking.BookingCore;
import app.trecho.server.booking.ExpiredHold;
import app.trecho.server.booking.Network;
import app.trecho.server.net.StateReload;
import app.trecho.server.state.Change;
import app.trecho.server.state.Outcome;
import app.trecho.server.store.SqliteStore;
import app.trecho.server.store.StoreException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Memory rebuilt from the store: at start-up, and again after a failed write (the store is the
 * truth). Accounts and sessions go to {@link Accounts}, holds and bookings to the {@link
 * BookingCore}, idempotency results back to the edge; then holds that expired meanwhile are
 * released through the log.
 */
final class StoredState implements StateReload {
    private static final Logger log = LoggerFactory.getLogger(StoredState.class);

    /** Stored changes sorted by where they go (idempotency results come on their own: {@link #results}). */
    record Split(List<Change> accounts, List<Change> bookings) {}

    private final SqliteStore store;
    private final BookingCore core;
    private final Accounts accounts;

    StoredState(SqliteStore store, BookingCore core, Accounts accounts) {
        this.store = store;
        this.core = core;
        this.accounts = accounts;
    }

    @Override
    public boolean needed() {
        return store.needsReload();
    }

    @Override
    public void reload() {
        List<Change> stored = store.loadState(); // ends the store's failed state: expiry below appends
        try {
            apply(split(stored, core.network(), store.file().toString()));
        } catch (RuntimeException | Error e) {
            // memory may be half rebuilt: nothing decided on it may reach the store
            store.refuseUntilReload(e);
            throw e;
        }
    }

    @Override
    public void results(Consumer<? super Change.IdempotencyRecorded> into) {
        store.loadResults(into);
    }

    @Override
    public void refuse(Throwable cause) {
        store.refuseUntilReload(cause);
    }

    /** Replaces memory with {@code split}, expires what is due. */
    void apply(Split split) {
        accounts.rebuild(split.accounts());
        core.rebuild(split.bookings());
        Outcome<List<ExpiredHold>> expired = core.expireDue();
        if (expired instanceof Outcome.Ok<List<ExpiredHold>> ok && !ok.value().isEmpty()) {
            try {
                ok.durable().join();
                log.info(
                        "released {} holds that expired while they could not be",
                        ok.value().size());
            } catch (CompletionException e) {
                // the store asks for a reload again; the edge's recovery will run it
                log.warn(
                        "releasing {} expired holds could not be stored: {}",
                        ok.value().size(),
                        e.getMessage());
            }
        }
    }

    /**
     * Sorts stored changes for replay onto {@code network}. Every hold the store loads is live
     * (cancelled bookings come as their references alone), so one on a segment the network no
     * longer has stops start-up: the server could neither show nor honour it.
     *
     * @throws StoreException naming the missing segments
     */
    static Split split(List<Change> changes, Network network, String where) {
        Set<String> missing = new LinkedHashSet<>();
        int live = 0;
        for (Change change : changes) {
            if (change instanceof Change.HoldPlaced placed) {
                List<String> lacking = placed.seats().stream()
                        .map(Change.SegmentSeats::segment)
                        .filter(id -> network.segment(id).isEmpty())
                        .toList();
                if (!lacking.isEmpty()) {
                    live++;
                    missing.addAll(lacking);
                }
            }
        }
        if (live > 0) {
            throw new StoreException("the network lacks segments that " + live + " live holds or bookings in " + where
                    + " use (" + String.join(", ", missing.stream().limit(5).toList())
                    + (missing.size() > 5 ? ", …" : "")
                    + "); keep those segments in the network file, or start without --network to fly the stored"
                    + " network");
        }
        List<Change> accountChanges = new ArrayList<>();
        List<Change> bookingChanges = new ArrayList<>();
        for (Change change : changes) {
            switch (change) {
                case Change.AccountCreated c -> accountChanges.add(c);
                case Change.SessionOpened c -> accountChanges.add(c);
                case Change.SessionClosed c -> accountChanges.add(c);
                default -> bookingChanges.add(change);
            }
        }
        return new Split(accountChanges, bookingChanges);
    }
}
