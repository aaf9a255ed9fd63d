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
}
