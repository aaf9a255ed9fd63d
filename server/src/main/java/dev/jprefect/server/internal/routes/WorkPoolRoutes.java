package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.models.WorkPools;
import dev.jprefect.server.internal.schema.Obj;

/**
 * {@code /work_pools}: pools (create, read, filter, count, update, delete), a worker's poll for
 * scheduled runs, the pool's queues (create, read, filter, update, delete) and its workers
 * (heartbeat, filter, delete). In Prefect's order of registration.
 */
final class WorkPoolRoutes {
    private WorkPoolRoutes() {
    }

    static void register(Router router, WorkPools pools, ServerSettings settings, Guard guard) {
        router.add("POST", "/work_pools/", guard.versioned(call -> Responses.json(201,
                        pools.createPool(call.bodyObj(WorkPools.POOL_CREATE_BODY, true)))))
                .add("GET", "/work_pools/{name}", guard.versioned(call -> {
                    String name = call.path("name");
                    return Answers.found(pools.readPool(name), poolNotFound(name));
                }))
                .add("POST", "/work_pools/filter", guard.versioned(call -> {
                    Obj body = call.bodyObj(WorkPools.POOL_FILTER_BODY, false);
                    return Responses.ok(pools.filterPools(body, settings.limit(body)));
                }))
                .add("POST", "/work_pools/count", guard.versioned(call -> Responses.ok(
                        pools.countPools(call.bodyObj(WorkPools.POOL_COUNT_BODY, false)))))
                .add("PATCH", "/work_pools/{name}", guard.versioned(call -> {
                    String name = call.path("name");
                    return Answers.noContent(pools.updatePool(name, call.bodyObj(WorkPools.POOL_UPDATE_BODY, true)),
                            poolNotFound(name));
                }))
                .add("DELETE", "/work_pools/{name}", guard.versioned(call -> {
                    String name = call.path("name");
                    return Answers.noContent(pools.deletePool(name), poolNotFound(name));
                }))
                .add("POST", "/work_pools/{name}/get_scheduled_flow_runs", guard.versioned(call -> {
                    Obj body = call.bodyObj(WorkPools.SCHEDULED_RUNS_BODY, false);
                    return Responses.ok(pools.scheduledRuns(call.path("name"), body.list("work_queue_names"),
                            body.instant("scheduled_before"), body.instant("scheduled_after"), settings.limit(body)));
                }))
                .add("POST", "/work_pools/{work_pool_name}/queues", guard.versioned(call -> Responses.json(201,
                        pools.createQueue(call.path("work_pool_name"), call.bodyObj(WorkPools.QUEUE_CREATE_BODY, true)))))
                .add("GET", "/work_pools/{work_pool_name}/queues/{name}", guard.versioned(call -> Responses.ok(
                        pools.readQueue(call.path("work_pool_name"), call.path("name")))))
                .add("POST", "/work_pools/{work_pool_name}/queues/filter", guard.versioned(call -> {
                    Obj body = call.bodyObj(WorkPools.QUEUE_FILTER_BODY, false);
                    return Responses.ok(pools.filterQueues(call.path("work_pool_name"), body, settings.limit(body)));
                }))
                .add("PATCH", "/work_pools/{work_pool_name}/queues/{name}", guard.versioned(call -> {
                    pools.updateQueue(call.path("work_pool_name"), call.path("name"),
                            call.bodyObj(WorkPools.QUEUE_UPDATE_BODY, true));
                    return Responses.noContent();
                }))
                .add("DELETE", "/work_pools/{work_pool_name}/queues/{name}", guard.versioned(call -> {
                    pools.deleteQueue(call.path("work_pool_name"), call.path("name"));
                    return Responses.noContent();
                }))
                .add("POST", "/work_pools/{work_pool_name}/workers/heartbeat", guard.versioned(call -> {
                    Obj body = call.bodyObj(WorkPools.HEARTBEAT_BODY, true);
                    pools.heartbeat(call.path("work_pool_name"), body.string("name"), body.integer("heartbeat_interval_seconds"));
                    return Responses.noContent();
                }))
                .add("POST", "/work_pools/{work_pool_name}/workers/filter", guard.versioned(call -> {
                    Obj body = call.bodyObj(WorkPools.WORKER_FILTER_BODY, false);
                    return Responses.ok(pools.workers(call.path("work_pool_name"), body, settings.limit(body)));
                }))
                .add("DELETE", "/work_pools/{work_pool_name}/workers/{name}", guard.versioned(call -> {
                    if (!pools.deleteWorker(call.path("work_pool_name"), call.path("name"))) {
                        throw ApiError.notFound("Worker not found.");
                    }
                    return Responses.noContent();
                }));
    }

    private static String poolNotFound(String name) {
        return "Work pool \"" + name + "\" not found.";
    }
}
