package app.trecho.server.store;

import app.trecho.server.state.Change;
import app.trecho.server.state.StorageException;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer thread. Appended batches wait in one queue in append order; the thread takes
 * every batch waiting (up to a cap), writes them in ONE transaction, commits, and only then
 * completes their futures, in order. Other work on the database (load, backup) goes through the
 * same queue, so it sees exactly the batches appended before it.
 *
 * <p>After a failed transaction the committer is <em>failed</em>: batches already queued and every
 * later append fail at once, because the core decided them on a memory that includes changes the
 * store does not have. A load (the server rebuilding its memory from the store) ends that state.
 */
final class GroupCommitter {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);
    /** Made in advance: failing a write must not need memory when the heap has run out. */
    private static final StorageException OUT_OF_MEMORY =
            new StorageException("could not store changes: out of memory", null);
    /** Made in advance too: a refusal (after a failed reload or change) out of memory must still refuse. */
    private static final StorageException MEMORY_UNTRUSTED =
            new StorageException("the server's memory may no longer match the store", null);

    static final int MAX_BATCHES_PER_TRANSACTION = 1_024;

    /** Work on the writer connection, run on the writer thread. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(WriterConnection connection) throws SQLException;
    }

    /** Work for the writer between two transactions, once the last one's batches have their answers. */
    @FunctionalInterface
    interface BetweenTransactions {
        void run(WriterConnection connection) throws SQLException;

        /** What the work is, as the operator reads it when it was slow. */
        default String step() {
            return "the work between transactions";
        }
    }

    private sealed interface Job {}

    private record Batch(List<Change> changes, CompletableFuture<Void> done) implements Job {}

    private record Task<T>(SqlWork<T> work, CompletableFuture<T> done, boolean endsFailure) implements Job {}

    private final WriterConnection database;
    private final SlowWrites slowWrites;
    private final IntSupplier queuedBatches = this::queuedBatches;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<Job> queue = new ArrayDeque<>();
    private final Thread thread;
    private boolean closing;
    private StorageException failure;
    private final AtomicLong commits = new AtomicLong();
    private volatile BetweenTransactions between = connection -> {};

    GroupCommitter(WriterConnection database) {
        this.database = database;
        this.slowWrites = new SlowWrites(database.file(), System::nanoTime);
        this.thread =
                Thread.ofPlatform().name("trecho-store-writer").daemon(true).unstarted(this::run);
        thread.start();
    }

    /** Only enqueues: safe to call inside the core's monitor. */
    CompletableFuture<Void> append(List<Change> changes) {
        return appendAlongside(null, changes);
    }

    /**
     * Joins {@code changes} to the still-waiting batch whose future is {@code earlier}, so both are
     * written in one transaction; when that batch was already taken (or {@code earlier} is null),
     * queues them as a batch of their own. A batch only changes while it is in the queue, under
     * the lock; the writer reads it after taking it out.
     */
    CompletableFuture<Void> appendAlongside(CompletableFuture<Void> earlier, List<Change> changes) {
        List<Change> copy = new ArrayList<>(changes);
        lock.lock();
        try {
            if (closing) {
                return CompletableFuture.failedFuture(new StorageException("the store is closed", null));
            }
            if (failure != null) {
                return CompletableFuture.failedFuture(new StorageException(
                        "the store is waiting for the server to reload after a failed write", failure));
            }
            if (earlier != null) {
                for (var it = queue.descendingIterator(); it.hasNext(); ) {
                    if (it.next() instanceof Batch batch && batch.done() == earlier) {
                        batch.changes().addAll(copy);
                        return earlier;
                    }
                }
            }
            var done = new CompletableFuture<Void>();
            queue.add(new Batch(copy, done));
            notEmpty.signal();
            return earlier == null ? done : CompletableFuture.allOf(earlier, done);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} on the writer thread after everything queued before it, and waits for it. */
    <T> T call(SqlWork<T> work, boolean endsFailure) throws SQLException {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("the store cannot be used from a durability callback; "
                    + "wait on the future from your own thread or use an async stage");
        }
        var done = new CompletableFuture<T>();
        lock.lock();
        try {
            if (closing) {
                throw new StoreException("the store " + database.file() + " is closed");
            }
            queue.add(new Task<>(work, done, endsFailure));
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        try {
            return done.join();
        } catch (java.util.concurrent.CompletionException e) {
            switch (e.getCause()) {
                case SQLException sql -> throw sql;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw e;
            }
        }
    }

    /** Sets the work to run after each commit has completed its batches' futures. */
    void betweenTransactions(BetweenTransactions work) {
        this.between = work;
    }

    /** Transactions committed so far (for tests: group commit shares them between batches). */
    long commits() {
        return commits.get();
    }

    /** For tests: the writer's report of its slow steps. */
    SlowWrites slowWrites() {
        return slowWrites;
    }

    boolean failed() {
        lock.lock();
        try {
            return failure != null;
        } finally {
            lock.unlock();
        }
    }

    /** Stops taking appends, commits everything queued, and stops the thread. */
    void close() {
        lock.lock();
        try {
            closing = true;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        StoreThreads.joinUninterruptibly(thread);
    }

    private void run() {
        List<Batch> batches = new ArrayList<>();
        while (true) {
            Job next;
            lock.lock();
            try {
                while (queue.isEmpty() && !closing) {
                    notEmpty.awaitUninterruptibly();
                }
                if (queue.isEmpty()) {
                    return;
                }
                next = queue.peek();
                if (next instanceof Task) {
                    queue.poll();
                } else {
                    while (queue.peek() instanceof Batch batch && batches.size() < MAX_BATCHES_PER_TRANSACTION) {
                        batches.add(batch);
                        queue.poll();
                    }
                }
            } finally {
                lock.unlock();
            }
            switch (next) {
                case Task<?> task -> runTask(task);
                case Batch ignored -> {
                    commit(batches);
                    batches.clear();
                }
            }
        }
    }

    private void commit(List<Batch> batches) {
        StorageException earlier = currentFailure();
        if (earlier != null) {
            batches.forEach(b -> b.done()
                    .completeExceptionally(new StorageException(
                            "the store is waiting for the server to reload after a failed write", earlier)));
            return;
        }
        long started = slowWrites.now();
        try {
            database.begin();
            for (Batch batch : batches) {
                for (Change change : batch.changes()) {
                    database.writer().apply(change);
                }
            }
            database.writer().beforeCommit();
            database.commit();
            database.writer().afterCommit();
            commits.incrementAndGet();
        } catch (SQLException | RuntimeException | Error e) {
            fail(batches, e);
            return;
        }
        long took = slowWrites.since(started);
        for (Batch batch : batches) {
            batch.done().complete(null);
        }
        slowWrites.took("a commit", took, queuedBatches); // after the answers: a log line may be slow too
        long betweenStarted = slowWrites.now();
        try {
            between.run(database);
        } catch (SQLException | RuntimeException | Error e) {
            // Nothing is lost: the transaction is committed and answered; the next one runs as usual.
            log.warn("store {}: work between transactions failed: {}", database.file(), e.getMessage());
        }
        slowWrites.took(between.step(), slowWrites.since(betweenStarted), queuedBatches);
    }

    /** Batches of changes waiting for the writer (not its other tasks). */
    private int queuedBatches() {
        lock.lock();
        try {
            int batches = 0;
            for (Job job : queue) {
                if (job instanceof Batch) {
                    batches++;
                }
            }
            return batches;
        } finally {
            lock.unlock();
        }
    }

    /** Never throws: whatever happens here (a second out-of-memory), no caller waits for ever. */
    private void fail(List<Batch> batches, Throwable cause) {
        StorageException failed;
        try {
            failed = new StorageException(
                    "could not store changes in " + database.file() + ": " + cause.getMessage(), cause);
        } catch (Error e) {
            failed = OUT_OF_MEMORY;
        }
        setFailure(failed);
        try {
            rollBack();
            log.warn(
                    "store {}: a write failed and was rolled back ({}); {} requests fail and appends are refused"
                            + " until the server reloads from the store",
                    database.file(),
                    cause.getMessage(),
                    batches.size());
        } catch (Error e) {
            // the log line could not be made; the failure above and the futures below stand
        } finally {
            for (Batch batch : batches) {
                batch.done().completeExceptionally(failed);
            }
        }
    }

    /** Ends the failed transaction; if even that fails, the connection goes, and its transaction with it. */
    private void rollBack() {
        try {
            if (database.writer() != null) {
                database.writer().forgetTransaction();
            }
            database.rollbackAfterFailure();
        } catch (RuntimeException | Error e) {
            database.discard();
        }
    }

    private <T> void runTask(Task<T> task) {
        try {
            T value = task.work().run(database);
            if (task.endsFailure()) {
                endFailure();
            }
            task.done().complete(value);
        } catch (SQLException | RuntimeException | Error e) {
            // an Error too (out of memory while loading): the caller gets it and this thread lives,
            // where an uncaught one would leave the caller waiting for ever
            try {
                rollBack(); // whatever the task had open must not ride along with the next commit
            } finally {
                task.done().completeExceptionally(e);
            }
        }
    }

    /** Enters the failed state as a failed write does; the next load ends it. */
    void refuseUntilReload(Throwable cause) {
        StorageException refused;
        try {
            refused = new StorageException(
                    "the server's memory may no longer match " + database.file() + ": " + cause, cause);
        } catch (Error e) {
            refused = MEMORY_UNTRUSTED; // out of memory again: appends must be refused all the same
        }
        setFailure(refused);
        try {
            log.warn(
                    "store {}: {}; appends are refused until the server reloads",
                    database.file(),
                    refused.getMessage());
        } catch (Error e) {
            // the log line could not be made; the refusal above stands
        }
    }

    private void setFailure(StorageException refused) {
        lock.lock();
        try {
            failure = refused;
        } finally {
            lock.unlock();
        }
    }

    private StorageException currentFailure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    private void endFailure() {
        lock.lock();
        try {
            if (failure != null) {
                log.info("store {}: reloaded by the server after a failed write; accepting appends", database.file());
            }
            failure = null;
        } finally {
            lock.unlock();
        }
    }
}
