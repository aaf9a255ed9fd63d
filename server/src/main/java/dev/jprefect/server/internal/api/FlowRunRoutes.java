package dev.jprefect.server.internal.api;

import dev.jprefect.server.internal.http.ApiError;
import dev.jprefect.server.internal.http.Call;
import dev.jprefect.server.internal.http.Responses;
import dev.jprefect.server.internal.http.Router;
import dev.jprefect.server.internal.orchestration.Policies;
import dev.jprefect.server.internal.orchestration.States;
import dev.jprefect.server.internal.schema.Models;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.FlowRow;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.LogRow;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.StateType;
import dev.jprefect.server.internal.storage.Tables;
import dev.jprefect.server.internal.storage.TaskRunRow;
import dev.jprefect.transport.ApiResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /flow_runs}: create (idempotent on flow and idempotency key), read, update, update labels,
 * delete, filter, count, paginate, and {@code set_state} through orchestration.
 */
final class FlowRunRoutes {
    static final String NOT_FOUND = "Flow run not found";
    /** Prefect's answer when a write breaks a database constraint. */
    static final String INTEGRITY_CONFLICT = "Data integrity conflict. This usually means a unique or foreign key"
            + " constraint was violated. See server logs for details.";

    private final Backend backend;
    private final Schema createSchema;
    private final Listing<FlowRunRow> listing;

    private FlowRunRoutes(Backend backend) {
        this.backend = backend;
        this.createSchema = Models.flowRunCreate(backend.names::next);
        this.listing = new Listing<>(backend, Tables::flowRuns, Filters::flowRunsQuery, Sorts::flowRuns);
    }

    static void register(Router router, Backend backend, Guard guard) {
        FlowRunRoutes r = new FlowRunRoutes(backend);
        router.add("POST", "/flow_runs/", guard.versioned(r::create))
                .add("PATCH", "/flow_runs/{id}", guard.versioned(r::update))
                .add("POST", "/flow_runs/count", guard.versioned(call -> r.listing.count(call, Models.FLOW_RUN_COUNT)))
                .add("POST", "/flow_runs/lateness", guard.versioned(r::lateness))
                .add("GET", "/flow_runs/{id}", guard.versioned(r::read))
                .add("POST", "/flow_runs/filter",
                        guard.versioned(call -> r.listing.filter(call, Models.FLOW_RUN_FILTER_BODY, Views::flowRun)))
                .add("POST", "/flow_runs/bulk_delete", guard.versioned(call -> r.listing.bulkDelete(call,
                        Models.FLOW_RUN_BULK_DELETE, FlowRunRoutes::deleteCascade)))
                .add("DELETE", "/flow_runs/{id}", guard.versioned(r::delete))
                .add("POST", "/flow_runs/{id}/set_state", guard.versioned(SetStateRoute.handler(backend, backend.orchestrator::setFlowRunState, NOT_FOUND)))
                .add("POST", "/flow_runs/paginate",
                        guard.versioned(call -> r.listing.paginate(call, Models.FLOW_RUN_PAGINATE_BODY, Views::flowRun)))
                .add("PATCH", "/flow_runs/{id}/labels", guard.versioned(r::updateLabels));
    }

    /**
     * Creates a flow run in its given state (Pending if none), or returns the run of the same flow
     * with the same idempotency key (200 instead of 201).
     */
    private ApiResponse create(Call call) {
        Obj body = call.bodyObj(createSchema, true);
        return backend.storage.write(tx -> {
            UUID flowId = body.uuid("flow_id");
            String key = body.string("idempotency_key");
            if (key != null) {
                Optional<FlowRunRow> existing = tx.flowRuns().findUnique(FlowRunRow.BY_IDEMPOTENCY_KEY, Arrays.asList(flowId, key));
                if (existing.isPresent()) {
                    return Responses.json(200, Views.flowRun(existing.get(), backend.now()));
                }
            }
            FlowRow flow = tx.flows().get(flowId).orElseThrow(FlowRunRoutes::integrityConflict);
            UUID parent = body.uuid("parent_task_run_id");
            if (parent != null && tx.taskRuns().get(parent).isEmpty()) {
                throw integrityConflict();
            }
            if (body.uuid("deployment_id") != null || body.uuid("infrastructure_document_id") != null) {
                throw integrityConflict(); // no deployments or infrastructure documents are stored here
            }
            Instant now = backend.now();
            FlowRunRow run = new FlowRunRow();
            run.id = UUID.randomUUID();
            run.created = now;
            run.updated = now;
            run.name = body.string("name");
            run.flowId = flowId;
            run.flowVersion = body.string("flow_version");
            run.parameters = body.map("parameters");
            run.context = body.map("context");
            run.parentTaskRunId = parent;
            run.empiricalPolicy = Policies.normalize(body.map("empirical_policy"));
            run.tags = body.list("tags");
            run.labels = labels(flow, body.map("labels"));
            run.idempotencyKey = key;
            run.workQueueName = body.string("work_queue_name");
            run.jobVariables = body.map("job_variables");
            tx.flowRuns().put(run);
            Obj state = body.obj("state");
            StateRow initial = state != null ? States.fromCreate(state, now)
                    : States.fromCreate(Obj.of(Map.of("type", StateType.PENDING.name())), now);
            backend.orchestrator.setFlowRunState(tx, run.id, initial, true);
            return Responses.json(201, Views.flowRun(tx.flowRuns().get(run.id).orElseThrow(), now));
        });
    }

    /** A flow run's labels: its flow's, then the system's {@code prefect.flow.id}, then the client's. */
    private static Map<String, Object> labels(FlowRow flow, Map<String, Object> given) {
        Map<String, Object> labels = new LinkedHashMap<>();
        if (flow.labels != null) {
            labels.putAll(flow.labels);
        }
        labels.put("prefect.flow.id", flow.id.toString());
        if (given != null) {
            labels.putAll(given);
        }
        return Collections.unmodifiableMap(labels);
    }

    private ApiResponse update(Call call) {
        UUID id = call.pathUuid("id");
        Obj body = call.bodyObj(Models.FLOW_RUN_UPDATE, true);
        return backend.storage.write(tx -> {
            FlowRunRow run = tx.flowRuns().get(id).orElseThrow(() -> ApiError.notFound(NOT_FOUND));
            if (body.raw("job_variables") != null) {
                checkJobVariablesUpdatable(run);
            }
            if (body.has("name") && body.string("name") != null) {
                run.name = body.string("name");
            }
            if (body.has("flow_version")) {
                run.flowVersion = body.string("flow_version");
            }
            if (body.has("parameters")) {
                run.parameters = body.map("parameters");
            }
            if (body.has("empirical_policy")) {
                run.empiricalPolicy = Policies.normalize(body.map("empirical_policy"));
            }
            if (body.has("tags")) {
                run.tags = body.list("tags");
            }
            if (body.has("infrastructure_pid")) {
                run.infrastructurePid = body.string("infrastructure_pid");
            }
            if (body.has("job_variables")) {
                run.jobVariables = body.map("job_variables");
            }
            run.updated = backend.now();
            tx.flowRuns().put(run);
            return Responses.noContent();
        });
    }

    /** Job variables belong to deployments' scheduled runs, as Prefect checks them. */
    private static void checkJobVariablesUpdatable(FlowRunRow run) {
        if (run.state == null) {
            throw ApiError.detail(400, "Flow run state is required to update job variables but none exists");
        }
        if (run.state.type != StateType.SCHEDULED) {
            throw ApiError.detail(400, "Job variables for a flow run in state " + run.state.type + " cannot be updated");
        }
        throw ApiError.detail(400, "A deployment for the flow run could not be found");
    }

    private ApiResponse updateLabels(Call call) {
        UUID id = call.pathUuid("id");
        Map<String, Object> given = Obj.of(call.body(Schema.anyObject(), true)).asMap();
        return backend.storage.write(tx -> {
            FlowRunRow run = tx.flowRuns().get(id).orElseThrow(() -> ApiError.notFound(NOT_FOUND));
            Map<String, Object> labels = new LinkedHashMap<>(run.labels == null ? Map.of() : run.labels);
            labels.putAll(given);
            run.labels = Collections.unmodifiableMap(labels);
            run.updated = backend.now();
            tx.flowRuns().put(run);
            return Responses.noContent();
        });
    }

    /** The average lateness in seconds of the matching runs (see {@code estimated_start_time_delta}), or null. */
    private ApiResponse lateness(Call call) {
        Obj body = call.bodyObj(Models.FLOW_RUN_COUNT, false);
        Instant now = backend.now();
        return backend.storage.read(tx -> {
            List<FlowRunRow> runs = listing.matching(tx, body);
            if (runs.isEmpty()) {
                return Responses.ok(null);
            }
            double total = 0;
            for (FlowRunRow run : runs) {
                total += Views.estimatedStartTimeDelta(run, now).toNanos() / 1e9;
            }
            return Responses.ok(total / runs.size());
        });
    }

    private ApiResponse read(Call call) {
        UUID id = call.pathUuid("id");
        return backend.storage.read(tx -> Responses.ok(Views.flowRun(
                tx.flowRuns().get(id).orElseThrow(() -> ApiError.notFound(NOT_FOUND)), backend.now())));
    }

    private ApiResponse delete(Call call) {
        UUID id = call.pathUuid("id");
        return backend.storage.write(tx -> {
            if (!deleteCascade(tx, id)) {
                throw ApiError.notFound(NOT_FOUND);
            }
            return Responses.noContent();
        });
    }

    /**
     * Deletes a flow run with what the database would cascade to: its states, its task runs and
     * theirs, and its logs; returns false if there was no such run.
     */
    static boolean deleteCascade(Tables tx, UUID id) {
        if (!tx.flowRuns().remove(id)) {
            return false;
        }
        for (StateRow state : tx.flowRunStates().findAll(StateRow.BY_RUN, id)) {
            tx.flowRunStates().remove(state.id);
        }
        for (TaskRunRow task : tx.taskRuns().findAll(TaskRunRow.BY_FLOW_RUN, id)) {
            TaskRunRoutes.deleteCascade(tx, task.id);
        }
        for (LogRow log : tx.logs().findAll(LogRow.BY_FLOW_RUN, id)) {
            tx.logs().remove(log.id);
        }
        return true;
    }

    static ApiError integrityConflict() {
        return ApiError.detail(409, INTEGRITY_CONFLICT);
    }
}
