package dev.jprefect.server.internal.storage;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/** A task run, as Prefect's {@code TaskRun}. */
public final class TaskRunRow extends RunRow<TaskRunRow> {
    public static final Index<TaskRunRow> BY_FLOW_RUN = Index.many("flow_run_id", r -> r.flowRunId);
    /** Within a flow run, a task key and dynamic key name one task run. */
    public static final Index<TaskRunRow> BY_TASK_KEY = Index.unique("flow_run_id, task_key, dynamic_key",
            r -> r.flowRunId == null ? null : Arrays.asList(r.flowRunId, r.taskKey, r.dynamicKey));
    public static final TableSpec<TaskRunRow> TABLE = TableSpec.of("task_run", BY_FLOW_RUN, BY_TASK_KEY);

    public static final Column<TaskRunRow, UUID> FLOW_RUN_ID = Column.of("flow_run_id", r -> r.flowRunId);

    public UUID flowRunId;
    public String taskKey;
    public String dynamicKey;
    public String cacheKey;
    public Instant cacheExpiration;
    public String taskVersion;
    /** Immutable JSON object of input references. */
    public Map<String, Object> taskInputs = Map.of();
    /** The run count of the flow run when this task run last entered Running. */
    public int flowRunRunCount;

    @Override
    public TaskRunRow copy() {
        TaskRunRow c = copyRun(new TaskRunRow());
        c.flowRunId = flowRunId;
        c.taskKey = taskKey;
        c.dynamicKey = dynamicKey;
        c.cacheKey = cacheKey;
        c.cacheExpiration = cacheExpiration;
        c.taskVersion = taskVersion;
        c.taskInputs = taskInputs;
        c.flowRunRunCount = flowRunRunCount;
        return c;
    }
}
