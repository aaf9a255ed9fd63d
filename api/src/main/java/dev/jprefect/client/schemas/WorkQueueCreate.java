package dev.jprefect.client.schemas;

import java.util.Objects;

/**
 * The body of {@code POST /work_pools/{name}/queues}, Prefect's {@code WorkQueueCreate}. Null
 * components are not sent.
 *
 * @param name its name, required
 * @param description its description, or null
 * @param isPaused whether it starts paused, or null
 * @param concurrencyLimit at most this many runs at once, or null
 * @param priority its priority in the pool, or null (after the existing queues)
 */
public record WorkQueueCreate(String name, String description, Boolean isPaused, Integer concurrencyLimit,
        Integer priority) {

    /** Checks the name. */
    public WorkQueueCreate {
        Objects.requireNonNull(name, "name");
    }

    /** Returns the body for the queue {@code name}, every other component at its default. */
    public static WorkQueueCreate of(String name) {
        return new WorkQueueCreate(name, null, null, null, null);
    }

    /** Returns a copy with another priority. */
    public WorkQueueCreate withPriority(int value) {
        return new WorkQueueCreate(name, description, isPaused, concurrencyLimit, value);
    }
}
