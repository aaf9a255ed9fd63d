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
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@code /flows}: create (by name, idempotently), read, read by name, update, delete, filter, count, paginate. */
final class FlowRoutes {
    static final String NOT_FOUND = "Flow not found";

    private final Backend backend;

    private FlowRoutes(Backend backend) {
        this.backend = backend;
    }

    /** Adds the routes in Prefect's order (it decides which route a path such as {@code /flows/count} hits). */
    static void register(Router router, Backend backend, Guard guard) {
        FlowRoutes r = new FlowRoutes(backend);
        router.add("POST", "/flows/", guard.versioned(r::create))
                .add("PATCH", "/flows/{id}", guard.versioned(r::update))
                .add("POST", "/flows/count", guard.versioned(r::count))
                .add("GET", "/flows/name/{name}", guard.versioned(r::readByName))
                .add("GET", "/flows/{id}", guard.versioned(r::read))
                .add("POST", "/flows/filter", guard.versioned(r::filter))
                .add("DELETE", "/flows/{id}", guard.versioned(r::delete))
                .add("POST", "/flows/paginate", guard.versioned(r::paginate));
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

    private ApiResponse count(Call call) {
        Obj body = call.bodyObj(Models.FLOW_COUNT, false);
        return backend.storage.read(tx -> Responses.ok(matching(tx, body).size()));
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

    private ApiResponse filter(Call call) {
        Obj body = call.bodyObj(Models.FLOW_FILTER_BODY, false);
        int limit = backend.limit(body);
        return backend.storage.read(tx -> Responses.ok(Views.list(
                Sorts.page(matching(tx, body), Sorts.flows(body.string("sort")), body.integer("offset"), limit),
                Views::flow)));
    }

    private ApiResponse paginate(Call call) {
        Obj body = call.bodyObj(Models.FLOW_PAGINATE_BODY, false);
        int limit = backend.limit(body);
        long page = body.integer("page");
        return backend.storage.read(tx -> {
            List<FlowRow> all = matching(tx, body);
            List<FlowRow> results = Sorts.page(all, Sorts.flows(body.string("sort")), (page - 1) * limit, limit);
            return Responses.ok(Views.page(results, Views::flow, all.size(), limit, page));
        });
    }

    /** Deletes a flow and, as the database cascades, its flow runs with their task runs. */
    private ApiResponse delete(Call call) {
        UUID id = call.pathUuid("id");
        return backend.storage.write(tx -> {
            if (tx.flows().get(id).isEmpty()) {
                throw ApiError.notFound(NOT_FOUND);
            }
            for (FlowRunRow run : tx.flowRuns().findAll(FlowRunRow.BY_FLOW, id)) {
                FlowRunRoutes.deleteCascade(tx, run.id);
            }
            tx.flows().remove(id);
            return Responses.noContent();
        });
    }

    private static List<FlowRow> matching(Tables tx, Obj body) {
        return tx.flows().all().stream().filter(new Filters(tx).flowsQuery(body)).toList();
    }
}
