package dev.jprefect.client.schemas;

/**
 * The body of {@code POST /artifacts/filter} (and, without sort and page, of
 * {@code /artifacts/count}): which artifacts, in what order, which page. Null parts are not sent.
 *
 * <pre>{@code
 * ArtifactQuery query = ArtifactQuery.of(ArtifactFilter.all().withFlowRunId(IdFilter.anyOf(runId)));
 * }</pre>
 *
 * @param artifacts criteria on the artifacts
 * @param flowRuns criteria on the flow runs they are linked to
 * @param taskRuns criteria on the task runs they are linked to
 * @param sort the order, or null (the server's, {@code ID_DESC})
 * @param offset how many matches to skip, or null
 * @param limit how many matches to return at most, or null
 */
public record ArtifactQuery(
        ArtifactFilter artifacts,
        FlowRunFilter flowRuns,
        TaskRunFilter taskRuns,
        ArtifactSort sort,
        Integer offset,
        Integer limit) {

    /** Returns the query for the artifacts that match {@code artifacts}, in the server's order and page. */
    public static ArtifactQuery of(ArtifactFilter artifacts) {
        return new ArtifactQuery(artifacts, null, null, null, null, null);
    }

    /** Returns a copy with another order and page ({@code offset} and {@code limit} may be null). */
    public ArtifactQuery withPage(ArtifactSort order, Integer skip, Integer max) {
        return new ArtifactQuery(artifacts, flowRuns, taskRuns, order, skip, max);
    }
}
