package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.models.ConcurrencyLimits;
import dev.jprefect.server.internal.models.TagConcurrencyLimits;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.transport.ApiResponse;
import java.util.Map;

/**
 * {@code /concurrency_limits}: task-run concurrency limits by tag, as Prefect 3.9.1 answers them
 * over its global limits. Create or update by tag (201 or 200), read by id or tag, list, delete,
 * reset, and one slot per tag for a task run (423 when a limit is 0 or full).
 */
final class TagConcurrencyLimitRoutes {

    private TagConcurrencyLimitRoutes() {
    }

    static void register(Router router, TagConcurrencyLimits limits, ServerSettings settings, Guard guard) {
        router.add("POST", "/concurrency_limits/", guard.versioned(call -> {
                    TagConcurrencyLimits.Upserted upserted = limits.upsert(call.bodyObj(TagConcurrencyLimits.CREATE_BODY, true));
                    return Responses.json(upserted.created() ? 201 : 200, upserted.view());
                }))
                .add("GET", "/concurrency_limits/{id:uuid}", guard.versioned(call -> Answers.found(
                        limits.read(call.pathUuid("id")), TagConcurrencyLimits.NOT_FOUND)))
                .add("GET", "/concurrency_limits/tag/{tag}", guard.versioned(call -> Answers.found(
                        limits.readByTag(call.path("tag")), TagConcurrencyLimits.NOT_FOUND)))
                .add("POST", "/concurrency_limits/filter", guard.versioned(call -> {
                    Obj body = call.bodyObj(ConcurrencyLimits.FILTER_BODY, false);
                    return Responses.ok(limits.filter(body.integer("offset"), settings.limit(body)));
                }))
                .add("POST", "/concurrency_limits/tag/{tag}/reset", guard.versioned(call -> {
                    String tag = call.path("tag");
                    Obj body = call.bodyObj(TagConcurrencyLimits.RESET_BODY, false);
                    return found(limits.reset(tag, body.list("slot_override")));
                }))
                .add("DELETE", "/concurrency_limits/{id:uuid}", guard.versioned(call -> found(limits.delete(call.pathUuid("id")))))
                .add("DELETE", "/concurrency_limits/tag/{tag}", guard.versioned(call -> found(limits.deleteByTag(call.path("tag")))))
                .add("POST", "/concurrency_limits/increment", guard.versioned(call -> {
                    Obj body = call.bodyObj(TagConcurrencyLimits.SLOT_BODY, true);
                    TagConcurrencyLimits.Taken taken = limits.increment(body.list("names"), body.uuid("task_run_id"));
                    if (taken.refusal() == null) {
                        return Responses.ok(taken.limits());
                    }
                    if (taken.retryAfterSeconds() == null) {
                        throw ApiError.detail(423, taken.refusal());
                    }
                    return Responses.json(423, Map.of("detail", taken.refusal())).toBuilder()
                            .header("Retry-After", Double.toString(taken.retryAfterSeconds())).build();
                }))
                .add("POST", "/concurrency_limits/decrement", guard.versioned(call -> {
                    Obj body = call.bodyObj(TagConcurrencyLimits.SLOT_BODY, true);
                    return Responses.ok(limits.decrement(body.list("names"), body.uuid("task_run_id")));
                }));
    }

    /** 200 with {@code null} (the routes return nothing), or 404 if there was no such limit. */
    private static ApiResponse found(boolean found) {
        if (!found) {
            throw ApiError.notFound(TagConcurrencyLimits.NOT_FOUND);
        }
        return Responses.ok(null);
    }
}
