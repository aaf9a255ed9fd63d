package dev.jprefect.client.schemas;

/**
 * The body of {@code POST /deployments/filter} (and, without sort and page, of
 * {@code /deployments/count}; with a page number instead of an offset, of
 * {@code /deployments/paginate}). Null parts are not sent, so the server applies its defaults
 * (no criterion, order {@code NAME_ASC}, offset 0, limit {@code PREFECT_SERVER_API_DEFAULT_LIMIT}).
 *
 * <pre>{@code
 * DeploymentQuery query = DeploymentQuery.of(DeploymentFilter.all().withTags(TagsFilter.allOf("etl"))).withLimit(10);
 * }</pre>
 *
 * @param deployments criteria on the deployments
 * @param flows criteria on their flows
 * @param flowRuns criteria on their flow runs
 * @param taskRuns criteria on their task runs
 * @param workPools criteria on their work pools
 * @param workPoolQueues criteria on their work queues
 * @param sort the order, or null
 * @param offset how many matches to skip, or null
 * @param limit how many matches to return at most, or null
 */
public record DeploymentQuery(
        DeploymentFilter deployments,
        FlowFilter flows,
        FlowRunFilter flowRuns,
        TaskRunFilter taskRuns,
        WorkPoolFilter workPools,
        WorkQueueFilter workPoolQueues,
        DeploymentSort sort,
        Integer offset,
        Integer limit) {

    /** Returns the query for the deployments that match {@code deployments} (null for all). */
    public static DeploymentQuery of(DeploymentFilter deployments) {
        return new DeploymentQuery(deployments, null, null, null, null, null, null, null, null);
    }

    /** Returns a copy with criteria on the deployments' flows. */
    public DeploymentQuery withFlows(FlowFilter value) {
        return new DeploymentQuery(deployments, value, flowRuns, taskRuns, workPools, workPoolQueues, sort, offset,
                limit);
    }

    /** Returns a copy with criteria on the deployments' work pools. */
    public DeploymentQuery withWorkPools(WorkPoolFilter value) {
        return new DeploymentQuery(deployments, flows, flowRuns, taskRuns, value, workPoolQueues, sort, offset,
                limit);
    }

    /** Returns a copy with another order. */
    public DeploymentQuery withSort(DeploymentSort value) {
        return new DeploymentQuery(deployments, flows, flowRuns, taskRuns, workPools, workPoolQueues, value, offset,
                limit);
    }

    /** Returns a copy that skips {@code value} matches. */
    public DeploymentQuery withOffset(int value) {
        return new DeploymentQuery(deployments, flows, flowRuns, taskRuns, workPools, workPoolQueues, sort, value,
                limit);
    }

    /** Returns a copy that returns at most {@code value} matches (per page for {@code paginate}). */
    public DeploymentQuery withLimit(int value) {
        return new DeploymentQuery(deployments, flows, flowRuns, taskRuns, workPools, workPoolQueues, sort, offset,
                value);
    }
}
