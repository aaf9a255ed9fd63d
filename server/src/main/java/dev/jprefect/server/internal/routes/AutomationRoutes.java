package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.models.Automations;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.transport.ApiResponse;

/**
 * {@code /automations}: create (201), replace (PUT) and enable or disable (PATCH) with 204, read,
 * delete, filter, count, the automations related to a resource and the deletion of those a
 * resource owns (202), as Prefect 3.9.1's {@code api/automations.py}. An automation that is not
 * there is a 404 {@code {"exception_message": "Automation not found"}}.
 */
final class AutomationRoutes {
    private AutomationRoutes() {
    }

    static void register(Router router, Automations automations, ServerSettings settings,
            Guard guard) {
        router.add("POST", "/automations/", guard.versioned(call -> Responses.json(201,
                        automations.create(call.bodyObj(Automations.CREATE_BODY, true)))))
                .add("PUT", "/automations/{id:uuid}", guard.versioned(call -> {
                    Obj body = call.bodyObj(Automations.UPDATE_BODY, true);
                    return found(automations.update(call.pathUuid("id"), body));
                }))
                .add("PATCH", "/automations/{id:uuid}", guard.versioned(call -> {
                    Obj body = call.bodyObj(Automations.PARTIAL_UPDATE_BODY, true);
                    return found(automations.setEnabled(call.pathUuid("id"), body.isTrue("enabled")));
                }))
                .add("DELETE", "/automations/{id:uuid}", guard.versioned(call -> found(automations.delete(call.pathUuid("id")))))
                .add("POST", "/automations/filter", guard.versioned(call -> {
                    Obj body = call.bodyObj(Automations.FILTER_BODY, false);
                    return Responses.ok(automations.filter(body, settings.limit(body)));
                }))
                .add("POST", "/automations/count", guard.versioned(call -> Responses.ok(
                        automations.count(call.bodyObj(Automations.COUNT_BODY, false)))))
                .add("GET", "/automations/{id:uuid}", guard.versioned(call -> Responses.ok(automations.read(call.pathUuid("id"))
                        .orElseThrow(() -> notFound()))))
                .add("GET", "/automations/related-to/{resource_id}", guard.versioned(call -> Responses.ok(
                        automations.relatedTo(call.path("resource_id")))))
                .add("DELETE", "/automations/owned-by/{resource_id}", guard.versioned(call -> {
                    automations.deleteOwnedBy(call.path("resource_id"));
                    return Responses.json(202, null);
                }));
    }

    private static ApiError notFound() {
        return ApiError.exceptionMessage(404, Automations.NOT_FOUND);
    }

    private static ApiResponse found(boolean found) {
        if (!found) {
            throw notFound();
        }
        return Responses.noContent();
    }
}
