package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.models.Names;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.models.FlowRuns;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.schema.Obj;
import java.util.Map;

/**
 * {@code /flow_runs}: create (idempotent on flow and idempotency key), read, update, update labels,
 * delete, filter, count, paginate, lateness, and {@code set_state} through orchestration.
 */
final class FlowRunRoutes {
    static final String NOT_FOUND = "Flow run not found";

    private FlowRunRoutes() {
    }

    static void register(Router router, FlowRuns runs, ServerSettings settings, Guard guard, Names names) {
        Schema create = FlowRuns.createBody(names);
        router.add("POST", "/flow_runs/", guard.versioned(call -> Answers.written(runs.create(call.bodyObj(create, true)))))
                .add("PATCH", "/flow_runs/{id:uuid}", guard.versioned(call -> Answers.noContent(
                        runs.update(call.pathUuid("id"), call.bodyObj(FlowRuns.UPDATE_BODY, true)), NOT_FOUND)))
                .add("POST", "/flow_runs/count", guard.versioned(call -> Responses.ok(
                        runs.count(call.bodyObj(FlowRuns.COUNT_BODY, false)))))
                .add("POST", "/flow_runs/lateness", guard.versioned(call -> Responses.ok(
                        runs.lateness(call.bodyObj(FlowRuns.COUNT_BODY, false)))))
                .add("GET", "/flow_runs/{id:uuid}", guard.versioned(call -> Answers.found(runs.read(call.pathUuid("id")), NOT_FOUND)))
                .add("POST", "/flow_runs/filter", guard.versioned(call -> {
                    Obj body = call.bodyObj(FlowRuns.FILTER_BODY, false);
                    return Responses.ok(runs.filter(body, settings.limit(body))); // written after the read: views are snapshots
                }))
                .add("POST", "/flow_runs/bulk_delete", guard.versioned(call -> Responses.ok(
                        Map.of("deleted", runs.bulkDelete(call.bodyObj(FlowRuns.BULK_DELETE_BODY, false))))))
                .add("DELETE", "/flow_runs/{id:uuid}", guard.versioned(call -> Answers.noContent(runs.delete(call.pathUuid("id")), NOT_FOUND)))
                .add("POST", "/flow_runs/{id:uuid}/set_state", guard.versioned(call -> {
                    var id = call.pathUuid("id");
                    Obj body = call.bodyObj(Bodies.SET_STATE_BODY, true);
                    return Answers.transitioned(runs.setState(id, body.obj("state"), body.isTrue("force")), "Flow run", id);
                }))
                .add("POST", "/flow_runs/paginate", guard.versioned(call -> {
                    Obj body = call.bodyObj(FlowRuns.PAGINATE_BODY, false);
                    return Responses.ok(runs.paginate(body, settings.limit(body)));
                }))
                .add("PATCH", "/flow_runs/{id:uuid}/labels", guard.versioned(call -> {
                    var id = call.pathUuid("id");
                    Map<String, Object> labels = Obj.of(call.body(Bodies.LABELS_UPDATE, true)).asMap();
                    return Answers.noContent(runs.updateLabels(id, labels), NOT_FOUND);
                }));
    }
}
