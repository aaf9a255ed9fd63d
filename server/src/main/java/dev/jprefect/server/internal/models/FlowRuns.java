package dev.jprefect.server.internal.models;

import static dev.jprefect.server.internal.models.FieldTable.Op.ALL;
import static dev.jprefect.server.internal.models.FieldTable.Op.ANY;
import static dev.jprefect.server.internal.models.FieldTable.Op.ANY_OF;
import static dev.jprefect.server.internal.models.FieldTable.Op.IS_EMPTY;
import static dev.jprefect.server.internal.models.FieldTable.Op.IS_NULL;
import static dev.jprefect.server.internal.models.FieldTable.Op.LIKE;
import static dev.jprefect.server.internal.models.FieldTable.Op.NOT_ANY;

import dev.jprefect.server.internal.models.FieldTable.Filter;
import dev.jprefect.server.internal.orchestration.EmpiricalPolicy;
import dev.jprefect.server.internal.orchestration.Orchestrator;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.orchestration.States;
import dev.jprefect.server.internal.storage.Column;
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
    private static final String CREATE = "FlowRunCreate";
    private static final String UPDATE = "FlowRunUpdate";
    private static final String FLOW_RUN = "FlowRunResponse";
    private static final String FILTER = "FlowRunFilter";

    /** Every field of a flow run, once; {@code FlowRunResponse}'s order, and the other shapes' where Prefect orders them otherwise. */
    static final FieldTable<FlowRunRow> FIELDS = new FieldTable<FlowRunRow>("FlowRun")
            .field("id", Schema.uuid(), Column.id(), (r, v) -> { }, Filter.by(Schema.uuid(), ANY, NOT_ANY), FILTER)
            .field("name", Schema.string(), RunRow.<FlowRunRow>name(), (r, v) -> r.name = v == null ? r.name : (String) v,
                    Filter.by(Schema.string(), ANY, LIKE), CREATE, UPDATE, FLOW_RUN, FILTER)
            .notNull(CREATE)
            .field("flow_id", Schema.uuid(), FlowRunRow.FLOW_ID, (r, v) -> r.flowId = (UUID) v, Filter.NONE, CREATE, FLOW_RUN)
            .required(CREATE)
            .viewed("state_id", (r, now) -> r.state == null ? null : r.state.id, FLOW_RUN)
            .field("deployment_id", Schema.uuid(), FlowRunRow.DEPLOYMENT_ID, (r, v) -> r.deploymentId = (UUID) v,
                    Filter.operated(Schema.uuid(), ANY, IS_NULL), CREATE, FLOW_RUN, FILTER)
            .viewed("deployment_version", (r, now) -> r.deploymentVersion, FLOW_RUN)
            .viewed("work_queue_id", (r, now) -> r.workQueueId, FLOW_RUN)
            .field("work_queue_name", Schema.string(), FlowRunRow.WORK_QUEUE_NAME, (r, v) -> r.workQueueName = (String) v,
                    Filter.operated(Schema.string(), ANY, IS_NULL), CREATE, FLOW_RUN, FILTER)
            .field("flow_version", Schema.string(), FlowRunRow.FLOW_VERSION, (r, v) -> r.flowVersion = (String) v,
                    Filter.by(Schema.string(), ANY), CREATE, UPDATE, FLOW_RUN, FILTER)
            .field("parameters", Schema.anyObject(), Column.of("parameters", r -> r.parameters),
                    (r, v) -> r.parameters = FieldTable.map(v), Filter.NONE, CREATE, UPDATE, FLOW_RUN)
            .defaulted(CREATE, Map.of()).notNull(UPDATE)
            .field("idempotency_key", Schema.string(), FlowRunRow.IDEMPOTENCY_KEY, (r, v) -> r.idempotencyKey = (String) v,
                    Filter.by(Schema.string(), ANY, NOT_ANY), CREATE, FLOW_RUN, FILTER)
            .field("context", Schema.anyObject(), Column.of("context", r -> r.context), (r, v) -> r.context = FieldTable.map(v),
                    Filter.NONE, CREATE, FLOW_RUN)
            .defaulted(CREATE, Map.of())
            .field("empirical_policy", Bodies.FLOW_RUN_POLICY,
                    Column.of("empirical_policy", r -> Views.flowRunPolicy(r.empiricalPolicy)),
                    (r, v) -> r.empiricalPolicy = EmpiricalPolicy.normalize(FieldTable.map(v)), Filter.NONE,
                    CREATE, UPDATE, FLOW_RUN)
            .computed(CREATE, Bodies.defaults(Bodies.FLOW_RUN_POLICY)).notNull(UPDATE)
            .field("tags", Schema.list(Schema.string()), RunRow.<FlowRunRow>tags(), (r, v) -> r.tags = FieldTable.strings(v),
                    Filter.operated(Schema.string(), ALL, ANY_OF, IS_EMPTY), CREATE, UPDATE, FLOW_RUN, FILTER)
            .defaulted(CREATE, List.of()).notNull(UPDATE)
            .field("labels", Bodies.LABELS, Column.of("labels", r -> r.labels == null ? Map.of() : r.labels),
                    (r, v) -> r.labels = FieldTable.map(v), Filter.NONE, CREATE, FLOW_RUN)
            .field("parent_task_run_id", Schema.uuid(), FlowRunRow.PARENT_TASK_RUN_ID,
                    (r, v) -> r.parentTaskRunId = (UUID) v, Filter.operated(Schema.uuid(), ANY, IS_NULL), CREATE, FLOW_RUN, FILTER)
            .with(t -> RunFields.add(t, FLOW_RUN, FILTER, true))
            .viewed("auto_scheduled", (r, now) -> r.autoScheduled, FLOW_RUN)
            .field("infrastructure_document_id", Schema.uuid(), Column.of("infrastructure_document_id",
                    r -> r.infrastructureDocumentId), (r, v) -> r.infrastructureDocumentId = (UUID) v, Filter.NONE,
                    CREATE, FLOW_RUN)
            .field("infrastructure_pid", Schema.string(), Column.of("infrastructure_pid", r -> r.infrastructurePid),
                    (r, v) -> r.infrastructurePid = (String) v, Filter.NONE, UPDATE, FLOW_RUN)
            .field("created_by", Schema.any(), Column.of("created_by", r -> r.createdBy), (r, v) -> { },
                    Filter.custom(Schema.object("FlowRunFilterCreatedBy").optional("operator", FieldTable.OPERATOR, "and_")
                            .optional("id_", Schema.list(Schema.uuid()).nullable())
                            .optional("type_", Schema.list(Schema.string()).nullable())
                            .optional("is_null_", Schema.bool().nullable()).forbidExtra(), FlowRuns::createdBy),
                    FLOW_RUN, FILTER)
            .field("work_pool_id", Schema.uuid(), Column.of("work_pool_id", r -> r.workPoolId), (r, v) -> { }, Filter.NONE, FLOW_RUN)
            .field("work_pool_name", Schema.string(), Column.of("work_pool_name", r -> r.workPoolName), (r, v) -> { }, Filter.NONE,
                    CREATE, FLOW_RUN)
            .field("state", Bodies.STATE_CREATE, Column.of("state", r -> Views.state(r.state)), (r, v) -> { },
                    Filter.custom(Schema.object("FlowRunFilterState").optional("operator", FieldTable.OPERATOR, "and_")
                            .optional("type", Schema.object("FlowRunFilterStateType")
                                    .optional("any_", Schema.list(Bodies.STATE_TYPE).nullable())
                                    .optional("not_any_", Schema.list(Bodies.STATE_TYPE).nullable()).forbidExtra().nullable())
                            .optional("name", Schema.object("FlowRunFilterStateName")
                                    .optional("any_", Schema.list(Schema.string()).nullable())
                                    .optional("not_any_", Schema.list(Schema.string()).nullable()).forbidExtra().nullable())
                            .forbidExtra(), Filters::<FlowRunRow>state),
                    CREATE, FLOW_RUN, FILTER)
            .field("job_variables", Schema.anyObject(), Column.of("job_variables", r -> r.jobVariables),
                    (r, v) -> r.jobVariables = FieldTable.map(v), Filter.NONE, CREATE, UPDATE, FLOW_RUN)
            .filter("parent_flow_run_id", Filter.custom(Schema.object("FlowRunFilterParentFlowRunId")
                    .optional("operator", FieldTable.OPERATOR, "and_").optional("any_", Schema.list(Schema.uuid()).nullable())
                    .forbidExtra(), FlowRuns::parentFlowRun), FILTER)
            .order(CREATE, "state", "name", "flow_id", "flow_version", "parameters", "context", "parent_task_run_id",
                    "infrastructure_document_id", "empirical_policy", "tags", "labels", "idempotency_key", "work_pool_name",
                    "work_queue_name", "job_variables", "deployment_id")
            .order(UPDATE, "name", "flow_version", "parameters", "empirical_policy", "tags", "infrastructure_pid",
                    "job_variables")
            .order(FILTER, "id", "name", "tags", "deployment_id", "work_queue_name", "state", "flow_version", "start_time",
                    "end_time", "expected_start_time", "next_scheduled_start_time", "parent_flow_run_id",
                    "parent_task_run_id", "idempotency_key", "created_by")
            .sort("ID_DESC", Order.desc(Column.id()))
            .sort("START_TIME_ASC", Order.asc(FlowRunRow.START_OR_EXPECTED_START_TIME))
            .sort("START_TIME_DESC", Order.desc(FlowRunRow.START_OR_EXPECTED_START_TIME))
            .with(RunFields::sorts);

    /** {@code FlowRunFilter}, which the list bodies of every resource take (declared before the bodies that read it). */
    static final Schema FILTER_MODEL = FIELDS.filterModel(FILTER);
    /** {@code FlowRunUpdate}. */
    public static final Schema UPDATE_BODY = FIELDS.model(UPDATE);

    /** The other resources' filters the flow runs' list routes take. */
    private static final String[] FILTERED_BY = {"flows", "flow_runs", "task_runs", "deployments", "work_pools",
        "work_pool_queues"};

    /** The body of {@code /flow_runs/count}. */
    public static final Schema COUNT_BODY = Filters.withFilters(Schema.object("Body_count_flow_runs"), FILTERED_BY);
    /** The body of {@code /flow_runs/filter}. */
    public static final Schema FILTER_BODY = Filters.runsReadBody("Body_read_flow_runs", FIELDS.sortSchema(), "ID_DESC",
            false, FILTERED_BY);
    /** The body of {@code /flow_runs/paginate}. */
    public static final Schema PAGINATE_BODY = Filters.runsReadBody("Body_paginate_flow_runs", FIELDS.sortSchema(),
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
            .optional("sort", FIELDS.sortSchema(), "EXPECTED_START_TIME_DESC")
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
        this.listing = new Listing<>(storage, clock, FlowRunRow.TABLE, Filters::flowRunsQuery, FIELDS::orders);
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
                    return new Written(view(existing.get(), clock.instant()), false);
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
            FIELDS.apply(CREATE, body, run);
            run.labels = labels(flow, run.labels);
            // absent: the column's default, an empty object; an explicit null stays null (as Prefect stores them)
            run.jobVariables = body.has("job_variables") ? run.jobVariables : Map.of();
            Obj state = body.obj("state");
            StateRow initial = state != null ? ProposedStates.fromCreate(state, now) : ProposedStates.pending(now);
            return new Written(view(insert(tx, run, initial), now), true);
        });
    }

    /** Stores a new run and sets its first state (forced, with its state-change event); returns the run as stored. */
    FlowRunRow insert(Transaction tx, FlowRunRow run, StateRow initial) {
        tx.table(FlowRunRow.TABLE).put(run);
        orchestrator.setFlowRunState(tx, run.id, initial, true);
        return tx.table(FlowRunRow.TABLE).get(run.id).orElseThrow();
    }

    /**
     * Stores a run the scheduler made with its first state, as Prefect's scheduler inserts it:
     * without a state-change event (see {@link Orchestrator#insertScheduledFlowRunState}).
     */
    void insertScheduled(Transaction tx, FlowRunRow run, StateRow scheduled) {
        tx.table(FlowRunRow.TABLE).put(run);
        orchestrator.insertScheduledFlowRunState(tx, run.id, scheduled);
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

    /**
     * A flow run's (or deployment's) labels: its flow's, then the system's {@code prefect.flow.id},
     * then the client's, as Prefect merges them.
     */
    static Map<String, Object> labels(FlowRow flow, Map<String, Object> given) {
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
            FIELDS.apply(UPDATE, body, run);
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
        return storage.read(tx -> tx.table(FlowRunRow.TABLE).get(id).map(r -> view(r, now)));
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
        return listing.filter(body, limit, FlowRuns::view);
    }

    public Map<String, Object> paginate(Obj body, int limit) {
        return listing.paginate(body, limit, FlowRuns::view);
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

    /** Returns a validated {@code FlowRunCreate}, unnamed runs named by {@code names}. */
    public static Schema createBody(Names names) {
        return FIELDS.model(CREATE).optionalComputedWhenFalsy("name", Schema.string(), names::next);
    }

    /** A flow run as {@code FlowRunResponse}; {@code now} prices the estimates of running runs. */
    static Map<String, Object> view(FlowRunRow run, Instant now) {
        return FIELDS.view(FLOW_RUN, run, now);
    }

    /** The flow runs a validated {@code FlowRunFilter} (or null: every flow run) selects. */
    static Condition<FlowRunRow> condition(Obj filter) {
        return FIELDS.condition(FILTER, filter);
    }

    /** {@code FlowRunFilterParentFlowRunId}: runs whose parent task run belongs to one of these flow runs. */
    private static Condition<FlowRunRow> parentFlowRun(Obj f) {
        List<UUID> parents = f.list("any_");
        return parents == null ? Condition.always() : Condition.exists(FlowRunRow.PARENT_TASK_RUN_ID, TaskRunRow.TABLE,
                Column.<TaskRunRow>id(), Condition.in(TaskRunRow.FLOW_RUN_ID, parents));
    }

    /** {@code FlowRunFilterCreatedBy}: runs here are never created by an automation, so {@code created_by} is always null. */
    private static Condition<FlowRunRow> createdBy(Obj f) {
        Filters.Conditions<FlowRunRow> c = new Filters.Conditions<>(f);
        c.add(f.list("id_") == null ? null : Condition.never());
        c.add(f.list("type_") == null ? null : Condition.never());
        Boolean isNull = f.bool("is_null_");
        c.add(isNull == null ? null : isNull ? Condition.always() : Condition.never());
        return c.build();
    }
}
