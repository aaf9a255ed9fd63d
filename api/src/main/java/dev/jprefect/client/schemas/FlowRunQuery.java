package dev.jprefect.client.schemas;

/**
 * The body of {@code POST /flow_runs/filter}: which flow runs to return, in what order, which page. Null parts are
 * not sent, so the server applies its defaults (no criterion, order {@code ID_DESC}, offset 0, limit
 * {@code PREFECT_SERVER_API_DEFAULT_LIMIT}).
 *
 * <pre>{@code
 * FlowRunQuery query = FlowRunQuery.all().withFlowRuns(FlowRunFilter.all().withId(IdFilter.anyOf(id))).withLimit(10);
 * }</pre>
 *
 * @param flows criteria on the flows
 * @param flowRuns criteria on the flow runs
 * @param taskRuns criteria on the task runs
 * @param sort the order, or null
 * @param offset how many matches to skip, or null
 * @param limit how many matches to return at most, or null
 */
public record FlowRunQuery(
        FlowFilter flows,
        FlowRunFilter flowRuns,
        TaskRunFilter taskRuns,
        FlowRunSort sort,
        Integer offset,
        Integer limit) {

    private static final FlowRunQuery ALL = new FlowRunQuery(null, null, null, null, null, null);

    /** Returns the query for every match, in the server's default order and page size. */
    public static FlowRunQuery all() {
        return ALL;
    }

    /** Returns a copy with other criteria on the flows. */
    public FlowRunQuery withFlows(FlowFilter value) {
        return new FlowRunQuery(value, flowRuns, taskRuns, sort, offset, limit);
    }

    /** Returns a copy with other criteria on the flow runs. */
    public FlowRunQuery withFlowRuns(FlowRunFilter value) {
        return new FlowRunQuery(flows, value, taskRuns, sort, offset, limit);
    }

    /** Returns a copy with other criteria on the task runs. */
    public FlowRunQuery withTaskRuns(TaskRunFilter value) {
        return new FlowRunQuery(flows, flowRuns, value, sort, offset, limit);
    }

    /** Returns a copy with another order. */
    public FlowRunQuery withSort(FlowRunSort value) {
        return new FlowRunQuery(flows, flowRuns, taskRuns, value, offset, limit);
    }

    /** Returns a copy that skips {@code value} matches. */
    public FlowRunQuery withOffset(int value) {
        return new FlowRunQuery(flows, flowRuns, taskRuns, sort, value, limit);
    }

    /** Returns a copy that returns at most {@code value} matches. */
    public FlowRunQuery withLimit(int value) {
        return new FlowRunQuery(flows, flowRuns, taskRuns, sort, offset, value);
    }
}
