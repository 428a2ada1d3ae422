package app.trecho.server.store;

import java.sql.SQLException;

/**
 * Lets the writer start the WAL over without copying much of it inside a commit. SQLite starts the
 * WAL over at the writer's next transaction once the WAL has been copied to its end; under steady
 * writes a background round never sees that end, since a commit always overtakes it. So once the
 * WAL is {@link #FRAMES} long, the {@link WalCheckpointer} runs a few rounds back to back, each
 * copying what came in during the one before, and then the writer runs a PASSIVE checkpoint of its
 * own between two transactions, after the last one's requests have their answers: it copies the
 * few frames committed since, fsyncs, and the WAL starts over. SQLite's own checkpoint
 * ({@code WriterConnection.CHECKPOINT_PAGES}, longer) stays as the backstop for when background
 * rounds fail. Writer thread only.
 */
final class WalRestart implements GroupCommitter.BetweenTransactions {
    /** WAL frames (pages) at which the WAL starts over (STORAGE.md, "Checkpoints"). */
    static final int FRAMES = 24_000;

    private final WalCheckpointer checkpointer;
    private volatile long restarts;

    WalRestart(WalCheckpointer checkpointer) {
        this.checkpointer = checkpointer;
    }

    @Override
    public void run(WriterConnection database) throws SQLException {
        if (!checkpointer.restartDue()) {
            return;
        }
        WalCheckpointer.Round round;
        try {
            round = database.checkpoint();
        } catch (SQLException e) {
            checkpointer.clearRestartDue(); // a failing disk is tried again at a later round, not per commit
            throw e;
        }
        if (round.busy()) {
            return; // a round holds the checkpoint lock: again after the next commit
        }
        // Done, or short of the end (a backup holds an older snapshot): either way the next round
        // that finds the WAL long asks again, so an old snapshot cannot make this run per commit.
        checkpointer.clearRestartDue();
        if (round.copiedAll()) {
            restarts++;
        }
    }

    @Override
    public String step() {
        return "the WAL checkpoint between transactions";
    }

    /** Checkpoints of the writer that copied the WAL to its end, so that it started over (for tests). */
    long restarts() {
        return restarts;
    }
}
