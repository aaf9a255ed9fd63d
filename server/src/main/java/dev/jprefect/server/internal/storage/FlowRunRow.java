package dev.jprefect.server.internal.storage;

import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/** A flow run, as Prefect's {@code FlowRun}. */
public final class FlowRunRow extends RunRow<FlowRunRow> {
    public static final Index<FlowRunRow> BY_FLOW = Index.many("flow_id", r -> r.flowId);
    /** A flow run's idempotency key is unique within its flow. */
    public static final Index<FlowRunRow> BY_IDEMPOTENCY_KEY = Index.unique("flow_id, idempotency_key",
            r -> r.idempotencyKey == null ? null : Arrays.asList(r.flowId, r.idempotencyKey));
    public static final Index<FlowRunRow> BY_PARENT_TASK_RUN = Index.many("parent_task_run_id", r -> r.parentTaskRunId);

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
        return c;
    }
}
