package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.storage.LogRow;
import dev.jprefect.server.internal.storage.Storage;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;

/** Logs, as Prefect's {@code models.logs}: create a batch, list. */
public final class Logs {
    private final Storage storage;
    private final InstantSource clock;
    private final Listing<LogRow> listing;

    Logs(Storage storage, InstantSource clock) {
        this.storage = storage;
        this.clock = clock;
        this.listing = new Listing<>(storage, clock, LogRow.TABLE, body -> Filters.log(body.obj("logs")), Sorts::logs);
    }

    /** Stores a batch of validated {@code LogCreate}s, all or none. */
    public void create(List<Obj> logs) {
        Instant now = clock.instant();
        storage.write(tx -> {
            for (Obj log : logs) {
                LogRow row = new LogRow();
                row.id = UUID.randomUUID();
                row.created = now;
                row.updated = now;
                row.name = log.string("name");
                row.level = Math.toIntExact(log.integer("level"));
                row.message = log.string("message");
                row.timestamp = log.instant("timestamp");
                row.flowRunId = log.uuid("flow_run_id");
                row.taskRunId = log.uuid("task_run_id");
                tx.table(LogRow.TABLE).put(row);
            }
            return null;
        });
    }

    public List<Object> filter(Obj body, int limit) {
        return listing.filter(body, limit, (l, now) -> Views.log(l));
    }
}
