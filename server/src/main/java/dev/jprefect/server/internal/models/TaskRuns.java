package dev.jprefect.server.internal.models;

import static dev.jprefect.server.internal.models.FieldTable.Op.ALL;
import static dev.jprefect.server.internal.models.FieldTable.Op.ANY;
import static dev.jprefect.server.internal.models.FieldTable.Op.IS_EMPTY;
import static dev.jprefect.server.internal.models.FieldTable.Op.LIKE;

import dev.jprefect.server.internal.models.FieldTable.Filter;
import dev.jprefect.server.internal.orchestration.EmpiricalPolicy;
import dev.jprefect.server.internal.orchestration.Orchestrator;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.Column;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.ConflictException;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.LogRow;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.RunRow;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.StateType;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.TaskRunRow;
import dev.jprefect.server.internal.storage.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.InstantSource;
import java.util.ArrayList;
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
    private static final String CREATE = "TaskRunCreate";
    private static final String UPDATE = "TaskRunUpdate";
    private static final String TASK_RUN = "TaskRun";
    private static final String RESPONSE = "TaskRunResponse";
    private static final String FILTER = "TaskRunFilter";

    /** Every field of a task run, once; {@code TaskRun}'s order, and the other shapes' where Prefect orders them otherwise. */
    static final FieldTable<TaskRunRow> FIELDS = new FieldTable<TaskRunRow>(TASK_RUN)
            .field("id", Schema.uuid(), Column.id(), (r, v) -> { }, Filter.by(Schema.uuid(), ANY), CREATE, FILTER)
            .field("name", Schema.string(), RunRow.<TaskRunRow>name(), (r, v) -> r.name = (String) v,
                    Filter.by(Schema.string(), ANY, LIKE), CREATE, UPDATE, TASK_RUN, RESPONSE, FILTER)
            .notNull(CREATE, UPDATE)
            .field("flow_run_id", Schema.uuid(), TaskRunRow.FLOW_RUN_ID, (r, v) -> r.flowRunId = (UUID) v,
                    Filter.custom(Schema.object("TaskRunFilterFlowRunId").optional("operator", FieldTable.OPERATOR, "and_")
                            .optional("any_", Schema.list(Schema.uuid()).nullable())
                            .optional("is_null_", Schema.bool().nullable(), false).forbidExtra(), TaskRuns::flowRun),
                    CREATE, TASK_RUN, RESPONSE, FILTER)
            .field("task_key", Schema.string(), Column.of("task_key", r -> r.taskKey), (r, v) -> r.taskKey = (String) v,
                    Filter.NONE, CREATE, TASK_RUN, RESPONSE)
            .required(CREATE)
            .field("dynamic_key", Schema.string(), Column.of("dynamic_key", r -> r.dynamicKey),
                    (r, v) -> r.dynamicKey = (String) v, Filter.NONE, CREATE, TASK_RUN)
            .required(CREATE)
            .field("cache_key", Schema.string(), Column.of("cache_key", r -> r.cacheKey), (r, v) -> r.cacheKey = (String) v,
                    Filter.NONE, CREATE, TASK_RUN)
            .field("cache_expiration", Schema.dateTime(), Column.of("cache_expiration", r -> r.cacheExpiration),
                    (r, v) -> r.cacheExpiration = (Instant) v, Filter.NONE, CREATE, TASK_RUN)
            .field("task_version", Schema.string(), Column.of("task_version", r -> r.taskVersion),
                    (r, v) -> r.taskVersion = (String) v, Filter.NONE, CREATE, TASK_RUN, RESPONSE)
            .field("empirical_policy", Bodies.TASK_RUN_POLICY,
                    Column.of("empirical_policy", r -> Views.taskRunPolicy(r.empiricalPolicy)),
                    (r, v) -> r.empiricalPolicy = EmpiricalPolicy.normalize(FieldTable.map(v)), Filter.NONE, CREATE, TASK_RUN, RESPONSE)
            .computed(CREATE, Bodies.defaults(Bodies.TASK_RUN_POLICY))
            .field("tags", Schema.list(Schema.string()), RunRow.<TaskRunRow>tags(), (r, v) -> r.tags = FieldTable.strings(v),
                    Filter.operated(Schema.string(), ALL, IS_EMPTY), CREATE, TASK_RUN, RESPONSE, FILTER)
            .defaulted(CREATE, List.of())
            .field("labels", Bodies.LABELS, Column.of("labels", r -> r.labels == null ? Map.of() : r.labels),
                    (r, v) -> r.labels = FieldTable.map(v), Filter.NONE, CREATE, TASK_RUN)
            .viewed("state_id", (r, now) -> r.state == null ? null : r.state.id, TASK_RUN, RESPONSE)
            .field("task_inputs", Bodies.TASK_INPUTS, Column.of("task_inputs", r -> r.taskInputs),
                    (r, v) -> r.taskInputs = FieldTable.map(v), Filter.NONE, CREATE, TASK_RUN, RESPONSE)
            .defaulted(CREATE, Map.of())
            .with(t -> RunFields.add(t, TASK_RUN, FILTER, false, RESPONSE))
            .viewed("flow_run_run_count", (r, now) -> r.flowRunRunCount, TASK_RUN)
            .field("state", Bodies.STATE_CREATE, Column.of("state", r -> Views.state(r.state)), (r, v) -> { },
                    Filter.custom(Schema.object("TaskRunFilterState").optional("operator", FieldTable.OPERATOR, "and_")
                            .optional("type", Schema.object("TaskRunFilterStateType")
                                    .optional("any_", Schema.list(Bodies.STATE_TYPE).nullable()).forbidExtra().nullable())
                            .optional("name", Schema.object("TaskRunFilterStateName")
                                    .optional("any_", Schema.list(Schema.string()).nullable()).forbidExtra().nullable())
                            .forbidExtra(), Filters::<TaskRunRow>state),
                    CREATE, TASK_RUN, RESPONSE, FILTER)
            .filter("subflow_runs", Filter.custom(Schema.object("TaskRunFilterSubFlowRuns")
                    .optional("exists_", Schema.bool().nullable()).forbidExtra(), TaskRuns::subflowRuns), FILTER)
            .order(CREATE, "id", "state", "name", "flow_run_id", "task_key", "dynamic_key", "cache_key", "cache_expiration",
                    "task_version", "empirical_policy", "tags", "labels", "task_inputs")
            .order(RESPONSE, "name", "flow_run_id", "task_key", "state_id", "state", "task_version", "task_inputs",
                    "empirical_policy", "tags", "start_time", "end_time", "total_run_time", "estimated_run_time",
                    "estimated_start_time_delta")
            .order(FILTER, "id", "name", "tags", "state", "start_time", "end_time", "expected_start_time", "subflow_runs",
                    "flow_run_id")
            .sort("ID_DESC", Order.desc(Column.id()))
            .with(RunFields::sorts);

    /** {@code TaskRunFilter}, which the list bodies of every resource take (declared before the bodies that read it). */
    static final Schema FILTER_MODEL = FIELDS.filterModel(FILTER);
    /** {@code TaskRunUpdate}. */
    public static final Schema UPDATE_BODY = FIELDS.model(UPDATE);

    /** The other resources' filters the task runs' list routes take. */
    private static final String[] FILTERED_BY = {"flows", "flow_runs", "task_runs", "deployments"};

    /** The body of {@code /task_runs/count} and {@code /ui/task_runs/count}. */
    public static final Schema COUNT_BODY = Filters.withFilters(Schema.object("Body_count_task_runs"), FILTERED_BY);
    /** The body of {@code /task_runs/filter}. */
    public static final Schema FILTER_BODY = Filters.runsReadBody("Body_read_task_runs", FIELDS.sortSchema(), "ID_DESC",
            false, FILTERED_BY);
    /** The body of {@code /task_runs/paginate}. */
    public static final Schema PAGINATE_BODY = Filters.runsReadBody("Body_paginate_task_runs", FIELDS.sortSchema(),
            "ID_DESC", true, FILTERED_BY);
    /** {@code POST /ui/task_runs/dashboard/counts}: a task run filter (its {@code start_time.after_} required by the route) and the others. */
    public static final Schema DASHBOARD_COUNTS_BODY = Filters.withFilters(
            Schema.object("Body_read_dashboard_task_run_counts_ui_task_runs_dashboard_counts_post")
            .required("task_runs", FILTER_MODEL), "flows", "flow_runs", "deployments", "work_pools", "work_queues");

    private final Storage storage;
    private final InstantSource clock;
    private final Orchestrator orchestrator;
    private final Listing<TaskRunRow> listing;

    TaskRuns(Storage storage, InstantSource clock, Orchestrator orchestrator) {
        this.storage = storage;
        this.clock = clock;
        this.orchestrator = orchestrator;
        this.listing = new Listing<>(storage, clock, TaskRunRow.TABLE, Filters::taskRunsQuery, FIELDS::orders);
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
                return new Written(FIELDS.view(TASK_RUN, existing.get(), now), false);
            }
            TaskRunRow run = new TaskRunRow();
            run.id = body.uuid("id") != null ? body.uuid("id") : UUID.randomUUID();
            run.created = now;
            run.updated = now;
            FIELDS.apply(CREATE, body, run);
            run.labels = labels(flowRun.orElse(null), run.labels);
            tx.table(TaskRunRow.TABLE).put(run);
            Obj state = body.obj("state");
            StateRow initial = state != null ? ProposedStates.fromCreate(state, now) : ProposedStates.pending(now);
            orchestrator.setTaskRunState(tx, run.id, initial, true);
            return new Written(FIELDS.view(TASK_RUN, tx.table(TaskRunRow.TABLE).get(run.id).orElseThrow(), now), true);
        });
    }

    /**
     * A task run's labels, as Prefect's {@code with_system_labels_for_task_run} merges them: its flow
     * run's (with their {@code prefect.flow.id} and, for a deployment's run, {@code prefect.deployment.id}),
     * then the system's flow run id, then the client's.
     */
    private static Map<String, Object> labels(FlowRunRow flowRun, Map<String, Object> given) {
        Map<String, Object> labels = new LinkedHashMap<>();
        if (flowRun != null) {
            if (flowRun.labels != null) {
                labels.putAll(flowRun.labels);
            }
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
                FIELDS.apply(UPDATE, body, run);
                run.updated = clock.instant();
                tx.table(TaskRunRow.TABLE).put(run);
            });
            return found.isPresent();
        });
    }

    public Optional<Map<String, Object>> read(UUID id) {
        Instant now = clock.instant();
        return storage.read(tx -> tx.table(TaskRunRow.TABLE).get(id).map(r -> FIELDS.view(TASK_RUN, r, now)));
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

    /** A task run as Prefect's {@code UITaskRun}: the {@code TaskRun} and its flow run's name; empty if there is none. */
    public Optional<Map<String, Object>> readWithFlowRunName(UUID id) {
        Instant now = clock.instant();
        return storage.read(tx -> tx.table(TaskRunRow.TABLE).get(id).map(run -> {
            Map<String, Object> view = FIELDS.view(TASK_RUN, run, now);
            view.put("flow_run_name", run.flowRunId == null ? null
                    : tx.table(FlowRunRow.TABLE).get(run.flowRunId).map(f -> f.name).orElse(null));
            return view;
        }));
    }

    /**
     * Counts the task runs matching the body's filters by state type, as Prefect's
     * {@code CountByState} (every state type, 0 when none).
     */
    public Map<String, Object> countByState(Obj body) {
        Map<String, Object> counts = new LinkedHashMap<>();
        for (String type : COUNT_BY_STATE_ORDER) {
            counts.put(type, 0L);
        }
        storage.read(tx -> listing.matching(tx, body)).stream()
                .filter(run -> run.stateType() != null)
                .forEach(run -> counts.merge(run.stateType().name(), 1L, (a, b) -> (Long) a + (Long) b));
        return counts;
    }

    /** The buckets of the dashboard's task run chart (Prefect's {@code bucket_count}). */
    static final int DASHBOARD_BUCKETS = 20;

    /**
     * The dashboard's task run chart (Prefect's {@code read_dashboard_task_run_counts}): the task
     * runs in a terminal state that match the body's filters (whatever state filter it has), in 20
     * buckets of their start time from {@code task_runs.start_time.after_} (to the minute) to the end of
     * the minute of {@code before_} (or now), each {@code {"completed": n, "failed": n}} (failed:
     * Failed and Crashed).
     */
    public List<Object> dashboardCounts(Obj body) {
        Map<String, Object> taskRuns = new LinkedHashMap<>(body.map("task_runs"));
        Obj startTime = Obj.of(taskRuns.get("start_time"));
        Instant start = startTime.instant("after_").truncatedTo(ChronoUnit.MINUTES);
        Instant before = startTime.instant("before_") != null ? startTime.instant("before_") : clock.instant();
        Instant end = before.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)).minusNanos(1000); // end_of_period, in µs
        taskRuns.remove("state");
        Map<String, Object> filters = new LinkedHashMap<>(body.asMap());
        filters.put("task_runs", taskRuns);
        long[][] buckets = new long[DASHBOARD_BUCKETS][2];
        double delta = RunHistory.seconds(start, end) / DASHBOARD_BUCKETS;
        for (TaskRunRow run : storage.read(tx -> listing.matching(tx, Obj.of(filters)))) {
            StateType type = run.stateType();
            if (type == null || !type.isFinal() || run.startTime == null) {
                continue;
            }
            long index = (long) Math.floor(RunHistory.seconds(start, run.startTime) / delta);
            if (index >= 0 && index < DASHBOARD_BUCKETS) {
                buckets[(int) index][type == StateType.FAILED || type == StateType.CRASHED ? 1 : 0]++;
            }
        }
        List<Object> out = new ArrayList<>();
        for (long[] bucket : buckets) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("completed", bucket[0]);
            view.put("failed", bucket[1]);
            out.add(view);
        }
        return out;
    }

    /** The fields of Prefect's {@code CountByState}, in its order. */
    private static final List<String> COUNT_BY_STATE_ORDER = List.of("COMPLETED", "PENDING", "RUNNING", "FAILED",
            "CANCELLED", "CRASHED", "PAUSED", "CANCELLING", "SCHEDULED");

    /**
     * Counts each flow run's task runs, leaving out the task runs that stand for subflow runs, as
     * Prefect's {@code count_task_runs_by_flow_run}: every given id is a key, 0 when it has none.
     */
    public Map<String, Object> countByFlowRun(List<UUID> flowRunIds) {
        return storage.read(tx -> {
            Map<String, Object> counts = new LinkedHashMap<>();
            for (UUID flowRunId : flowRunIds) {
                long count = tx.table(TaskRunRow.TABLE).findAll(TaskRunRow.BY_FLOW_RUN, flowRunId).stream()
                        .filter(task -> tx.table(FlowRunRow.TABLE).findAll(FlowRunRow.BY_PARENT_TASK_RUN, task.id).isEmpty())
                        .count();
                counts.put(flowRunId.toString(), count);
            }
            return counts;
        });
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

    public List<Object> filter(Obj body, int limit) {
        return listing.filter(body, limit, (r, now) -> FIELDS.view(TASK_RUN, r, now));
    }

    /** One page of task runs, each in the smaller {@code TaskRunResponse} shape. */
    public Map<String, Object> paginate(Obj body, int limit) {
        return listing.paginate(body, limit, (r, now) -> FIELDS.view(RESPONSE, r, now));
    }

    /** Proposes the validated {@code StateCreate} for the task run {@code id}; empty if there is none. */
    public Optional<Transitioned> setState(UUID id, Obj state, boolean force) {
        return storage.write(tx -> orchestrator.setTaskRunState(tx, id, ProposedStates.fromCreate(state, clock.instant()), force)
                .map(Transitioned::of));
    }

    /** Returns a validated {@code TaskRunCreate}, unnamed runs named by {@code names}. */
    public static Schema createBody(Names names) {
        return FIELDS.model(CREATE).optionalComputedWhenFalsy("name", Schema.string(), names::next);
    }

    /** The task runs a validated {@code TaskRunFilter} (or null: every task run) selects. */
    static Condition<TaskRunRow> condition(Obj filter) {
        return FIELDS.condition(FILTER, filter);
    }

    /**
     * {@code TaskRunFilterFlowRunId}: {@code is_null_} (false unless given) says whether the task
     * run has a flow run; {@code any_} which, when it may have one.
     */
    private static Condition<TaskRunRow> flowRun(Obj f) {
        Filters.Conditions<TaskRunRow> c = new Filters.Conditions<>(f);
        List<UUID> any = f.list("any_");
        Boolean isNull = f.bool("is_null_");
        if (Boolean.TRUE.equals(isNull)) {
            c.add(Condition.isNull(TaskRunRow.FLOW_RUN_ID, true));
        } else if (Boolean.FALSE.equals(isNull) && any == null) {
            c.add(Condition.isNull(TaskRunRow.FLOW_RUN_ID, false));
        } else {
            c.add(Filters.in(any, TaskRunRow.FLOW_RUN_ID));
        }
        return c.build();
    }

    /** {@code TaskRunFilterSubFlowRuns}: the task run stands (or does not stand) for a subflow run. */
    private static Condition<TaskRunRow> subflowRuns(Obj f) {
        Boolean exists = f.bool("exists_");
        if (exists == null) {
            return Condition.always();
        }
        Condition<TaskRunRow> hasSubflow = Condition.exists(Column.<TaskRunRow>id(), FlowRunRow.TABLE,
                FlowRunRow.PARENT_TASK_RUN_ID, Condition.always());
        return exists ? hasSubflow : Condition.not(hasSubflow);
    }

}
