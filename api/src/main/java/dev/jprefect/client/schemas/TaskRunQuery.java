package dev.jprefect.client.schemas;

/**
 * The body of {@code POST /task_runs/filter}: which task runs to return, in what order, which page. Null parts are
 * not sent, so the server applies its defaults (no criterion, order {@code ID_DESC}, offset 0, limit
 * {@code PREFECT_SERVER_API_DEFAULT_LIMIT}).
 *
 * <pre>{@code
 * TaskRunQuery query = TaskRunQuery.all().withFlowRuns(FlowRunFilter.all().withId(IdFilter.anyOf(id))).withLimit(10);
 * }</pre>
 *
 * @param flows criteria on the flows
 * @param flowRuns criteria on the flow runs
 * @param taskRuns criteria on the task runs
 * @param sort the order, or null
 * @param offset how many matches to skip, or null
 * @param limit how many matches to return at most, or null
 */
public record TaskRunQuery(
        FlowFilter flows,
        FlowRunFilter flowRuns,
        TaskRunFilter taskRuns,
        TaskRunSort sort,
        Integer offset,
        Integer limit) {

    private static final TaskRunQuery ALL = new TaskRunQuery(null, null, null, null, null, null);

    /** Returns the query for every match, in the server's default order and page size. */
    public static TaskRunQuery all() {
        return ALL;
    }

    /** Returns a copy with other criteria on the flows. */
    public TaskRunQuery withFlows(FlowFilter value) {
        return new TaskRunQuery(value, flowRuns, taskRuns, sort, offset, limit);
    }

    /** Returns a copy with other criteria on the flow runs. */
    public TaskRunQuery withFlowRuns(FlowRunFilter value) {
        return new TaskRunQuery(flows, value, taskRuns, sort, offset, limit);
    }

    /** Returns a copy with other criteria on the task runs. */
    public TaskRunQuery withTaskRuns(TaskRunFilter value) {
        return new TaskRunQuery(flows, flowRuns, value, sort, offset, limit);
    }

    /** Returns a copy with another order. */
    public TaskRunQuery withSort(TaskRunSort value) {
        return new TaskRunQuery(flows, flowRuns, taskRuns, value, offset, limit);
    }

    /** Returns a copy that skips {@code value} matches. */
    public TaskRunQuery withOffset(int value) {
        return new TaskRunQuery(flows, flowRuns, taskRuns, sort, value, limit);
    }

    /** Returns a copy that returns at most {@code value} matches. */
    public TaskRunQuery withLimit(int value) {
        return new TaskRunQuery(flows, flowRuns, taskRuns, sort, offset, value);
    }
}
