package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.orchestration.EmpiricalPolicy;
import dev.jprefect.server.internal.orchestration.Orchestrator;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.storage.ConflictException;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.LogRow;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.TaskRunRow;
import dev.jprefect.server.internal.storage.Transaction;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Task runs, as Prefect's {@code models.task_runs}: create (idempotent on flow run, task key and
 * dynamic key) in a state orchestration accepts, read, update, delete with cascade, list, and
 * state proposals through orchestration.
 */
public final class TaskRuns {
    private final Storage storage;
    private final InstantSource clock;
    private final Orchestrator orchestrator;
    private final Listing<TaskRunRow> listing;

    TaskRuns(Storage storage, InstantSource clock, Orchestrator orchestrator) {
        this.storage = storage;
        this.clock = clock;
        this.orchestrator = orchestrator;
        this.listing = new Listing<>(storage, clock, TaskRunRow.TABLE, Filters::taskRunsQuery, Sorts::taskRuns);
    }

    /**
     * Creates a validated {@code TaskRunCreate} in its given state (Pending if none), or returns
     * the task run that already has its id, or its flow run, task key and dynamic key.
     *
     * @throws ConflictException if the flow run does not exist
     */
    public Written create(Obj body) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            UUID flowRunId = body.uuid("flow_run_id");
            Optional<FlowRunRow> flowRun = flowRunId == null ? Optional.empty() : tx.table(FlowRunRow.TABLE).get(flowRunId);
            if (flowRunId != null && flowRun.isEmpty()) {
                throw new ConflictException("no such flow run");
            }
            Optional<TaskRunRow> existing = flowRunId == null ? Optional.empty()
                    : tx.table(TaskRunRow.TABLE).findUnique(TaskRunRow.BY_TASK_KEY,
                            Arrays.asList(flowRunId, body.string("task_key"), body.string("dynamic_key")));
            if (existing.isEmpty() && body.uuid("id") != null) {
                existing = tx.table(TaskRunRow.TABLE).get(body.uuid("id"));
            }
            if (existing.isPresent()) {
                return new Written(Views.taskRun(existing.get(), now), false);
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
            run.empiricalPolicy = EmpiricalPolicy.normalize(body.map("empirical_policy"));
            run.tags = body.list("tags");
            run.labels = labels(flowRun.orElse(null), body.map("labels"));
            run.taskInputs = body.map("task_inputs");
            tx.table(TaskRunRow.TABLE).put(run);
            Obj state = body.obj("state");
            StateRow initial = state != null ? ProposedStates.fromCreate(state, now) : ProposedStates.pending(now);
            orchestrator.setTaskRunState(tx, run.id, initial, true);
            return new Written(Views.taskRun(tx.table(TaskRunRow.TABLE).get(run.id).orElseThrow(), now), true);
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

    /** Applies a validated {@code TaskRunUpdate}; false if there is no such task run. */
    public boolean update(UUID id, Obj body) {
        return storage.write(tx -> {
            Optional<TaskRunRow> found = tx.table(TaskRunRow.TABLE).getForUpdate(id);
            found.ifPresent(run -> {
                if (body.has("name")) {
                    run.name = body.string("name");
                }
                run.updated = clock.instant();
                tx.table(TaskRunRow.TABLE).put(run);
            });
            return found.isPresent();
        });
    }

    public Optional<Map<String, Object>> read(UUID id) {
        Instant now = clock.instant();
        return storage.read(tx -> tx.table(TaskRunRow.TABLE).get(id).map(r -> Views.taskRun(r, now)));
    }

    /** Deletes a task run with its states and logs; false if there was none. */
    public boolean delete(UUID id) {
        return storage.write(tx -> delete(tx, id));
    }

    boolean delete(Transaction tx, UUID id) {
        if (!tx.table(TaskRunRow.TABLE).remove(id)) {
            return false;
        }
        for (StateRow state : tx.table(StateRow.TASK_RUN_STATES).findAll(StateRow.BY_RUN, id)) {
            tx.table(StateRow.TASK_RUN_STATES).remove(state.id);
        }
        for (LogRow log : tx.table(LogRow.TABLE).findAll(LogRow.BY_TASK_RUN, id)) {
            tx.table(LogRow.TABLE).remove(log.id);
        }
        return true;
    }

    public long count(Obj body) {
        return listing.count(body);
    }

    public List<Object> filter(Obj body, int limit) {
        return listing.filter(body, limit, Views::taskRun);
    }

    /** One page of task runs, each in the smaller {@code TaskRunResponse} shape. */
    public Map<String, Object> paginate(Obj body, int limit) {
        return listing.paginate(body, limit, Views::taskRunResponse);
    }

    /** Proposes the validated {@code StateCreate} for the task run {@code id}; empty if there is none. */
    public Optional<Transitioned> setState(UUID id, Obj state, boolean force) {
        return storage.write(tx -> orchestrator.setTaskRunState(tx, id, ProposedStates.fromCreate(state, clock.instant()), force)
                .map(Transitioned::of));
    }
}
