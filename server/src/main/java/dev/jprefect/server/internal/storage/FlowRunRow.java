package dev.jprefect.server.internal.storage;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A flow run, as Prefect's {@code FlowRun}. */
public final class FlowRunRow extends RunRow<FlowRunRow> {
    public static final Column<FlowRunRow, UUID> FLOW_ID = Column.of("flow_id", r -> r.flowId);
    public static final Column<FlowRunRow, UUID> DEPLOYMENT_ID = Column.of("deployment_id", r -> r.deploymentId);
    public static final Column<FlowRunRow, String> WORK_QUEUE_NAME = Column.of("work_queue_name", r -> r.workQueueName);
    public static final Column<FlowRunRow, UUID> WORK_QUEUE_ID = Column.of("work_queue_id", r -> r.workQueueId);
    public static final Column<FlowRunRow, String> FLOW_VERSION = Column.of("flow_version", r -> r.flowVersion);
    public static final Column<FlowRunRow, String> IDEMPOTENCY_KEY = Column.of("idempotency_key", r -> r.idempotencyKey);
    public static final Column<FlowRunRow, UUID> PARENT_TASK_RUN_ID = Column.of("parent_task_run_id", r -> r.parentTaskRunId);
    /** A run's start time, or its expected start time before it has started. */
    public static final Column<FlowRunRow, Instant> START_OR_EXPECTED_START_TIME = Column.of(
            "coalesce(start_time, expected_start_time)", r -> r.startTime != null ? r.startTime : r.expectedStartTime);

    public static final Index<FlowRunRow> BY_FLOW = Index.on(FLOW_ID);
    /** A flow run's idempotency key is unique within its flow. */
    public static final Index<FlowRunRow> BY_IDEMPOTENCY_KEY = Index.unique("flow_id, idempotency_key",
            r -> r.idempotencyKey == null ? null : Arrays.asList(r.flowId, r.idempotencyKey));
    public static final Index<FlowRunRow> BY_PARENT_TASK_RUN = Index.on(PARENT_TASK_RUN_ID);
    public static final Index<FlowRunRow> BY_DEPLOYMENT = Index.on(DEPLOYMENT_ID);
    /**
     * The flow run table. Besides its lookups, indexed for the filters and sorts Prefect's clients
     * and UI use most: by deployment, work queue, current state type and name, tag, in the
     * order of the id (the default sort) and of each time a run is filtered or sorted on, and by
     * flow, deployment or work queue together with the state type (a flow's, a deployment's or a
     * queue's runs in given states: the UI's pages and a worker's polls).
     */
    public static final TableSpec<FlowRunRow> TABLE = TableSpec.of("flow_run", BY_FLOW, BY_IDEMPOTENCY_KEY,
            BY_PARENT_TASK_RUN, BY_DEPLOYMENT, Index.on(WORK_QUEUE_NAME), Index.on(WORK_QUEUE_ID),
            Index.on(RunRow.<FlowRunRow>currentStateType()), Index.on(RunRow.<FlowRunRow>currentStateName()),
            Index.onElements(RunRow.<FlowRunRow>tags()), Index.sorted(Column.<FlowRunRow>id()), Index.sorted(RunRow.<FlowRunRow>expectedStartTime()),
            Index.sorted(START_OR_EXPECTED_START_TIME), Index.sorted(RunRow.<FlowRunRow>startTime()),
            Index.sorted(RunRow.<FlowRunRow>endTime()), Index.sorted(RunRow.<FlowRunRow>nextScheduledStartTime()),
            Index.on(List.of(FLOW_ID, RunRow.<FlowRunRow>currentStateType())),
            Index.on(List.of(DEPLOYMENT_ID, RunRow.<FlowRunRow>currentStateType())),
            Index.on(List.of(WORK_QUEUE_ID, RunRow.<FlowRunRow>currentStateType())));

    public UUID flowId;
    public UUID deploymentId;
    public String deploymentVersion;
    public String workQueueName;
    public String flowVersion;
    /** Immutable JSON object. */
    public Map<String, Object> parameters = Map.of();
    public String idempotencyKey;
    /** Immutable JSON object. */
    public Map<String, Object> context = Map.of();
    public UUID parentTaskRunId;
    public UUID infrastructureDocumentId;
    public String infrastructurePid;
    public UUID workQueueId;
    /** Immutable JSON object, or null. */
    public Map<String, Object> jobVariables;
    /** The pool of {@link #workQueueId}, kept with the run (a pool's name never changes), or null. */
    public UUID workPoolId;
    public String workPoolName;
    /** True for a run the scheduler made from a deployment's schedule. */
    public boolean autoScheduled;
    /** Who made the run ({@code CreatedBy}: id, type, display_value): an immutable JSON object, or null. */
    public Map<String, Object> createdBy;

    @Override
    public FlowRunRow copy() {
        FlowRunRow c = copyRun(new FlowRunRow());
        c.flowId = flowId;
        c.deploymentId = deploymentId;
        c.deploymentVersion = deploymentVersion;
        c.workQueueName = workQueueName;
        c.flowVersion = flowVersion;
        c.parameters = parameters;
        c.idempotencyKey = idempotencyKey;
        c.context = context;
        c.parentTaskRunId = parentTaskRunId;
        c.infrastructureDocumentId = infrastructureDocumentId;
        c.infrastructurePid = infrastructurePid;
        c.workQueueId = workQueueId;
        c.jobVariables = jobVariables;
        c.workPoolId = workPoolId;
        c.workPoolName = workPoolName;
        c.autoScheduled = autoScheduled;
        c.createdBy = createdBy;
        return c;
    }
}
