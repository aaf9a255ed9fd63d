package dev.jprefect.client.schemas;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * An artifact as the server returns it (Prefect's {@code Artifact}): a piece of data a flow or task
 * run published (a markdown report, a table, a link, a progress figure), linked to that run.
 *
 * @param id the artifact's id
 * @param created when it was created
 * @param updated when it last changed
 * @param key its key (lowercase letters, digits and dashes), or null; artifacts with the same key
 *     are the versions of one collection
 * @param type {@code markdown}, {@code table}, {@code progress}, {@code image}, or another string
 * @param description a markdown description, or null
 * @param data the content: markdown text, a table as JSON text, a progress number, or any JSON value
 * @param metadata string metadata (wire name {@code metadata_}), or null
 * @param flowRunId the flow run that published it, or null
 * @param taskRunId the task run that published it, or null
 */
public record Artifact(
        UUID id,
        OffsetDateTime created,
        OffsetDateTime updated,
        String key,
        String type,
        String description,
        Object data,
        Map<String, String> metadata,
        UUID flowRunId,
        UUID taskRunId) {
}
