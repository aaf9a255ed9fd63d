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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /task_runs}: create (idempotent on flow run, task key and dynamic key), read, update,
 * delete, filter, count, paginate, and {@code set_state} through orchestration.
 */
final class TaskRunRoutes {
    /** Prefect's wording on read and delete. */
    static final String NOT_FOUND = "Task not found";
    /** Prefect's wording on update and set_state. */
    static final String RUN_NOT_FOUND = "Task run not found";

    private final Backend backend;
    private final Schema createSchema;
    private final Listing<TaskRunRow> listing;

    private TaskRunRoutes(Backend backend) {
        this.backend = backend;
        this.createSchema = Models.taskRunCreate(backend.names::next);
        this.listing = new Listing<>(backend, Tables::taskRuns, Filters::taskRunsQuery, Sorts::taskRuns);
    }

    static void register(Router router, Backend backend, Guard guard) {
        TaskRunRoutes r = new TaskRunRoutes(backend);
        router.add("POST", "/task_runs/", guard.versioned(r::create))
                .add("PATCH", "/task_runs/{id:uuid}", guard.versioned(r::update))
                .add("POST", "/task_runs/count", guard.versioned(call -> r.listing.count(call, Models.TASK_RUN_COUNT)))
                .add("GET", "/task_runs/{id:uuid}", guard.versioned(r::read))
                .add("POST", "/task_runs/filter",
                        guard.versioned(call -> r.listing.filter(call, Models.TASK_RUN_FILTER_BODY, Views::taskRun)))
                .add("POST", "/task_runs/paginate",
                        guard.versioned(call -> r.listing.paginate(call, Models.TASK_RUN_PAGINATE_BODY, Views::taskRunResponse)))
                .add("DELETE", "/task_runs/{id:uuid}", guard.versioned(r::delete))
                .add("POST", "/task_runs/{id:uuid}/set_state", guard.versioned(SetStateRoute.handler(backend, backend.orchestrator::setTaskRunState, RUN_NOT_FOUND)));
    }

    /**
     * Creates a task run in its given state (Pending if none), or returns the task run that already
     * has its id, or its flow run, task key and dynamic key (200 instead of 201).
     */
    private ApiResponse create(Call call) {
        Obj body = call.bodyObj(createSchema, true);
        Instant now = backend.now();
        return backend.storage.write(tx -> {
            UUID flowRunId = body.uuid("flow_run_id");
            Optional<FlowRunRow> flowRun = flowRunId == null ? Optional.empty() : tx.flowRuns().get(flowRunId);
            if (flowRunId != null && flowRun.isEmpty()) {
                throw FlowRunRoutes.integrityConflict();
            }
            Optional<TaskRunRow> existing = flowRunId == null ? Optional.empty()
                    : tx.taskRuns().findUnique(TaskRunRow.BY_TASK_KEY,
                            Arrays.asList(flowRunId, body.string("task_key"), body.string("dynamic_key")));
            if (existing.isEmpty() && body.uuid("id") != null) {
                existing = tx.taskRuns().get(body.uuid("id"));
            }
            if (existing.isPresent()) {
                return Responses.json(200, Views.taskRun(existing.get(), now));
            }
            TaskRunRow run = new TaskRunRow();
            run.id = body.uuid("id") != null ? body.uuid("id") : UUID.randomUUID();
            run.created = now;
            run.updated = now;
            run.name = body.string("name");
            run.flowRunId = flowRunId;
            run.taskKey = body.string("task_key");
            run.dynamicKey = body.string("dynamic_key");
            run.cacheKey = body.string("cache_key");
            run.cacheExpiration = body.instant("cache_expiration");
            run.taskVersion = body.string("task_version");
            run.empiricalPolicy = Policies.normalize(body.map("empirical_policy"));
            run.tags = body.list("tags");
            run.labels = labels(flowRun.orElse(null), body.map("labels"));
            run.taskInputs = body.map("task_inputs");
            tx.taskRuns().put(run);
            Obj state = body.obj("state");
            StateRow initial = state != null ? States.fromCreate(state, now)
                    : States.fromCreate(Obj.of(Map.of("type", StateType.PENDING.name())), now);
            backend.orchestrator.setTaskRunState(tx, run.id, initial, true);
            return Responses.json(201, Views.taskRun(tx.taskRuns().get(run.id).orElseThrow(), now));
        });
    }

    /** A task run's labels: the system's flow and flow run ids, then the client's. */
    private static Map<String, Object> labels(FlowRunRow flowRun, Map<String, Object> given) {
        Map<String, Object> labels = new LinkedHashMap<>();
        if (flowRun != null) {
            labels.put("prefect.flow.id", flowRun.flowId.toString());
            labels.put("prefect.flow-run.id", flowRun.id.toString());
        }
        if (given != null) {
            labels.putAll(given);
        }
        return Collections.unmodifiableMap(labels);
    }

    private ApiResponse update(Call call) {
        UUID id = call.pathUuid("id");
        Obj body = call.bodyObj(Models.TASK_RUN_UPDATE, true);
        return backend.storage.write(tx -> {
            TaskRunRow run = tx.taskRuns().get(id).orElseThrow(() -> ApiError.notFound(RUN_NOT_FOUND));
            if (body.has("name")) {
                run.name = body.string("name");
            }
            run.updated = backend.now();
            tx.taskRuns().put(run);
            return Responses.noContent();
        });
    }

    private ApiResponse read(Call call) {
        UUID id = call.pathUuid("id");
        return backend.storage.read(tx -> Responses.ok(Views.taskRun(
                tx.taskRuns().get(id).orElseThrow(() -> ApiError.notFound(NOT_FOUND)), backend.now())));
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

    /** Deletes a task run with its states and logs; returns false if there was no such run. */
    static boolean deleteCascade(Tables tx, UUID id) {
        if (!tx.taskRuns().remove(id)) {
            return false;
        }
        for (StateRow state : tx.taskRunStates().findAll(StateRow.BY_RUN, id)) {
            tx.taskRunStates().remove(state.id);
        }
        for (LogRow log : tx.logs().findAll(LogRow.BY_TASK_RUN, id)) {
            tx.logs().remove(log.id);
        }
        return true;
    }
}
