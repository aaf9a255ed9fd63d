package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.orchestration.EmpiricalPolicy;
import dev.jprefect.server.internal.orchestration.Orchestrator;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.ConflictException;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.LogRow;
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
    /** The other resources' filters the task runs' list routes take. */
    private static final String[] FILTERED_BY = {"flows", "flow_runs", "task_runs", "deployments"};

    /** The body of {@code /task_runs/count} and {@code /ui/task_runs/count}. */
    public static final Schema COUNT_BODY = Filters.withFilters(Schema.object("Body_count_task_runs"), FILTERED_BY);
    /** The body of {@code /task_runs/filter}. */
    public static final Schema FILTER_BODY = Filters.runsReadBody("Body_read_task_runs", Bodies.TASK_RUN_SORT, "ID_DESC",
            false, FILTERED_BY);
    /** The body of {@code /task_runs/paginate}. */
    public static final Schema PAGINATE_BODY = Filters.runsReadBody("Body_paginate_task_runs", Bodies.TASK_RUN_SORT,
            "ID_DESC", true, FILTERED_BY);
    /** {@code POST /ui/task_runs/dashboard/counts}: a task run filter (its {@code start_time.after_} required by the route) and the others. */
    public static final Schema DASHBOARD_COUNTS_BODY = Filters.withFilters(
            Schema.object("Body_read_dashboard_task_run_counts_ui_task_runs_dashboard_counts_post")
            .required("task_runs", Bodies.TASK_RUN_FILTER), "flows", "flow_runs", "deployments", "work_pools", "work_queues");

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

    /** A task run as Prefect's {@code UITaskRun}: the {@code TaskRun} and its flow run's name; empty if there is none. */
    public Optional<Map<String, Object>> readWithFlowRunName(UUID id) {
        Instant now = clock.instant();
        return storage.read(tx -> tx.table(TaskRunRow.TABLE).get(id).map(run -> {
            Map<String, Object> view = Views.taskRun(run, now);
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
