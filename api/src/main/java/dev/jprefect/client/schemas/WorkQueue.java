package dev.jprefect.client.schemas;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A work queue of a work pool as the server stores it, Prefect's {@code WorkQueueResponse}.
 *
 * @param id its id
 * @param created when it was created
 * @param updated when it was last updated
 * @param name its name, unique in its pool
 * @param description its description, or null
 * @param isPaused whether it is paused
 * @param concurrencyLimit at most this many runs at once, or null
 * @param priority its priority in the pool (1 is first)
 * @param workPoolId its pool's id
 * @param workPoolName its pool's name
 * @param lastPolled when a worker last polled it, or null
 * @param status {@code READY}, {@code NOT_READY} or {@code PAUSED}, or null
 */
public record WorkQueue(
        UUID id,
        OffsetDateTime created,
        OffsetDateTime updated,
        String name,
        String description,
        boolean isPaused,
        Integer concurrencyLimit,
        int priority,
        UUID workPoolId,
        String workPoolName,
        OffsetDateTime lastPolled,
        String status) {
}
