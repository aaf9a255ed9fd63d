package dev.jprefect.client.schemas;

/**
 * The body of {@code POST /flows/filter}: which flows to return, in what order, which page. Null parts are
 * not sent, so the server applies its defaults (no criterion, order {@code NAME_ASC}, offset 0, limit
 * {@code PREFECT_SERVER_API_DEFAULT_LIMIT}).
 *
 * <pre>{@code
 * FlowQuery query = FlowQuery.all().withFlowRuns(FlowRunFilter.all().withId(IdFilter.anyOf(id))).withLimit(10);
 * }</pre>
 *
 * @param flows criteria on the flows
 * @param flowRuns criteria on the flow runs
 * @param taskRuns criteria on the task runs
 * @param sort the order, or null
 * @param offset how many matches to skip, or null
 * @param limit how many matches to return at most, or null
 */
public record FlowQuery(
        FlowFilter flows,
        FlowRunFilter flowRuns,
        TaskRunFilter taskRuns,
        FlowSort sort,
        Integer offset,
        Integer limit) {

    private static final FlowQuery ALL = new FlowQuery(null, null, null, null, null, null);

    /** Returns the query for every match, in the server's default order and page size. */
    public static FlowQuery all() {
        return ALL;
    }

    /** Returns a copy with other criteria on the flows. */
    public FlowQuery withFlows(FlowFilter value) {
        return new FlowQuery(value, flowRuns, taskRuns, sort, offset, limit);
    }

    /** Returns a copy with other criteria on the flow runs. */
    public FlowQuery withFlowRuns(FlowRunFilter value) {
        return new FlowQuery(flows, value, taskRuns, sort, offset, limit);
    }

    /** Returns a copy with other criteria on the task runs. */
    public FlowQuery withTaskRuns(TaskRunFilter value) {
        return new FlowQuery(flows, flowRuns, value, sort, offset, limit);
    }

    /** Returns a copy with another order. */
    public FlowQuery withSort(FlowSort value) {
        return new FlowQuery(flows, flowRuns, taskRuns, value, offset, limit);
    }

    /** Returns a copy that skips {@code value} matches. */
    public FlowQuery withOffset(int value) {
        return new FlowQuery(flows, flowRuns, taskRuns, sort, value, limit);
    }

    /** Returns a copy that returns at most {@code value} matches. */
    public FlowQuery withLimit(int value) {
        return new FlowQuery(flows, flowRuns, taskRuns, sort, offset, value);
    }
}
