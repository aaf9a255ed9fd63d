package dev.jprefect.client.schemas;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * The latest version of the artifacts with one key (Prefect's {@code ArtifactCollection}), as
 * {@code /artifacts/latest/filter} returns it.
 *
 * @param id the collection's id
 * @param created when the collection was created
 * @param updated when it last changed
 * @param key the key its artifacts share
 * @param latestId the id of the latest artifact with that key
 * @param type the latest artifact's type
 * @param description the latest artifact's description, or null
 * @param data the latest artifact's content
 * @param metadata the latest artifact's metadata (wire name {@code metadata_}), or null
 * @param flowRunId the flow run that published the latest artifact, or null
 * @param taskRunId the task run that published the latest artifact, or null
 */
public record ArtifactCollection(
        UUID id,
        OffsetDateTime created,
        OffsetDateTime updated,
        String key,
        UUID latestId,
        String type,
        String description,
        Object data,
        Map<String, String> metadata,
        UUID flowRunId,
        UUID taskRunId) {
}
