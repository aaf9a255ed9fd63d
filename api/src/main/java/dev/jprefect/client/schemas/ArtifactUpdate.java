package dev.jprefect.client.schemas;

import java.util.Map;

/**
 * The body of {@code PATCH /artifacts/{id}} (Prefect's {@code ArtifactUpdate}): the non-null parts
 * replace the artifact's.
 *
 * @param data new content, or null
 * @param description a new description, or null
 * @param metadata new metadata (wire name {@code metadata_}), or null
 */
public record ArtifactUpdate(Object data, String description, Map<String, String> metadata) {

    /** Copies the metadata. */
    public ArtifactUpdate {
        metadata = metadata == null ? null : Map.copyOf(metadata);
    }

    /** Returns an update of the content only. */
    public static ArtifactUpdate data(Object data) {
        return new ArtifactUpdate(data, null, null);
    }
}
