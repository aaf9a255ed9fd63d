package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.models.SavedSearches;
import dev.jprefect.server.internal.schema.Obj;

/**
 * {@code /saved_searches}: save (an upsert by name: 201 when new, 200 when the name's filters were
 * replaced), read and delete by id, and a page of them by name.
 */
final class SavedSearchRoutes {
    static final String NOT_FOUND = "Saved search not found";

    private SavedSearchRoutes() {
    }

    static void register(Router router, SavedSearches savedSearches, ServerSettings settings, Guard guard) {
        router.add("PUT", "/saved_searches/", guard.versioned(call -> Answers.written(
                        savedSearches.save(call.bodyObj(SavedSearches.CREATE_BODY, true)))))
                .add("GET", "/saved_searches/{id:uuid}", guard.versioned(call -> Answers.found(
                        savedSearches.read(call.pathUuid("id")), NOT_FOUND)))
                .add("POST", "/saved_searches/filter", guard.versioned(call -> {
                    Obj body = call.bodyObj(SavedSearches.FILTER_BODY, false);
                    return Responses.ok(savedSearches.filter(body, settings.limit(body)));
                }))
                .add("DELETE", "/saved_searches/{id:uuid}", guard.versioned(call -> Answers.noContent(
                        savedSearches.delete(call.pathUuid("id")), NOT_FOUND)));
    }
}
