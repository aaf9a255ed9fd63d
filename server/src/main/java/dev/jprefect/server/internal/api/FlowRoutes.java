package dev.jprefect.server.internal.api;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.http.Call;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.schema.Models;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.storage.FlowRow;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.Tables;
import dev.jprefect.transport.ApiResponse;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** {@code /flows}: create (by name, idempotently), read, read by name, update, delete, filter, count, paginate. */
final class FlowRoutes {
    static final String NOT_FOUND = "Flow not found";

    private final Backend backend;
    private final Listing<FlowRow> listing;

    private FlowRoutes(Backend backend) {
        this.backend = backend;
        this.listing = new Listing<>(backend, Tables::flows, Filters::flowsQuery, Sorts::flows);
    }

    /** Adds the routes in Prefect's order (it decides which route a path such as {@code /flows/count} hits). */
    static void register(Router router, Backend backend, Guard guard) {
        FlowRoutes r = new FlowRoutes(backend);
        router.add("POST", "/flows/", guard.versioned(r::create))
                .add("PATCH", "/flows/{id}", guard.versioned(r::update))
                .add("POST", "/flows/count", guard.versioned(call -> r.listing.count(call, Models.FLOW_COUNT)))
                .add("GET", "/flows/name/{name}", guard.versioned(r::readByName))
                .add("GET", "/flows/{id}", guard.versioned(r::read))
                .add("POST", "/flows/filter", guard.versioned(call -> r.listing.filter(call, Models.FLOW_FILTER_BODY, FlowRoutes::view)))
                .add("POST", "/flows/bulk_delete", guard.versioned(call -> r.listing.bulkDelete(call, Models.FLOW_BULK_DELETE,
                        FlowRoutes::deleteCascade)))
                .add("DELETE", "/flows/{id}", guard.versioned(r::delete))
                .add("POST", "/flows/paginate", guard.versioned(call -> r.listing.paginate(call, Models.FLOW_PAGINATE_BODY, FlowRoutes::view)));
    }

    /** Creates a flow, or returns the flow of that name if there is one (200 instead of 201). */
    private ApiResponse create(Call call) {
        Obj body = call.bodyObj(Models.FLOW_CREATE, true);
        Instant now = backend.now();
        return backend.storage.write(tx -> {
            Optional<FlowRow> existing = tx.flows().findUnique(FlowRow.BY_NAME, body.string("name"));
            if (existing.isPresent()) {
                return Responses.json(200, Views.flow(existing.get()));
            }
            FlowRow flow = new FlowRow();
            flow.id = UUID.randomUUID();
            flow.created = now;
            flow.updated = now;
            flow.name = body.string("name");
            flow.tags = body.list("tags");
            flow.labels = body.map("labels");
            tx.flows().put(flow);
            return Responses.json(201, Views.flow(flow));
        });
    }

    private ApiResponse update(Call call) {
        UUID id = call.pathUuid("id");
        Obj body = call.bodyObj(Models.FLOW_UPDATE, true);
        return backend.storage.write(tx -> {
            FlowRow flow = tx.flows().get(id).orElseThrow(() -> ApiError.notFound(NOT_FOUND));
            if (body.has("tags")) {
                flow.tags = body.list("tags");
            }
            flow.updated = backend.now();
            tx.flows().put(flow);
            return Responses.noContent();
        });
    }

    private static Object view(FlowRow flow, Instant now) {
        return Views.flow(flow);
    }

    private ApiResponse readByName(Call call) {
        String name = call.path("name");
        return backend.storage.read(tx -> Responses.ok(Views.flow(
                tx.flows().findUnique(FlowRow.BY_NAME, name).orElseThrow(() -> ApiError.notFound(NOT_FOUND)))));
    }

    private ApiResponse read(Call call) {
        UUID id = call.pathUuid("id");
        return backend.storage.read(tx -> Responses.ok(Views.flow(
                tx.flows().get(id).orElseThrow(() -> ApiError.notFound(NOT_FOUND)))));
    }

    /** Deletes a flow and, as the database cascades, its flow runs with their task runs. */
    private ApiResponse delete(Call call) {
        UUID id = call.pathUuid("id");
        return backend.storage.write(tx -> {
            if (tx.flows().get(id).isEmpty()) {
                throw ApiError.notFound(NOT_FOUND);
            }
            deleteCascade(tx, id);
            return Responses.noContent();
        });
    }

    /** Deletes a flow with its flow runs, as the database cascades. */
    static void deleteCascade(Tables tx, UUID id) {
        for (FlowRunRow run : tx.flowRuns().findAll(FlowRunRow.BY_FLOW, id)) {
            FlowRunRoutes.deleteCascade(tx, run.id);
        }
        tx.flows().remove(id);
    }
}
