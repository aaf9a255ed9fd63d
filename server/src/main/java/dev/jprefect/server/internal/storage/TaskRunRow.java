package dev.jprefect.server.internal.storage;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/** A task run, as Prefect's {@code TaskRun}. */
public final class TaskRunRow extends RunRow<TaskRunRow> {
    public static final Column<TaskRunRow, UUID> FLOW_RUN_ID = Column.of("flow_run_id", r -> r.flowRunId);

    public static final Index<TaskRunRow> BY_FLOW_RUN = Index.on(FLOW_RUN_ID);
    /** Within a flow run, a task key and dynamic key name one task run. */
    public static final Index<TaskRunRow> BY_TASK_KEY = Index.unique("flow_run_id, task_key, dynamic_key",
            r -> r.flowRunId == null ? null : Arrays.asList(r.flowRunId, r.taskKey, r.dynamicKey));
    /**
     * The task run table, indexed for its lookups and for the filters and sorts used most: by flow
     * run, current state type and name, tag, and in the order of the id and the run's times.
     */
    public static final TableSpec<TaskRunRow> TABLE = TableSpec.of("task_run", BY_FLOW_RUN, BY_TASK_KEY,
            Index.on(RunRow.<TaskRunRow>currentStateType()), Index.on(RunRow.<TaskRunRow>currentStateName()),
            Index.onElements(RunRow.<TaskRunRow>tags()), Index.sorted(Column.<TaskRunRow>id()), Index.sorted(RunRow.<TaskRunRow>expectedStartTime()),
            Index.sorted(RunRow.<TaskRunRow>startTime()), Index.sorted(RunRow.<TaskRunRow>endTime()));

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
