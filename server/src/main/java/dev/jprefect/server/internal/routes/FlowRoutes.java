package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.models.Flows;
import java.util.Map;

/** {@code /flows}: create (by name, idempotently), read, read by name, update, delete, filter, count, paginate. */
final class FlowRoutes {
    static final String NOT_FOUND = "Flow not found";

    private FlowRoutes() {
    }

    /** Adds the routes in Prefect's order (it decides which route a path such as {@code /flows/count} hits). */
    static void register(Router router, Flows flows, ServerSettings settings, Guard guard) {
        router.add("POST", "/flows/", guard.versioned(call -> Answers.written(flows.create(call.bodyObj(Flows.CREATE_BODY, true)))))
                .add("PATCH", "/flows/{id:uuid}", guard.versioned(call -> Answers.noContent(
                        flows.update(call.pathUuid("id"), call.bodyObj(Flows.UPDATE_BODY, true)), NOT_FOUND)))
                .add("POST", "/flows/count", guard.versioned(call -> Responses.ok(flows.count(call.bodyObj(Flows.COUNT_BODY, false)))))
                .add("GET", "/flows/name/{name}", guard.versioned(call -> Answers.found(flows.readByName(call.path("name")), NOT_FOUND)))
                .add("GET", "/flows/{id:uuid}", guard.versioned(call -> Answers.found(flows.read(call.pathUuid("id")), NOT_FOUND)))
                .add("POST", "/flows/filter", guard.versioned(call -> {
                    var body = call.bodyObj(Flows.FILTER_BODY, false);
                    return Responses.ok(flows.filter(body, settings.limit(body)));
                }))
                .add("POST", "/flows/bulk_delete", guard.versioned(call -> Responses.ok(
                        Map.of("deleted", flows.bulkDelete(call.bodyObj(Flows.BULK_DELETE_BODY, false))))))
                .add("DELETE", "/flows/{id:uuid}", guard.versioned(call -> Answers.noContent(flows.delete(call.pathUuid("id")), NOT_FOUND)))
                .add("POST", "/flows/paginate", guard.versioned(call -> {
                    var body = call.bodyObj(Flows.PAGINATE_BODY, false);
                    return Responses.ok(flows.paginate(body, settings.limit(body)));
                }));
    }
}
