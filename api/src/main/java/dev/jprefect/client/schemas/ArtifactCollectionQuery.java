package dev.jprefect.client.schemas;

/**
 * The body of {@code POST /artifacts/latest/filter} (and, without sort and page, of
 * {@code /artifacts/latest/count}): the latest artifact of each key that matches. Null parts are
 * not sent.
 *
 * @param artifacts criteria on the latest artifacts
 * @param flowRuns criteria on the flow runs they are linked to
 * @param taskRuns criteria on the task runs they are linked to
 * @param sort the order, or null (the server's, {@code ID_DESC})
 * @param offset how many matches to skip, or null
 * @param limit how many matches to return at most, or null
 */
public record ArtifactCollectionQuery(
        ArtifactCollectionFilter artifacts,
        FlowRunFilter flowRuns,
        TaskRunFilter taskRuns,
        ArtifactSort sort,
        Integer offset,
        Integer limit) {

    /** Returns the query for the latest artifacts that match {@code artifacts}. */
    public static ArtifactCollectionQuery of(ArtifactCollectionFilter artifacts) {
        return new ArtifactCollectionQuery(artifacts, null, null, null, null, null);
    }

    /** Returns a copy with another order and page ({@code offset} and {@code limit} may be null). */
    public ArtifactCollectionQuery withPage(ArtifactSort order, Integer skip, Integer max) {
        return new ArtifactCollectionQuery(artifacts, flowRuns, taskRuns, order, skip, max);
    }
}
