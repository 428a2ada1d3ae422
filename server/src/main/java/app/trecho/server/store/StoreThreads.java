package app.trecho.server.store;

/** What the store's own threads (writer, checkpointer) share when they stop. */
final class StoreThreads {
    private StoreThreads() {}

    /**
     * Waits until {@code thread} ends, even when interrupted meanwhile: closing must finish (queued
     * commits, the connection), and the caller sees its interrupt flag again afterwards.
     */
    static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
