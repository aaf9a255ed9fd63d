package dev.jprefect.server.internal.api;

import dev.jprefect.server.internal.http.Call;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.schema.Models;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.storage.LogRow;
import dev.jprefect.server.internal.storage.Tables;
import dev.jprefect.transport.ApiResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code /logs}: create a batch, filter. */
final class LogRoutes {
    private final Backend backend;
    private final Listing<LogRow> listing;

    private LogRoutes(Backend backend) {
        this.backend = backend;
        this.listing = new Listing<>(backend, Tables::logs, (f, body) -> f.log(body.obj("logs")), Sorts::logs);
    }

    static void register(Router router, Backend backend, Guard guard) {
        LogRoutes r = new LogRoutes(backend);
        router.add("POST", "/logs/", guard.versioned(r::create))
                .add("POST", "/logs/filter",
                        guard.versioned(call -> r.listing.filter(call, Models.LOG_FILTER_BODY, (l, now) -> Views.log(l))));
    }

    /** Stores a batch of logs; answers 201 with a {@code null} body, as Prefect's route returns nothing. */
    @SuppressWarnings("unchecked")
    private ApiResponse create(Call call) {
        List<Object> logs = (List<Object>) call.body(Models.LOGS, true);
        Instant now = backend.now();
        backend.storage.write(tx -> {
            for (Object item : logs) {
                Obj log = Obj.of(item);
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
                tx.logs().put(row);
            }
            return null;
        });
        return Responses.json(201, null);
    }
}
