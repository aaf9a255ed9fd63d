package dev.jprefect.server.internal.storage;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The rows of one kind, keyed by id and by the indexes of its {@link TableSpec}. Used only inside
 * a {@link Storage} transaction; every row returned is a copy, and changes are stored only by
 * {@link #put}.
 *
 * @param <R> the row type
 */
public interface Table<R extends Row<R>> {

    /** Returns the row with {@code id}, if any. */
    Optional<R> get(UUID id);

    /**
     * Returns the row with {@code id} locked against other writers until the transaction ends (SQL's
     * {@code SELECT ... FOR UPDATE}): read it this way before a change that depends on its current
     * value, such as a state transition. Only inside a write transaction.
     */
    Optional<R> getForUpdate(UUID id);

    /** Returns the row whose key in the unique {@code index} is {@code key}, if any. */
    Optional<R> findUnique(Index<R> index, Object key);

    /** Returns the rows whose key in {@code index} is {@code key}, in the order they were last put. */
    List<R> findAll(Index<R> index, Object key);

    /** Returns the rows {@code query} selects. */
    List<R> find(Query<R> query);

    /** Returns how many rows meet {@code where}. */
    long count(Condition<R> where);

    /**
     * Inserts or replaces the row with {@code row.id} (SQL's upsert on the primary key). Only inside
     * a write transaction.
     *
     * @throws ConflictException if a unique index already holds the row's key for another row
     */
    void put(R row);

    /** Removes the row with {@code id}; returns false if there was none. Only inside a write transaction. */
    boolean remove(UUID id);
}
