package dev.jprefect.client.schemas;

/**
 * Criteria on artifacts (Prefect's {@code ArtifactFilter}). Null parts are not sent. The id filters
 * of the run fields take only {@code any_}; the key filter takes {@code any_} and {@code like_}; the
 * type filter {@code any_} and {@code not_any_}.
 *
 * @param operator how the parts combine, or null ({@code and_})
 * @param id criteria on the artifact's id
 * @param key criteria on the key
 * @param flowRunId criteria on the flow run it is linked to
 * @param taskRunId criteria on the task run it is linked to
 * @param type criteria on the type
 */
public record ArtifactFilter(
        Operator operator,
        IdFilter id,
        StringFilter key,
        IdFilter flowRunId,
        IdFilter taskRunId,
        StringFilter type) {

    private static final ArtifactFilter ALL = new ArtifactFilter(null, null, null, null, null, null);

    /** Returns the filter without criteria. */
    public static ArtifactFilter all() {
        return ALL;
    }

    /** Returns a copy with other criteria on the id. */
    public ArtifactFilter withId(IdFilter value) {
        return new ArtifactFilter(operator, value, key, flowRunId, taskRunId, type);
    }

    /** Returns a copy with other criteria on the key. */
    public ArtifactFilter withKey(StringFilter value) {
        return new ArtifactFilter(operator, id, value, flowRunId, taskRunId, type);
    }

    /** Returns a copy with other criteria on the flow run. */
    public ArtifactFilter withFlowRunId(IdFilter value) {
        return new ArtifactFilter(operator, id, key, value, taskRunId, type);
    }

    /** Returns a copy with other criteria on the task run. */
    public ArtifactFilter withTaskRunId(IdFilter value) {
        return new ArtifactFilter(operator, id, key, flowRunId, value, type);
    }

    /** Returns a copy with other criteria on the type. */
    public ArtifactFilter withType(StringFilter value) {
        return new ArtifactFilter(operator, id, key, flowRunId, taskRunId, value);
    }
}
