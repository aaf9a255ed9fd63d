package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.models.WorkPools;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /work_queues}: Prefect's queue routes by id and by name (queues of the default agent
 * pool): create, update, read by name and by id, a queue's scheduled runs (a call marked as the
 * UI's, {@code X-Prefect-Ui: true}, does not count as a poll), filter, delete and the queue's
 * health. In Prefect's order of registration.
 */
final class WorkQueueRoutes {
    static final String NOT_FOUND = "work queue not found";
    /** The values pydantic reads as true in the {@code X-Prefect-Ui} header. */
    private static final Set<String> TRUE = Set.of("1", "true", "t", "yes", "y", "on");

    private static final Schema GET_RUNS_BODY = Schema.object("Body_read_work_queue_runs")
            .optional("scheduled_before", Schema.dateTime().nullable())
            .optional("agent_id", Schema.uuid().nullable())
            .optional("limit", Bodies.LIMIT);

    private WorkQueueRoutes() {
    }

    static void register(Router router, WorkPools pools, ServerSettings settings, Guard guard) {
        router.add("POST", "/work_queues/", guard.versioned(call -> Responses.json(201,
                        pools.createQueue(call.bodyObj(WorkPools.QUEUE_CREATE_BODY, true)))))
                .add("PATCH", "/work_queues/{id:uuid}", guard.versioned(call -> {
                    UUID id = call.pathUuid("id");
                    return Answers.noContent(pools.updateQueue(id, call.bodyObj(WorkPools.QUEUE_UPDATE_BODY, true)),
                            "Work Queue " + id + " not found");
                }))
                .add("GET", "/work_queues/name/{name}", guard.versioned(call -> Answers.found(
                        pools.readQueueByName(call.path("name")), NOT_FOUND)))
                .add("GET", "/work_queues/{id:uuid}", guard.versioned(call -> Answers.found(
                        pools.readQueue(call.pathUuid("id")), NOT_FOUND)))
                .add("POST", "/work_queues/{id:uuid}/get_runs", guard.versioned(call -> {
                    Obj body = call.bodyObj(GET_RUNS_BODY, false);
                    boolean fromUi = call.request().headers().first("X-Prefect-Ui")
                            .map(v -> TRUE.contains(v.toLowerCase(Locale.ROOT))).orElse(false);
                    UUID id = call.pathUuid("id");
                    return Responses.ok(pools.queueRuns(id, body.instant("scheduled_before"), settings.limit(body), !fromUi)
                            .orElseThrow(() -> ApiError.exceptionMessage(404, "Work queue with id " + id + " not found.")));
                }))
                .add("POST", "/work_queues/filter", guard.versioned(call -> {
                    Obj body = call.bodyObj(WorkPools.QUEUE_FILTER_BODY, false);
                    return Responses.ok(pools.filterQueues(body, settings.limit(body)));
                }))
                .add("DELETE", "/work_queues/{id:uuid}", guard.versioned(call -> Answers.noContent(
                        pools.deleteQueue(call.pathUuid("id")), NOT_FOUND)))
                .add("GET", "/work_queues/{id:uuid}/status", guard.versioned(call -> {
                    UUID id = call.pathUuid("id");
                    return Responses.ok(pools.queueStatus(id).orElseThrow(() -> // Prefect's ObjectNotFoundError
                            ApiError.exceptionMessage(404, "Work queue with id " + id + " not found")));
                }));
    }
}
