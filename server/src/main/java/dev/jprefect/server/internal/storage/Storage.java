package dev.jprefect.server.internal.storage;

import java.util.List;
import java.util.function.Function;

/**
 * Where the server keeps its rows: a set of tables ({@link TableSpec}) reached only inside
 * transactions. A write transaction is serializable (it sees and makes changes alone) and atomic
 * (if its work throws, nothing it changed stays); read transactions may run together.
 *
 * <p>The interface is what a durable store implements too: queries are data ({@link Query},
 * {@link Condition}, {@link Order}) that translate to SQL or index lookups, unique indexes are
 * constraints ({@link ConflictException}), {@link Table#getForUpdate} is a row lock, and a store
 * that cannot serve in time says so ({@link StorageBusyException}). {@link InMemoryStorage} keeps rows in
 * the heap; a {@link StorageProvider} opens a database; every server instance owns its own.
 */
public interface Storage extends AutoCloseable {

    /** Runs {@code work} in a read-only transaction and returns its result. */
    <T> T read(Function<Transaction, T> work);

    /**
     * Runs {@code work} in a write transaction and returns its result. If {@code work} throws, the
     * changes it made are discarded. A write inside a write (same thread) joins the outer one.
     */
    <T> T write(Function<Transaction, T> work);

    /**
     * Asks the store to have {@code tables} ready for the first transactions that use them, in
     * that order, without waiting: a store that loads tables when first used (a database's) starts
     * loading them in the background. The in-memory store holds its tables already.
     */
    default void prepare(List<TableSpec<?>> tables) {
    }

    /** Releases what the store holds outside the heap (connections); the in-memory store holds nothing. */
    @Override
    default void close() {
    }
}
