package dev.jprefect.client.schemas;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * One record of the body of {@code POST /logs/}, Prefect's {@code LogCreate}.
 *
 * @param name the logger's name, required
 * @param level the level as a Python logging number (10 debug, 20 info, 30 warning, 40 error, 50 critical)
 * @param message the message, required
 * @param timestamp when it was logged, required
 * @param flowRunId the flow run it belongs to, or null
 * @param taskRunId the task run it belongs to, or null
 */
public record LogCreate(
        String name,
        int level,
        String message,
        OffsetDateTime timestamp,
        UUID flowRunId,
        UUID taskRunId) {

    /** Checks the required components. */
    public LogCreate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
