package dev.jprefect.server.internal.storage;

import java.time.Instant;
import java.util.UUID;

/** A completed task run state stored under its cache key, as Prefect's task run state cache. */
public final class CacheEntryRow extends Row<CacheEntryRow> {
    public static final Index<CacheEntryRow> BY_KEY = Index.many("cache_key", e -> e.cacheKey);
    /** Completed task run states stored under their cache key. */
    public static final TableSpec<CacheEntryRow> TABLE = TableSpec.of("task_run_state_cache", BY_KEY);

    public String cacheKey;
    /** When the entry stops counting, or null for never. */
    public Instant cacheExpiration;
    public UUID taskRunStateId;

    @Override
    public CacheEntryRow copy() {
        CacheEntryRow c = copyBase(new CacheEntryRow());
        c.cacheKey = cacheKey;
        c.cacheExpiration = cacheExpiration;
        c.taskRunStateId = taskRunStateId;
        return c;
    }
}
