package dev.jprefect.server.internal.storage;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/** A work queue of a work pool, as Prefect's {@code WorkQueue}. */
public final class WorkQueueRow extends Row<WorkQueueRow> {
    /** A queue's name is unique within its pool. */
    public static final Index<WorkQueueRow> BY_POOL_AND_NAME = Index.unique("work_pool_id, name",
            q -> Arrays.asList(q.workPoolId, q.name));
    public static final Column<WorkQueueRow, UUID> WORK_POOL_ID = Column.of("work_pool_id", q -> q.workPoolId);
    public static final Column<WorkQueueRow, String> NAME = Column.of("name", q -> q.name);
    public static final Index<WorkQueueRow> BY_POOL = Index.on(WORK_POOL_ID);
    public static final Index<WorkQueueRow> BY_NAME = Index.on(NAME);
    public static final TableSpec<WorkQueueRow> TABLE = TableSpec.of("work_queue", BY_POOL_AND_NAME, BY_POOL, BY_NAME);

    public String name;
    public String description = "";
    public boolean isPaused;
    public Long concurrencyLimit;
    public long priority = 1;
    public UUID workPoolId;
    public Instant lastPolled;
    /** {@code READY}, {@code NOT_READY} or {@code PAUSED}. */
    public String status = "NOT_READY";

    @Override
    public WorkQueueRow copy() {
        WorkQueueRow c = copyBase(new WorkQueueRow());
        c.name = name;
        c.description = description;
        c.isPaused = isPaused;
        c.concurrencyLimit = concurrencyLimit;
        c.priority = priority;
        c.workPoolId = workPoolId;
        c.lastPolled = lastPolled;
        c.status = status;
        return c;
    }
}
