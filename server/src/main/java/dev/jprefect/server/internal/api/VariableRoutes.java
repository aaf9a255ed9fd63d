package dev.jprefect.server.internal.api;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.http.Call;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.schema.Models;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.storage.Tables;
import dev.jprefect.server.internal.storage.VariableRow;
import dev.jprefect.transport.ApiResponse;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;

/** {@code /variables}: create, read, update and delete by id or by name, filter, count. */
final class VariableRoutes {
    static final String NOT_FOUND = "Variable not found.";

    private final Backend backend;
    private final Listing<VariableRow> listing;

    private VariableRoutes(Backend backend) {
        this.backend = backend;
        this.listing = new Listing<>(backend, Tables::variables, (f, body) -> f.variable(body.obj("variables")),
                Sorts::variables);
    }

    static void register(Router router, Backend backend, Guard guard) {
        VariableRoutes r = new VariableRoutes(backend);
        BiFunction<Tables, Call, Optional<VariableRow>> byId = (tx, call) -> tx.variables().get(call.pathUuid("id"));
        BiFunction<Tables, Call, Optional<VariableRow>> byName =
                (tx, call) -> tx.variables().findUnique(VariableRow.BY_NAME, call.path("name"));
        router.add("POST", "/variables/", guard.versioned(r::create))
                .add("GET", "/variables/{id:uuid}", guard.versioned(call -> r.read(call, byId)))
                .add("GET", "/variables/name/{name}", guard.versioned(call -> r.read(call, byName)))
                .add("POST", "/variables/filter",
                        guard.versioned(call -> r.listing.filter(call, Models.VARIABLE_FILTER_BODY, (v, now) -> Views.variable(v))))
                .add("POST", "/variables/count", guard.versioned(call -> r.listing.count(call, Models.VARIABLE_COUNT)))
                .add("PATCH", "/variables/{id:uuid}", guard.versioned(call -> r.update(call, byId)))
                .add("PATCH", "/variables/name/{name}", guard.versioned(call -> r.update(call, byName)))
                .add("DELETE", "/variables/{id:uuid}", guard.versioned(call -> r.delete(call, byId)))
                .add("DELETE", "/variables/name/{name}", guard.versioned(call -> r.delete(call, byName)));
    }

    /** Creates a variable (201); a name already taken is a 409, as the database's unique constraint makes it. */
    private ApiResponse create(Call call) {
        Obj body = call.bodyObj(Models.VARIABLE_CREATE, true);
        Instant now = backend.now();
        return backend.storage.write(tx -> {
            VariableRow v = new VariableRow();
            v.id = UUID.randomUUID();
            v.created = now;
            v.updated = now;
            v.name = body.string("name");
            v.value = body.raw("value");
            v.tags = body.list("tags");
            tx.variables().put(v);
            return Responses.json(201, Views.variable(v));
        });
    }

    private ApiResponse read(Call call, BiFunction<Tables, Call, Optional<VariableRow>> find) {
        return backend.storage.read(tx -> Responses.ok(Views.variable(
                find.apply(tx, call).orElseThrow(() -> ApiError.notFound(NOT_FOUND)))));
    }

    private ApiResponse update(Call call, BiFunction<Tables, Call, Optional<VariableRow>> find) {
        Obj body = call.bodyObj(Models.VARIABLE_UPDATE, true);
        return backend.storage.write(tx -> {
            VariableRow v = find.apply(tx, call).orElseThrow(() -> ApiError.notFound(NOT_FOUND));
            if (body.string("name") != null) {
                v.name = body.string("name");
            }
            if (body.has("value")) {
                v.value = body.raw("value");
            }
            if (body.list("tags") != null) {
                v.tags = body.list("tags");
            }
            v.updated = backend.now();
            tx.variables().put(v);
            return Responses.noContent();
        });
    }

    private ApiResponse delete(Call call, BiFunction<Tables, Call, Optional<VariableRow>> find) {
        return backend.storage.write(tx -> {
            VariableRow v = find.apply(tx, call).orElseThrow(() -> ApiError.notFound(NOT_FOUND));
            tx.variables().remove(v.id);
            return Responses.noContent();
        });
    }
}
