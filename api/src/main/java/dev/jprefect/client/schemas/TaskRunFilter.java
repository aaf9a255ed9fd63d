package dev.jprefect.client.schemas;

/**
 * Which task runs to match, Prefect's {@code TaskRunFilter} (the subflow-runs criterion is not
 * covered). Null criteria are not sent.
 *
 * <pre>{@code
 * TaskRunFilter ofRun = TaskRunFilter.all().withFlowRunId(IdFilter.anyOf(flowRunId));
 * }</pre>
 *
 * @param operator how the criteria combine, or null ({@code and_})
 * @param id criterion on the run id ({@code any_})
 * @param name criterion on the name ({@code any_}, {@code like_})
 * @param tags criterion on the tags ({@code all_}, {@code is_null_})
 * @param state criterion on the current state ({@code type.any_}, {@code name.any_})
 * @param startTime criterion on the start time ({@code before_}, {@code after_}, {@code is_null_})
 * @param endTime criterion on the end time ({@code before_}, {@code after_}, {@code is_null_})
 * @param expectedStartTime criterion on the expected start time ({@code before_}, {@code after_})
 * @param flowRunId criterion on the flow run ({@code operator}, {@code any_}, {@code is_null_})
 */
public record TaskRunFilter(
        Operator operator,
        IdFilter id,
        StringFilter name,
        TagsFilter tags,
        StateFilter state,
        TimeFilter startTime,
        TimeFilter endTime,
        TimeFilter expectedStartTime,
        IdFilter flowRunId) {

    private static final TaskRunFilter ALL = new TaskRunFilter(null, null, null, null, null, null, null, null, null);

    /** Returns the filter that matches every task run. */
    public static TaskRunFilter all() {
        return ALL;
    }

    /** Returns a copy with another operator. */
    public TaskRunFilter withOperator(Operator value) {
        return new TaskRunFilter(value, id, name, tags, state, startTime, endTime, expectedStartTime, flowRunId);
    }

    /** Returns a copy with another id criterion. */
    public TaskRunFilter withId(IdFilter value) {
        return new TaskRunFilter(operator, value, name, tags, state, startTime, endTime, expectedStartTime, flowRunId);
    }

    /** Returns a copy with another name criterion. */
    public TaskRunFilter withName(StringFilter value) {
        return new TaskRunFilter(operator, id, value, tags, state, startTime, endTime, expectedStartTime, flowRunId);
    }

    /** Returns a copy with another tags criterion. */
    public TaskRunFilter withTags(TagsFilter value) {
        return new TaskRunFilter(operator, id, name, value, state, startTime, endTime, expectedStartTime, flowRunId);
    }

    /** Returns a copy with another state criterion. */
    public TaskRunFilter withState(StateFilter value) {
        return new TaskRunFilter(operator, id, name, tags, value, startTime, endTime, expectedStartTime, flowRunId);
    }

    /** Returns a copy with another start time criterion. */
    public TaskRunFilter withStartTime(TimeFilter value) {
        return new TaskRunFilter(operator, id, name, tags, state, value, endTime, expectedStartTime, flowRunId);
    }

    /** Returns a copy with another flow run criterion. */
    public TaskRunFilter withFlowRunId(IdFilter value) {
        return new TaskRunFilter(operator, id, name, tags, state, startTime, endTime, expectedStartTime, value);
    }
}
