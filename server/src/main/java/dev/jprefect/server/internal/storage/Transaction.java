package dev.jprefect.server.internal.storage;

/**
 * One unit of work on a {@link Storage}: the tables as this transaction sees them. A write
 * transaction's changes become visible together when its work returns, and are discarded if the
 * work throws; a read transaction sees one consistent state. Model operations run inside one
 * transaction each, so read-then-write logic (idempotent creation, orchestration) is atomic.
 */
public interface Transaction {

    /** Returns the table declared by {@code spec}, created empty the first time it is asked for. */
    <R extends Row<R>> Table<R> table(TableSpec<R> spec);

    /**
     * Runs {@code action} once this write transaction has committed (the outermost one, when
     * nested), after the store has released its lock; if the transaction rolls back, never. Actions
     * run in the order they were added, on the committing thread, and must not block; one that
     * throws is logged and does not stop the others (the transaction stays committed).
     *
     * @throws IllegalStateException in a read transaction
     */
    void afterCommit(Runnable action);
}
