package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.models.Logs;
import dev.jprefect.server.internal.schema.Obj;
import java.util.List;

/** {@code /logs}: create a batch (201 with a {@code null} body, as Prefect's route returns nothing), filter. */
final class LogRoutes {
    private LogRoutes() {
    }

    static void register(Router router, Logs logs, ServerSettings settings, Guard guard) {
        router.add("POST", "/logs/", guard.versioned(call -> {
            List<?> batch = (List<?>) call.body(Logs.CREATE_BODY, true);
            logs.create(batch.stream().map(Obj::of).toList());
            return Responses.json(201, null);
        })).add("POST", "/logs/filter", guard.versioned(call -> {
            Obj body = call.bodyObj(Logs.FILTER_BODY, false);
            return Responses.ok(logs.filter(body, settings.limit(body)));
        }));
    }
}
