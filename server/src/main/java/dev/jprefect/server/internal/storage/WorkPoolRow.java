package dev.jprefect.server.internal.storage;

import java.util.Map;
import java.util.UUID;

/** A work pool, as Prefect's {@code WorkPool}: where workers of one type take their runs from. */
public final class WorkPoolRow extends Row<WorkPoolRow> {
    public static final Column<WorkPoolRow, String> NAME = Column.of("name", p -> p.name);
    /** A pool's name is unique. */
    public static final Index<WorkPoolRow> BY_NAME = Index.uniqueOn(NAME);
    public static final TableSpec<WorkPoolRow> TABLE = TableSpec.of("work_pool", BY_NAME);

    public String name;
    public String description;
    public String type;
    /** Immutable JSON object. */
    public Map<String, Object> baseJobTemplate = Map.of();
    public boolean isPaused;
    public Long concurrencyLimit;
    /** {@code READY}, {@code NOT_READY} or {@code PAUSED}; null for the {@code prefect-agent} type. */
    public String status;
    /** Immutable JSON object ({@code WorkPoolStorageConfiguration}). */
    public Map<String, Object> storageConfiguration = Map.of();
    public UUID defaultQueueId;

    @Override
    public WorkPoolRow copy() {
        WorkPoolRow c = copyBase(new WorkPoolRow());
        c.name = name;
        c.description = description;
        c.type = type;
        c.baseJobTemplate = baseJobTemplate;
        c.isPaused = isPaused;
        c.concurrencyLimit = concurrencyLimit;
        c.status = status;
        c.storageConfiguration = storageConfiguration;
        c.defaultQueueId = defaultQueueId;
        return c;
    }
}
