package dev.jprefect.server.internal.storage;

import java.util.function.Function;

/**
 * Where the server keeps its flows, runs, states, logs and variables. Work runs in transactions:
 * a write transaction sees and makes changes alone, so read-then-write logic such as orchestration
 * or idempotent creation is atomic; read transactions may run together.
 *
 * <p>Every server instance owns its own storage; {@link InMemoryStorage} is the implementation.
 */
public interface Storage {

    /** Runs {@code work} with shared, read-only access and returns its result. */
    <T> T read(Function<Tables, T> work);

    /**
     * Runs {@code work} with exclusive access and returns its result. If {@code work} throws, the
     * changes it made are discarded.
     */
    <T> T write(Function<Tables, T> work);
}
