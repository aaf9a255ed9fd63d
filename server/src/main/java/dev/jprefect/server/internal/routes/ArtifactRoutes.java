package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.models.Artifacts;
import dev.jprefect.server.internal.schema.Obj;

/**
 * {@code /artifacts}: create, read, update, delete, filter and count; and the latest artifact of
 * each key: by key, filter, count. In Prefect's order of registration.
 */
final class ArtifactRoutes {
    static final String NOT_FOUND = "Artifact not found.";

    private ArtifactRoutes() {
    }

    static void register(Router router, Artifacts artifacts, ServerSettings settings, Guard guard) {
        router.add("POST", "/artifacts/", guard.versioned(call -> Responses.json(201,
                        artifacts.create(call.bodyObj(Artifacts.CREATE_BODY, true)))))
                .add("GET", "/artifacts/{id:uuid}", guard.versioned(call -> Answers.found(artifacts.read(call.pathUuid("id")), NOT_FOUND)))
                .add("GET", "/artifacts/{key}/latest", guard.versioned(call -> Answers.found(artifacts.readLatest(call.path("key")), NOT_FOUND)))
                .add("POST", "/artifacts/filter", guard.versioned(call -> {
                    Obj body = call.bodyObj(Artifacts.FILTER_BODY, false);
                    return Responses.ok(artifacts.filter(body, settings.limit(body)));
                }))
                .add("POST", "/artifacts/latest/filter", guard.versioned(call -> {
                    Obj body = call.bodyObj(Artifacts.LATEST_FILTER_BODY, false);
                    return Responses.ok(artifacts.filterLatest(body, settings.limit(body)));
                }))
                .add("POST", "/artifacts/count", guard.versioned(call -> Responses.ok(
                        artifacts.count(call.bodyObj(Artifacts.COUNT_BODY, false)))))
                .add("POST", "/artifacts/latest/count", guard.versioned(call -> Responses.ok(
                        artifacts.countLatest(call.bodyObj(Artifacts.LATEST_COUNT_BODY, false)))))
                .add("PATCH", "/artifacts/{id:uuid}", guard.versioned(call -> Answers.noContent(
                        artifacts.update(call.pathUuid("id"), call.bodyObj(Artifacts.UPDATE_BODY, true)), NOT_FOUND)))
                .add("DELETE", "/artifacts/{id:uuid}", guard.versioned(call -> Answers.noContent(
                        artifacts.delete(call.pathUuid("id")), NOT_FOUND)));
    }
}
