package dev.jprefect.server.internal.storage;

import java.util.Map;
import java.util.UUID;

/**
 * An artifact, as Prefect's {@code Artifact}; the same shape, with {@link #latestId}, is a row of
 * the artifact collection, Prefect's {@code ArtifactCollection}: the latest artifact of each key.
 */
public final class ArtifactRow extends Row<ArtifactRow> {
    public static final Index<ArtifactRow> BY_KEY = Index.many("key", a -> a.key);
    /** In the collection, one row per key. */
    public static final Index<ArtifactRow> BY_UNIQUE_KEY = Index.unique("key", a -> a.key);
    public static final TableSpec<ArtifactRow> TABLE = TableSpec.of("artifact", BY_KEY);
    /** The latest artifact of each key. */
    public static final TableSpec<ArtifactRow> COLLECTION = TableSpec.of("artifact_collection", BY_UNIQUE_KEY);

    public String key;
    public String type;
    public String description;
    /** Any JSON value: an immutable tree, or null. */
    public Object data;
    /** Immutable map of strings, or null. */
    public Map<String, Object> metadata;
    public UUID flowRunId;
    public UUID taskRunId;
    /** In the collection only: the id of the latest artifact of the key. */
    public UUID latestId;

    @Override
    public ArtifactRow copy() {
        ArtifactRow c = copyBase(new ArtifactRow());
        c.key = key;
        c.type = type;
        c.description = description;
        c.data = data;
        c.metadata = metadata;
        c.flowRunId = flowRunId;
        c.taskRunId = taskRunId;
        c.latestId = latestId;
        return c;
    }
}
