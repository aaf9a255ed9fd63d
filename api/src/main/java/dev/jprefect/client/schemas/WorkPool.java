package dev.jprefect.client.schemas;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * A work pool as the server stores it, Prefect's {@code WorkPoolResponse}: where workers of one
 * type (process, docker, kubernetes...) pick up the runs of the deployments assigned to it.
 *
 * @param id its id
 * @param created when it was created
 * @param updated when it was last updated
 * @param name its name, unique
 * @param description its description, or null
 * @param type its workers' type, e.g. {@code process}
 * @param baseJobTemplate the job template its workers fill in (e.g. a process's {@code command}); never null
 * @param isPaused whether it is paused
 * @param concurrencyLimit at most this many runs at once, or null
 * @param defaultQueueId its default queue
 * @param status {@code READY}, {@code NOT_READY} or {@code PAUSED}, or null
 */
public record WorkPool(
        UUID id,
        OffsetDateTime created,
        OffsetDateTime updated,
        String name,
        String description,
        String type,
        Map<String, Object> baseJobTemplate,
        boolean isPaused,
        Integer concurrencyLimit,
        UUID defaultQueueId,
        String status) {

    /** Copies the job template. */
    public WorkPool {
        baseJobTemplate = Copies.map(baseJobTemplate);
    }
}
