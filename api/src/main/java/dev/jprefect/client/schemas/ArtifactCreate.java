package dev.jprefect.client.schemas;

import java.util.Map;
import java.util.UUID;

/**
 * The body of {@code POST /artifacts/} (Prefect's {@code ArtifactCreate}). Null parts are not sent.
 * To publish from a flow or task, use {@code dev.jprefect.Artifacts}, which links the artifact to
 * the current run.
 *
 * @param key the key (lowercase letters, digits and dashes), or null
 * @param type the type, e.g. {@code markdown}, or null
 * @param description a markdown description, or null
 * @param data the content, any JSON value, or null
 * @param metadata string metadata (wire name {@code metadata_}), or null
 * @param flowRunId the flow run to link it to, or null
 * @param taskRunId the task run to link it to, or null
 */
public record ArtifactCreate(
        String key,
        String type,
        String description,
        Object data,
        Map<String, String> metadata,
        UUID flowRunId,
        UUID taskRunId) {

    /** Copies the metadata. */
    public ArtifactCreate {
        metadata = metadata == null ? null : Map.copyOf(metadata);
    }

    /** Returns an artifact of {@code type} with {@code data} and nothing else. */
    public static ArtifactCreate of(String type, Object data) {
        return new ArtifactCreate(null, type, null, data, null, null, null);
    }

    /** Returns a copy with another key. */
    public ArtifactCreate withKey(String value) {
        return new ArtifactCreate(value, type, description, data, metadata, flowRunId, taskRunId);
    }

    /** Returns a copy with another description. */
    public ArtifactCreate withDescription(String value) {
        return new ArtifactCreate(key, type, value, data, metadata, flowRunId, taskRunId);
    }

    /** Returns a copy linked to other runs (either may be null). */
    public ArtifactCreate withRuns(UUID flowRun, UUID taskRun) {
        return new ArtifactCreate(key, type, description, data, metadata, flowRun, taskRun);
    }
}
