package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.orchestration.EmpiricalPolicy;
import dev.jprefect.server.internal.orchestration.Orchestrator;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.orchestration.States;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.ConflictException;
import dev.jprefect.server.internal.storage.DeploymentRow;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.Query;
import dev.jprefect.server.internal.storage.RunRow;
import dev.jprefect.server.internal.storage.FlowRow;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.LogRow;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.StateType;
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
 * Flow runs, as Prefect's {@code models.flow_runs}: create (idempotent on flow and idempotency key)
 * in a state orchestration accepts, read, update, update labels, delete with cascade, list,
 * lateness, and state proposals through orchestration.
 */
public final class FlowRuns {
    /** The other resources' filters the flow runs' list routes take. */
    private static final String[] FILTERED_BY = {"flows", "flow_runs", "task_runs", "deployments", "work_pools",
        "work_pool_queues"};

    /** The body of {@code /flow_runs/count}. */
    public static final Schema COUNT_BODY = Filters.withFilters(Schema.object("Body_count_flow_runs"), FILTERED_BY);
    /** The body of {@code /flow_runs/filter}. */
    public static final Schema FILTER_BODY = Filters.runsReadBody("Body_read_flow_runs", Bodies.FLOW_RUN_SORT, "ID_DESC",
            false, FILTERED_BY);
    /** The body of {@code /flow_runs/paginate}. */
    public static final Schema PAGINATE_BODY = Filters.runsReadBody("Body_paginate_flow_runs", Bodies.FLOW_RUN_SORT,
            "ID_DESC", true, FILTERED_BY);
    /** The body of {@code /flow_runs/bulk_delete}. */
    public static final Schema BULK_DELETE_BODY = Filters.withFilters(Schema.object("Body_bulk_delete_flow_runs"), "flow_runs")
            .optional("limit", Bodies.BULK_DELETE_LIMIT, Bodies.MAX_BULK_DELETE);
    /** {@code POST /flow_runs/history} and {@code /task_runs/history}: the range, the interval and the filters. */
    public static final Schema HISTORY_BODY = Filters.withFilters(Schema.object("Body_run_history")
            .required("history_start", Schema.dateTime()).required("history_end", Schema.dateTime())
            .required("history_interval_seconds", Schema.number()),
            "flows", "flow_runs", "task_runs", "deployments", "work_pools", "work_queues");
    /** {@code POST /ui/flow_runs/history}: filters, a sort, and a limit of at most 1000 (its own, not the page size). */
    public static final Schema SIMPLE_HISTORY_BODY = Filters.withFilters(
            Schema.object("Body_read_flow_run_history_ui_flow_runs_history_post")
            .optional("sort", Bodies.FLOW_RUN_SORT, "EXPECTED_START_TIME_DESC")
            .optional("limit", Schema.integer().atMost(1000), 1000L)
            .optional("offset", Schema.integer().atLeast(0), 0L),
            "flows", "flow_runs", "task_runs", "deployments", "work_pools");

    private final Storage storage;
    private final InstantSource clock;
    private final Orchestrator orchestrator;
    private final TaskRuns taskRuns;
    private final Listing<FlowRunRow> listing;

    FlowRuns(Storage storage, InstantSource clock, Orchestrator orchestrator, TaskRuns taskRuns) {
        this.storage = storage;
        this.clock = clock;
        this.orchestrator = orchestrator;
        this.taskRuns = taskRuns;
        this.listing = new Listing<>(storage, clock, FlowRunRow.TABLE, Filters::flowRunsQuery, Sorts::flowRuns);
    }

    /**
     * Creates a validated {@code FlowRunCreate} in its given state (Pending if none), or returns the
     * run of the same flow with the same idempotency key.
     *
     * @throws ConflictException if the flow, parent task run, deployment or infrastructure document does not exist
     */
    public Written create(Obj body) {
        return storage.write(tx -> {
            UUID flowId = body.uuid("flow_id");
            String key = body.string("idempotency_key");
            if (key != null) {
                Optional<FlowRunRow> existing = tx.table(FlowRunRow.TABLE)
                        .findUnique(FlowRunRow.BY_IDEMPOTENCY_KEY, Arrays.asList(flowId, key));
                if (existing.isPresent()) {
                    return new Written(Views.flowRun(existing.get(), clock.instant()), false);
                }
            }
            FlowRow flow = tx.table(FlowRow.TABLE).get(flowId).orElseThrow(() -> missing("flow"));
            UUID parent = body.uuid("parent_task_run_id");
            if (parent != null && tx.table(TaskRunRow.TABLE).get(parent).isEmpty()) {
                throw missing("parent task run");
            }
            UUID deployment = body.uuid("deployment_id");
            if (deployment != null && tx.table(DeploymentRow.TABLE).get(deployment).isEmpty()) {
                throw missing("deployment");
            }
            if (body.uuid("infrastructure_document_id") != null) {
                throw missing("infrastructure document"); // none are stored here
            }
            Instant now = clock.instant();
            FlowRunRow run = new FlowRunRow();
            run.id = UUID.randomUUID();
            run.created = now;
            run.updated = now;
            run.name = body.string("name");
            run.flowId = flowId;
            run.flowVersion = body.string("flow_version");
            run.deploymentId = deployment;
            run.parameters = body.map("parameters");
            run.context = body.map("context");
            run.parentTaskRunId = parent;
            run.empiricalPolicy = EmpiricalPolicy.normalize(body.map("empirical_policy"));
            run.tags = body.list("tags");
            run.labels = labels(flow, body.map("labels"));
            run.idempotencyKey = key;
            run.workQueueName = body.string("work_queue_name");
            // absent: the column's default, an empty object; an explicit null stays null (as Prefect stores them)
            run.jobVariables = body.has("job_variables") ? body.map("job_variables") : Map.of();
            Obj state = body.obj("state");
            StateRow initial = state != null ? ProposedStates.fromCreate(state, now) : ProposedStates.pending(now);
            return new Written(Views.flowRun(insert(tx, run, initial), now), true);
        });
    }

    /** Stores a new run and sets its first state; returns the run as stored. */
    FlowRunRow insert(Transaction tx, FlowRunRow run, StateRow initial) {
        tx.table(FlowRunRow.TABLE).put(run);
        orchestrator.setFlowRunState(tx, run.id, initial, true);
        return tx.table(FlowRunRow.TABLE).get(run.id).orElseThrow();
    }

    /**
     * Marks late the runs still {@code Scheduled} whose scheduled start is at or before
     * {@code scheduledBefore}, at most {@code limit} of them, as Prefect's late-runs service: each
     * becomes {@code Late} (type SCHEDULED) with the same scheduled time. Returns how many.
     */
    public int markLate(Instant scheduledBefore, int limit) {
        Condition<FlowRunRow> due = Condition.and(
                Condition.in(RunRow.<FlowRunRow>currentStateType(), List.of(StateType.SCHEDULED.name())),
                Condition.in(RunRow.<FlowRunRow>currentStateName(), List.of("Scheduled")),
                Condition.between(RunRow.<FlowRunRow>nextScheduledStartTime(), null, scheduledBefore));
        return storage.write(tx -> {
            List<FlowRunRow> late = tx.table(FlowRunRow.TABLE).find(Query.of(due).page(0, limit));
            for (FlowRunRow run : late) {
                StateRow state = States.of(StateType.SCHEDULED, "Late", null, clock.instant());
                state.details.scheduledTime = run.nextScheduledStartTime;
                orchestrator.setFlowRunState(tx, run.id, state, true);
            }
            return late.size();
        });
    }

    private static ConflictException missing(String what) {
        return new ConflictException("no such " + what);
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

    /**
     * Applies a validated {@code FlowRunUpdate}; false if there is no such run.
     *
     * @throws RefusedException if the body changes job variables, which belong to
     *     deployments' scheduled runs, as Prefect checks them
     */
    public boolean update(UUID id, Obj body) {
        return storage.write(tx -> {
            Optional<FlowRunRow> found = tx.table(FlowRunRow.TABLE).getForUpdate(id);
            if (found.isEmpty()) {
                return false;
            }
            FlowRunRow run = found.get();
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
                run.empiricalPolicy = EmpiricalPolicy.normalize(body.map("empirical_policy"));
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
            run.updated = clock.instant();
            tx.table(FlowRunRow.TABLE).put(run);
            return true;
        });
    }

    private static void checkJobVariablesUpdatable(FlowRunRow run) {
        if (run.state == null) {
            throw new RefusedException("Flow run state is required to update job variables but none exists");
        }
        if (run.state.type != StateType.SCHEDULED) {
            throw new RefusedException("Job variables for a flow run in state " + run.state.type + " cannot be updated");
        }
        throw new RefusedException("A deployment for the flow run could not be found");
    }

    /** Merges {@code given} into the run's labels; false if there is no such run. */
    public boolean updateLabels(UUID id, Map<String, Object> given) {
        return storage.write(tx -> {
            Optional<FlowRunRow> found = tx.table(FlowRunRow.TABLE).getForUpdate(id);
            found.ifPresent(run -> {
                Map<String, Object> labels = new LinkedHashMap<>(run.labels == null ? Map.of() : run.labels);
                labels.putAll(given);
                run.labels = Collections.unmodifiableMap(labels);
                run.updated = clock.instant();
                tx.table(FlowRunRow.TABLE).put(run);
            });
            return found.isPresent();
        });
    }

    /** Returns the average lateness in seconds of the matching runs (see {@code estimated_start_time_delta}), or null. */
    public Double lateness(Obj body) {
        Instant now = clock.instant();
        return storage.read(tx -> {
            List<FlowRunRow> runs = listing.matching(tx, body);
            if (runs.isEmpty()) {
                return null;
            }
            double total = 0;
            for (FlowRunRow run : runs) {
                total += Views.seconds(Views.estimatedStartTimeDelta(run, now));
            }
            return total / runs.size();
        });
    }

    public Optional<Map<String, Object>> read(UUID id) {
        Instant now = clock.instant();
        return storage.read(tx -> tx.table(FlowRunRow.TABLE).get(id).map(r -> Views.flowRun(r, now)));
    }

    /** Deletes a flow run with what the database cascades to; false if there was none. */
    public boolean delete(UUID id) {
        return storage.write(tx -> delete(tx, id));
    }

    /**
     * Deletes a flow run with what the database would cascade to: its states, its task runs and
     * theirs, and its logs; returns false if there was no such run.
     */
    boolean delete(Transaction tx, UUID id) {
        if (!tx.table(FlowRunRow.TABLE).remove(id)) {
            return false;
        }
        for (StateRow state : tx.table(StateRow.FLOW_RUN_STATES).findAll(StateRow.BY_RUN, id)) {
            tx.table(StateRow.FLOW_RUN_STATES).remove(state.id);
        }
        for (TaskRunRow task : tx.table(TaskRunRow.TABLE).findAll(TaskRunRow.BY_FLOW_RUN, id)) {
            taskRuns.delete(tx, task.id);
        }
        for (LogRow log : tx.table(LogRow.TABLE).findAll(LogRow.BY_FLOW_RUN, id)) {
            tx.table(LogRow.TABLE).remove(log.id);
        }
        return true;
    }

    /**
     * The run history of the charts: the runs matching the body's filters whose expected start time
     * falls from {@code history_start} on, counted by interval of {@code history_interval_seconds}
     * and by state (Prefect's {@code run_history}).
     */
    public List<Object> history(Obj body) {
        return RunHistory.read(storage, listing, body, clock.instant());
    }

    public long count(Obj body) {
        return listing.count(body);
    }

    /**
     * The UI's flow run history: the matching flow runs as {@code SimpleFlowRun}s, sorted, from the
     * body's offset, at most its {@code limit} (a negative one is no limit, as on Prefect's SQLite).
     */
    public List<Object> simpleHistory(Obj body) {
        long limit = body.integer("limit");
        return listing.filter(body, limit < 0 ? Integer.MAX_VALUE : (int) limit, Views::simpleFlowRun);
    }

    /**
     * The next scheduled run of each flow in {@code flowIds} (the UI's {@code /ui/flows/next-runs}):
     * of the flow's runs whose state type is {@code SCHEDULED}, the one with the earliest next
     * scheduled start, or null for a flow with none; keyed by flow id, in the order asked.
     */
    public Map<String, Object> nextScheduledByFlow(List<UUID> flowIds) {
        return storage.read(tx -> {
            Map<String, Object> next = new LinkedHashMap<>();
            for (UUID flowId : flowIds) {
                Query<FlowRunRow> earliest = Query.of(Condition.and(
                        Condition.in(FlowRunRow.FLOW_ID, List.of(flowId)),
                        Condition.in(RunRow.<FlowRunRow>currentStateType(), List.of(StateType.SCHEDULED.name())),
                        Condition.isNull(RunRow.<FlowRunRow>nextScheduledStartTime(), false)))
                        .orderBy(List.of(Order.asc(RunRow.<FlowRunRow>nextScheduledStartTime()))).page(0, 1);
                next.put(flowId.toString(), tx.table(FlowRunRow.TABLE).find(earliest).stream()
                        .findFirst().map(Views::simpleNextFlowRun).orElse(null));
            }
            return next;
        });
    }

    public List<Object> filter(Obj body, int limit) {
        return listing.filter(body, limit, Views::flowRun);
    }

    public Map<String, Object> paginate(Obj body, int limit) {
        return listing.paginate(body, limit, Views::flowRun);
    }

    public List<UUID> bulkDelete(Obj body) {
        return listing.bulkDelete(body, this::delete);
    }

    /**
     * Proposes the validated {@code StateCreate} for the run {@code id} through orchestration.
     *
     * @return the {@code OrchestrationResult}, or empty if there is no such run
     */
    public Optional<Transitioned> setState(UUID id, Obj state, boolean force) {
        return storage.write(tx -> orchestrator.setFlowRunState(tx, id, ProposedStates.fromCreate(state, clock.instant()), force)
                .map(Transitioned::of));
    }
}
