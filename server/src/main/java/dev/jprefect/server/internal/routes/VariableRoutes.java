package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.http.Call;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.models.Variables;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.transport.ApiResponse;
import java.util.function.Function;

/**
 * {@code /variables}: create (201; a name already taken is a 409, as the database's unique
 * constraint makes it), read, update and delete by id or by name, filter, count.
 */
final class VariableRoutes {
    static final String NOT_FOUND = "Variable not found.";

    private VariableRoutes() {
    }

    static void register(Router router, Variables variables, ServerSettings settings, Guard guard) {
        Function<Call, Variables.Key> byId = call -> new Variables.Key.ById(call.pathUuid("id"));
        Function<Call, Variables.Key> byName = call -> new Variables.Key.ByName(call.path("name"));
        router.add("POST", "/variables/", guard.versioned(call -> Responses.json(201,
                        variables.create(call.bodyObj(Variables.CREATE_BODY, true)))))
                .add("GET", "/variables/{id:uuid}", guard.versioned(call -> Answers.found(variables.read(byId.apply(call)), NOT_FOUND)))
                .add("GET", "/variables/name/{name}", guard.versioned(call -> Answers.found(variables.read(byName.apply(call)), NOT_FOUND)))
                .add("POST", "/variables/filter", guard.versioned(call -> {
                    Obj body = call.bodyObj(Variables.FILTER_BODY, false);
                    return Responses.ok(variables.filter(body, settings.limit(body)));
                }))
                .add("POST", "/variables/count", guard.versioned(call -> Responses.ok(
                        variables.count(call.bodyObj(Variables.COUNT_BODY, false)))))
                .add("PATCH", "/variables/{id:uuid}", guard.versioned(call -> update(call, variables, byId)))
                .add("PATCH", "/variables/name/{name}", guard.versioned(call -> update(call, variables, byName)))
                .add("DELETE", "/variables/{id:uuid}", guard.versioned(call -> Answers.noContent(variables.delete(byId.apply(call)), NOT_FOUND)))
                .add("DELETE", "/variables/name/{name}", guard.versioned(call -> Answers.noContent(variables.delete(byName.apply(call)), NOT_FOUND)));
    }

    private static ApiResponse update(Call call, Variables variables, Function<Call, Variables.Key> key) {
        Obj body = call.bodyObj(Variables.UPDATE_BODY, true);
        return Answers.noContent(variables.update(key.apply(call), body), NOT_FOUND);
    }
}
