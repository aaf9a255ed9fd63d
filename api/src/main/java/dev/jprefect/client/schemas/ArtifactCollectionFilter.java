package dev.jprefect.client.schemas;

/**
 * Criteria on the latest artifact of each key (Prefect's {@code ArtifactCollectionFilter}): as
 * {@link ArtifactFilter}, with {@code latest_id} in place of {@code id}. Null parts are not sent.
 *
 * @param operator how the parts combine, or null ({@code and_})
 * @param latestId criteria on the latest artifact's id
 * @param key criteria on the key
 * @param flowRunId criteria on the flow run the latest artifact is linked to
 * @param taskRunId criteria on the task run the latest artifact is linked to
 * @param type criteria on the type
 */
public record ArtifactCollectionFilter(
        Operator operator,
        IdFilter latestId,
        StringFilter key,
        IdFilter flowRunId,
        IdFilter taskRunId,
        StringFilter type) {

    private static final ArtifactCollectionFilter ALL = new ArtifactCollectionFilter(null, null, null, null, null, null);

    /** Returns the filter without criteria. */
    public static ArtifactCollectionFilter all() {
        return ALL;
    }

    /** Returns a copy with other criteria on the key. */
    public ArtifactCollectionFilter withKey(StringFilter value) {
        return new ArtifactCollectionFilter(operator, latestId, value, flowRunId, taskRunId, type);
    }

    /** Returns a copy with other criteria on the flow run. */
    public ArtifactCollectionFilter withFlowRunId(IdFilter value) {
        return new ArtifactCollectionFilter(operator, latestId, key, value, taskRunId, type);
    }

    /** Returns a copy with other criteria on the type. */
    public ArtifactCollectionFilter withType(StringFilter value) {
        return new ArtifactCollectionFilter(operator, latestId, key, flowRunId, taskRunId, value);
    }
}
