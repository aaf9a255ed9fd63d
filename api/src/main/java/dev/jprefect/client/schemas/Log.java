package dev.jprefect.client.schemas;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A log record as the server stores it, Prefect's {@code Log}.
 *
 * @param id the record's id
 * @param created when the server stored it
 * @param updated when it was last updated
 * @param name the logger's name
 * @param level the level as a Python logging number (10 debug, 20 info, 30 warning, 40 error, 50 critical)
 * @param message the message
 * @param timestamp when it was logged
 * @param flowRunId the flow run it belongs to, or null
 * @param taskRunId the task run it belongs to, or null
 */
public record Log(
        UUID id,
        OffsetDateTime created,
        OffsetDateTime updated,
        String name,
        int level,
        String message,
        OffsetDateTime timestamp,
        UUID flowRunId,
        UUID taskRunId) {
}
