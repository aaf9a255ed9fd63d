package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.models.Names;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.models.TaskRuns;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;

/**
 * {@code /task_runs}: create (idempotent on flow run, task key and dynamic key), read, update,
 * delete, filter, count, paginate, and {@code set_state} through orchestration.
 */
final class TaskRunRoutes {
    /** Prefect's wording on read and delete. */
    static final String NOT_FOUND = "Task not found";
    /** Prefect's wording on update and set_state. */
    static final String RUN_NOT_FOUND = "Task run not found";

    private TaskRunRoutes() {
    }

    static void register(Router router, TaskRuns runs, ServerSettings settings, Guard guard, Names names) {
        Schema create = TaskRuns.createBody(names);
        router.add("POST", "/task_runs/", guard.versioned(call -> Answers.written(runs.create(call.bodyObj(create, true)))))
                .add("PATCH", "/task_runs/{id:uuid}", guard.versioned(call -> Answers.noContent(
                        runs.update(call.pathUuid("id"), call.bodyObj(TaskRuns.UPDATE_BODY, true)), RUN_NOT_FOUND)))
                .add("POST", "/task_runs/count", guard.versioned(call -> Responses.ok(
                        runs.count(call.bodyObj(TaskRuns.COUNT_BODY, false)))))
                .add("GET", "/task_runs/{id:uuid}", guard.versioned(call -> Answers.found(runs.read(call.pathUuid("id")), NOT_FOUND)))
                .add("POST", "/task_runs/filter", guard.versioned(call -> {
                    Obj body = call.bodyObj(TaskRuns.FILTER_BODY, false);
                    return Responses.ok(runs.filter(body, settings.limit(body)));
                }))
                .add("POST", "/task_runs/paginate", guard.versioned(call -> {
                    Obj body = call.bodyObj(TaskRuns.PAGINATE_BODY, false);
                    return Responses.ok(runs.paginate(body, settings.limit(body)));
                }))
                .add("DELETE", "/task_runs/{id:uuid}", guard.versioned(call -> Answers.noContent(runs.delete(call.pathUuid("id")), NOT_FOUND)))
                .add("POST", "/task_runs/{id:uuid}/set_state", guard.versioned(call -> {
                    var id = call.pathUuid("id");
                    Obj body = call.bodyObj(Bodies.SET_STATE_BODY, true);
                    return Answers.transitioned(runs.setState(id, body.obj("state"), body.isTrue("force")), "Task run", id);
                }));
    }
}
