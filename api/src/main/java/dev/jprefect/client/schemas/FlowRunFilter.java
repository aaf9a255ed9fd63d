package dev.jprefect.client.schemas;

/**
 * Which flow runs to match, Prefect's {@code FlowRunFilter} (the created-by criterion is not
 * covered). Null criteria are not sent.
 *
 * <pre>{@code
 * FlowRunFilter failed = FlowRunFilter.all()
 *         .withId(IdFilter.anyOf(a, b))
 *         .withState(StateFilter.typeIn(StateType.FAILED, StateType.CRASHED));
 * }</pre>
 *
 * @param operator how the criteria combine, or null ({@code and_})
 * @param id criterion on the run id ({@code any_}, {@code not_any_})
 * @param name criterion on the name ({@code any_}, {@code like_})
 * @param tags criterion on the tags ({@code all_}, {@code any_}, {@code is_null_})
 * @param deploymentId criterion on the deployment ({@code any_}, {@code is_null_})
 * @param workQueueName criterion on the work queue name ({@code any_}, {@code is_null_})
 * @param state criterion on the current state
 * @param flowVersion criterion on the flow version ({@code any_})
 * @param startTime criterion on the start time ({@code before_}, {@code after_}, {@code is_null_})
 * @param endTime criterion on the end time ({@code before_}, {@code after_}, {@code is_null_})
 * @param expectedStartTime criterion on the expected start time ({@code before_}, {@code after_})
 * @param nextScheduledStartTime criterion on the next scheduled start ({@code before_}, {@code after_})
 * @param parentFlowRunId criterion on the parent flow run of subflow runs ({@code any_})
 * @param parentTaskRunId criterion on the parent task run ({@code any_}, {@code is_null_})
 * @param idempotencyKey criterion on the idempotency key ({@code any_}, {@code not_any_})
 */
public record FlowRunFilter(
        Operator operator,
        IdFilter id,
        StringFilter name,
        TagsFilter tags,
        IdFilter deploymentId,
        StringFilter workQueueName,
        StateFilter state,
        StringFilter flowVersion,
        TimeFilter startTime,
        TimeFilter endTime,
        TimeFilter expectedStartTime,
        TimeFilter nextScheduledStartTime,
        IdFilter parentFlowRunId,
        IdFilter parentTaskRunId,
        StringFilter idempotencyKey) {

    private static final FlowRunFilter ALL = new FlowRunFilter(null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null);

    /** Returns the filter that matches every flow run. */
    public static FlowRunFilter all() {
        return ALL;
    }

    /** Returns a copy with another operator. */
    public FlowRunFilter withOperator(Operator value) {
        return new FlowRunFilter(value, id, name, tags, deploymentId, workQueueName, state, flowVersion, startTime,
                endTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId, idempotencyKey);
    }

    /** Returns a copy with another id criterion. */
    public FlowRunFilter withId(IdFilter value) {
        return new FlowRunFilter(operator, value, name, tags, deploymentId, workQueueName, state, flowVersion,
                startTime, endTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId,
                idempotencyKey);
    }

    /** Returns a copy with another name criterion. */
    public FlowRunFilter withName(StringFilter value) {
        return new FlowRunFilter(operator, id, value, tags, deploymentId, workQueueName, state, flowVersion,
                startTime, endTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId,
                idempotencyKey);
    }

    /** Returns a copy with another tags criterion. */
    public FlowRunFilter withTags(TagsFilter value) {
        return new FlowRunFilter(operator, id, name, value, deploymentId, workQueueName, state, flowVersion,
                startTime, endTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId,
                idempotencyKey);
    }

    /** Returns a copy with another state criterion. */
    public FlowRunFilter withState(StateFilter value) {
        return new FlowRunFilter(operator, id, name, tags, deploymentId, workQueueName, value, flowVersion,
                startTime, endTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId,
                idempotencyKey);
    }

    /** Returns a copy with another start time criterion. */
    public FlowRunFilter withStartTime(TimeFilter value) {
        return new FlowRunFilter(operator, id, name, tags, deploymentId, workQueueName, state, flowVersion, value,
                endTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId, idempotencyKey);
    }

    /** Returns a copy with another end time criterion. */
    public FlowRunFilter withEndTime(TimeFilter value) {
        return new FlowRunFilter(operator, id, name, tags, deploymentId, workQueueName, state, flowVersion,
                startTime, value, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId,
                idempotencyKey);
    }

    /** Returns a copy with another parent flow run criterion. */
    public FlowRunFilter withParentFlowRunId(IdFilter value) {
        return new FlowRunFilter(operator, id, name, tags, deploymentId, workQueueName, state, flowVersion,
                startTime, endTime, expectedStartTime, nextScheduledStartTime, value, parentTaskRunId,
                idempotencyKey);
    }

    /** Returns a copy with another parent task run criterion. */
    public FlowRunFilter withParentTaskRunId(IdFilter value) {
        return new FlowRunFilter(operator, id, name, tags, deploymentId, workQueueName, state, flowVersion,
                startTime, endTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, value,
                idempotencyKey);
    }

    /** Returns a copy with another idempotency key criterion. */
    public FlowRunFilter withIdempotencyKey(StringFilter value) {
        return new FlowRunFilter(operator, id, name, tags, deploymentId, workQueueName, state, flowVersion,
                startTime, endTime, expectedStartTime, nextScheduledStartTime, parentFlowRunId, parentTaskRunId,
                value);
    }
}
