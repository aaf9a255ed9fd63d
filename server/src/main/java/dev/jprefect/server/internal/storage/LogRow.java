package dev.jprefect.server.internal.storage;

import java.time.Instant;
import java.util.UUID;

/** A log line of a run, as Prefect's {@code Log}. */
public final class LogRow extends Row<LogRow> {
    public static final Index<LogRow> BY_FLOW_RUN = Index.many("flow_run_id", l -> l.flowRunId);
    public static final Index<LogRow> BY_TASK_RUN = Index.many("task_run_id", l -> l.taskRunId);

    public String name;
    public int level;
    public String message;
    public Instant timestamp;
    public UUID flowRunId;
    public UUID taskRunId;

    @Override
    public LogRow copy() {
        LogRow c = copyBase(new LogRow());
        c.name = name;
        c.level = level;
        c.message = message;
        c.timestamp = timestamp;
        c.flowRunId = flowRunId;
        c.taskRunId = taskRunId;
        return c;
    }
}
