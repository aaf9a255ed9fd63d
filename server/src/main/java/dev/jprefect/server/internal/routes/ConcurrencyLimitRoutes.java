package dev.jprefect.server.internal.routes;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.http.Call;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.models.ConcurrencyLimits;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.transport.ApiResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /v2/concurrency_limits}: global concurrency limits, as Prefect 3.9.1 answers them. Create
 * (201; a taken name is a 409), read, update and delete by id or name, list by name; take slots
 * (with or without a lease; 423 with {@code Retry-After} when a limit is full), give them back by
 * name or by lease, renew a lease (410 when it is gone).
 */
final class ConcurrencyLimitRoutes {
    static final String NOT_FOUND = "Concurrency Limit not found";

    private ConcurrencyLimitRoutes() {
    }

    static void register(Router router, ConcurrencyLimits limits, ServerSettings settings, Guard guard) {
        router.add("POST", "/v2/concurrency_limits/", guard.versioned(call -> Responses.json(201,
                        limits.create(call.bodyObj(ConcurrencyLimits.CREATE_BODY, true)))))
                .add("GET", "/v2/concurrency_limits/{id_or_name}", guard.versioned(call -> Answers.found(
                        limits.read(key(call)), NOT_FOUND)))
                .add("POST", "/v2/concurrency_limits/filter", guard.versioned(call -> {
                    Obj body = call.bodyObj(ConcurrencyLimits.FILTER_BODY, false);
                    return Responses.ok(limits.filter(body.integer("offset"), settings.limit(body)));
                }))
                .add("PATCH", "/v2/concurrency_limits/{id_or_name}", guard.versioned(call -> {
                    Obj body = call.bodyObj(ConcurrencyLimits.UPDATE_BODY, true);
                    return Answers.noContent(limits.update(key(call), body), NOT_FOUND);
                }))
                .add("DELETE", "/v2/concurrency_limits/{id_or_name}", guard.versioned(call -> Answers.noContent(
                        limits.delete(key(call)), NOT_FOUND)))
                .add("POST", "/v2/concurrency_limits/increment", guard.versioned(call -> {
                    Obj body = call.bodyObj(ConcurrencyLimits.INCREMENT_BODY, true);
                    ConcurrencyLimits.Slots slots = limits.increment(body.list("names"), body.integer("slots"),
                            body.string("mode"), null, null);
                    return slots.taken() ? Responses.ok(slots.limits()) : locked(slots.retryAfterSeconds());
                }))
                .add("POST", "/v2/concurrency_limits/increment-with-lease", guard.versioned(call -> {
                    Obj body = call.bodyObj(ConcurrencyLimits.INCREMENT_WITH_LEASE_BODY, true);
                    ConcurrencyLimits.Slots slots = limits.increment(body.list("names"), body.integer("slots"),
                            body.string("mode"), body.number("lease_duration"), body.obj("holder"));
                    if (!slots.taken()) {
                        return locked(slots.retryAfterSeconds());
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("lease_id", slots.leaseId());
                    out.put("limits", slots.limits());
                    return Responses.ok(out);
                }))
                .add("POST", "/v2/concurrency_limits/decrement", guard.versioned(call -> {
                    Obj body = call.bodyObj(ConcurrencyLimits.DECREMENT_BODY, true);
                    return Responses.ok(limits.decrement(body.list("names"), body.integer("slots"),
                            body.number("occupancy_seconds")));
                }))
                .add("POST", "/v2/concurrency_limits/decrement-with-lease", guard.versioned(call -> {
                    limits.decrementLease(call.bodyObj(ConcurrencyLimits.DECREMENT_WITH_LEASE_BODY, true).uuid("lease_id"));
                    return Responses.noContent();
                }))
                .add("POST", "/v2/concurrency_limits/leases/{lease_id}/renew", guard.versioned(call -> {
                    UUID leaseId = (UUID) call.pathChoice("lease_id", Schema.uuid()); // a 422 at path.lease_id, as FastAPI's
                    Obj body = call.bodyObj(ConcurrencyLimits.RENEW_BODY, false);
                    if (!limits.renew(leaseId, body.number("lease_duration"))) {
                        throw ApiError.detail(410,
                                "Lease not found - it may have expired or been revoked");
                    }
                    return Responses.noContent();
                }));
    }

    /** The limit a path's {@code id_or_name} means: an id when it reads as one, as Python's {@code UUID(...)} reads it. */
    private static ConcurrencyLimits.Key key(Call call) {
        return ConcurrencyLimits.Key.of(call.path("id_or_name"));
    }

    /** FastAPI's 423 without a detail, advising a wait as Python writes a float. */
    static ApiResponse locked(double retryAfterSeconds) {
        return Responses.json(423, Map.of("detail", "Locked")).toBuilder()
                .header("Retry-After", Double.toString(retryAfterSeconds)).build();
    }
}
