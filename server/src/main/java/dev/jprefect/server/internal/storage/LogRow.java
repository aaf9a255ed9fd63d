package dev.jprefect.server.internal.storage;

import java.time.Instant;
import java.util.UUID;

/** A log line of a run, as Prefect's {@code Log}. */
public final class LogRow extends Row<LogRow> {
    public static final Column<LogRow, Integer> LEVEL = Column.of("level", l -> l.level);
    public static final Column<LogRow, Instant> TIMESTAMP = Column.of("timestamp", l -> l.timestamp);
    public static final Column<LogRow, UUID> FLOW_RUN_ID = Column.of("flow_run_id", l -> l.flowRunId);
    public static final Column<LogRow, UUID> TASK_RUN_ID = Column.of("task_run_id", l -> l.taskRunId);
    public static final Column<LogRow, String> NAME = Column.of("name", l -> l.name);
    public static final Column<LogRow, String> MESSAGE = Column.of("message", l -> l.message);

    public static final Index<LogRow> BY_FLOW_RUN = Index.on(FLOW_RUN_ID);
    public static final Index<LogRow> BY_TASK_RUN = Index.on(TASK_RUN_ID);
    /** The log table: by run, and in time order (the logs' sort). */
    public static final TableSpec<LogRow> TABLE = TableSpec.of("log", BY_FLOW_RUN, BY_TASK_RUN, Index.sorted(TIMESTAMP));

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
