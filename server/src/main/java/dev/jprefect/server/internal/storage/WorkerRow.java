package dev.jprefect.server.internal.storage;

import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/** A worker of a work pool, as Prefect's {@code Worker}: known by the heartbeats it sends. */
public final class WorkerRow extends Row<WorkerRow> {
    /** A worker's name is unique within its pool. */
    public static final Index<WorkerRow> BY_POOL_AND_NAME = Index.unique("work_pool_id, name",
            w -> Arrays.asList(w.workPoolId, w.name));
    public static final Column<WorkerRow, UUID> WORK_POOL_ID = Column.of("work_pool_id", w -> w.workPoolId);
    public static final Index<WorkerRow> BY_POOL = Index.on(WORK_POOL_ID);
    public static final TableSpec<WorkerRow> TABLE = TableSpec.of("worker", BY_POOL_AND_NAME, BY_POOL);

    public String name;
    public UUID workPoolId;
    public Instant lastHeartbeatTime;
    public Long heartbeatIntervalSeconds;
    /** {@code ONLINE} or {@code OFFLINE}. */
    public String status = "OFFLINE";

    @Override
    public WorkerRow copy() {
        WorkerRow c = copyBase(new WorkerRow());
        c.name = name;
        c.workPoolId = workPoolId;
        c.lastHeartbeatTime = lastHeartbeatTime;
        c.heartbeatIntervalSeconds = heartbeatIntervalSeconds;
        c.status = status;
        return c;
    }
}
