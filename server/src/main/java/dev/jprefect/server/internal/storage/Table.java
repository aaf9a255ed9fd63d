package dev.jprefect.server.internal.storage;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The rows of one kind, keyed by id and by the indexes the table was made with. Used only inside a
 * {@link Storage} transaction; every row returned is a copy.
 *
 * @param <R> the row type
 */
public interface Table<R extends Row<R>> {

    /** Returns the row with {@code id}, if any. */
    Optional<R> get(UUID id);

    /** Returns the row whose key in the unique {@code index} is {@code key}, if any. */
    Optional<R> findUnique(Index<R> index, Object key);

    /** Returns the rows whose key in {@code index} is {@code key}, in the order they were last put. */
    List<R> findAll(Index<R> index, Object key);

    /** Returns every row, oldest first. */
    List<R> all();

    /**
     * Inserts or replaces the row with {@code row.id}.
     *
     * @throws ConflictException if a unique index already holds the row's key for another row
     */
    void put(R row);

    /** Removes the row with {@code id}; returns false if there was none. */
    boolean remove(UUID id);

    /** Returns the number of rows. */
    int size();
}
