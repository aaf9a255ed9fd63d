package dev.jprefect.server.internal.models;

import static dev.jprefect.server.internal.models.FieldTable.Op.ALL;
import static dev.jprefect.server.internal.models.FieldTable.Op.ANY;
import static dev.jprefect.server.internal.models.FieldTable.Op.ANY_OF;
import static dev.jprefect.server.internal.models.FieldTable.Op.EQ;
import static dev.jprefect.server.internal.models.FieldTable.Op.IS_EMPTY;
import static dev.jprefect.server.internal.models.FieldTable.Op.LIKE;
import static dev.jprefect.server.internal.models.FieldTable.Op.NOT_ANY;

import dev.jprefect.server.internal.models.FieldTable.Filter;
import dev.jprefect.server.internal.orchestration.EmpiricalPolicy;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Problem;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.schema.ValidationException;
import dev.jprefect.server.internal.storage.Column;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.ConflictException;
import dev.jprefect.server.internal.storage.DeploymentRow;
import dev.jprefect.server.internal.storage.DeploymentScheduleRow;
import dev.jprefect.server.internal.storage.FlowRow;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.Query;
import dev.jprefect.server.internal.storage.RunRow;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.StateType;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.Table;
import dev.jprefect.server.internal.storage.Transaction;
import dev.jprefect.server.internal.storage.WorkQueueRow;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Deployments, as Prefect's {@code models.deployments}: create (an upsert by flow and name, which
 * replaces the schedules and drops the future auto-scheduled runs), read, update, delete (with the
 * runs still scheduled), list, pause and resume, their schedules, flow runs made from a deployment,
 * the scheduled runs a runner polls for, and the scheduler's work: the runs each active schedule
 * needs ahead.
 */
public final class Deployments {
    private static final String CREATE = "DeploymentCreate";
    private static final String UPDATE = "DeploymentUpdate";
    private static final String DEPLOYMENT = "DeploymentResponse";
    private static final String FILTER = "DeploymentFilter";

    private static final Column<DeploymentRow, String> NAME = Column.of("name", d -> d.name);
    static final Column<DeploymentRow, UUID> FLOW_ID = Column.of("flow_id", d -> d.flowId);
    private static final Column<DeploymentRow, Boolean> PAUSED = Column.of("paused", d -> d.paused);

    private static final Schema TIMEZONE = Schema.string().validator(tz -> tz.isEmpty() || ZoneId.getAvailableZoneIds()
            .contains(tz) ? null : "Invalid timezone: \"" + tz + "\" (specify in IANA tzdata format, for example, America/New_York)");
    /** Prefect's {@code IntervalSchedule} as sent (named as pydantic names it in a union's error locations): a positive interval (seconds or ISO 8601), an anchor date, a time zone. */
    private static final Schema INTERVAL_SCHEDULE = Schema.object("function-after[validate_timezone(), IntervalSchedule]")
            .required("interval", Schema.union(Schema.number(), Schema.string()))
            .optional("anchor_date", Schema.dateTime())
            .optional("timezone", TIMEZONE.nullable())
            .forbidExtra();
    /** Prefect's {@code CronSchedule}. */
    private static final Schema CRON_SCHEDULE = Schema.object("function-after[validate_timezone(), CronSchedule]")
            .required("cron", Schema.string().validator(ScheduleDates::cronProblem))
            .optional("timezone", TIMEZONE.nullable())
            .optional("day_or", Schema.bool(), true)
            .forbidExtra();
    /** The schedules jprefect runs: interval and cron (RRule schedules are left for a later issue). */
    private static final Schema SCHEDULE = Schema.union(INTERVAL_SCHEDULE, CRON_SCHEDULE);

    /** {@code DeploymentScheduleCreate}. */
    public static final Schema SCHEDULE_CREATE = Schema.object("DeploymentScheduleCreate")
            .required("schedule", SCHEDULE)
            .optional("active", Schema.bool(), true)
            .optional("max_scheduled_runs", Schema.integer().atLeast(1).nullable())
            .optional("parameters", Schema.anyObject(), Map.of())
            .optional("slug", Schema.string().nullable())
            .optional("replaces", Schema.string().nullable())
            .forbidExtra();
    /** {@code DeploymentScheduleUpdate}. */
    public static final Schema SCHEDULE_UPDATE = Schema.object("DeploymentScheduleUpdate")
            .optional("schedule", SCHEDULE.nullable())
            .optional("active", Schema.bool().nullable())
            .optional("max_scheduled_runs", Schema.integer().atLeast(1).nullable())
            .optional("parameters", Schema.anyObject())
            .optional("slug", Schema.string().nullable())
            .optional("replaces", Schema.string().nullable())
            .forbidExtra();

    /** Every field of a deployment, once. */
    static final FieldTable<DeploymentRow> FIELDS = new FieldTable<DeploymentRow>("Deployment")
            .field("id", Schema.uuid(), Column.id(), (d, v) -> { }, Filter.by(Schema.uuid(), ANY, NOT_ANY), FILTER)
            .field("name", Schema.string(), NAME, (d, v) -> d.name = (String) v, Filter.by(Schema.string(), ANY, LIKE),
                    CREATE, DEPLOYMENT, FILTER)
            .required(CREATE)
            .filter("flow_or_deployment_name", Filter.custom(Schema.object("DeploymentOrFlowNameFilter")
                    .optional("like_", Schema.string().nullable()).forbidExtra(), Deployments::flowOrDeploymentName), FILTER)
            .field("version", Schema.string(), Column.of("version", d -> d.version), (d, v) -> d.version = (String) v,
                    Filter.NONE, CREATE, UPDATE, DEPLOYMENT)
            .field("description", Schema.string(), Column.of("description", d -> d.description),
                    (d, v) -> d.description = (String) v, Filter.NONE, CREATE, UPDATE, DEPLOYMENT)
            .field("flow_id", Schema.uuid(), FLOW_ID, (d, v) -> d.flowId = (UUID) v, Filter.NONE, CREATE, DEPLOYMENT)
            .required(CREATE)
            .field("paused", Schema.bool(), PAUSED, (d, v) -> d.paused = Boolean.TRUE.equals(v), Filter.by(Schema.bool(), EQ),
                    CREATE, UPDATE, DEPLOYMENT, FILTER)
            .field("status", Schema.string(), Column.of("status", d -> d.status), (d, v) -> { }, Filter.NONE, DEPLOYMENT)
            .field("concurrency_limit", Schema.integer().atLeast(1), Column.of("concurrency_limit", d -> null),
                    (d, v) -> { }, Filter.NONE, CREATE, UPDATE, DEPLOYMENT)
            .field("global_concurrency_limit", Schema.any(), Column.of("global_concurrency_limit", d -> null),
                    (d, v) -> { }, Filter.NONE, DEPLOYMENT)
            .field("global_concurrency_limit_id", Schema.uuid(), Column.of("concurrency_limit_id", d -> null),
                    (d, v) -> { }, Filter.NONE, CREATE, UPDATE)
            .field("concurrency_options", Schema.object("ConcurrencyOptions")
                            .required("collision_strategy", Schema.oneOf("ENQUEUE", "CANCEL_NEW"))
                            .optional("grace_period_seconds", Schema.integer().atLeast(60).atMost(86400).nullable())
                            .forbidExtra(),
                    Column.of("concurrency_options", d -> d.concurrencyOptions),
                    (d, v) -> d.concurrencyOptions = map(v), Filter.NONE, CREATE, UPDATE, DEPLOYMENT)
            .field("job_variables", Schema.anyObject(), Column.of("infra_overrides", d -> d.jobVariables),
                    (d, v) -> d.jobVariables = v == null ? Map.of() : map(v), Filter.NONE, CREATE, UPDATE, DEPLOYMENT)
            .field("parameters", Schema.anyObject(), Column.of("parameters", d -> d.parameters),
                    (d, v) -> d.parameters = v == null ? Map.of() : map(v), Filter.NONE, CREATE, UPDATE, DEPLOYMENT)
            .field("tags", Schema.list(Schema.string()), Column.of("tags", d -> d.tags),
                    (d, v) -> d.tags = v == null ? List.of() : strings(v), Filter.operated(Schema.string(), ALL, ANY_OF, IS_EMPTY),
                    CREATE, UPDATE, DEPLOYMENT, FILTER)
            .field("labels", Bodies.LABELS, Column.of("labels", d -> d.labels == null ? Map.of() : d.labels),
                    (d, v) -> d.labels = map(v), Filter.NONE, CREATE, DEPLOYMENT)
            .field("work_queue_name", Schema.string(), Column.of("work_queue_name", d -> d.workQueueName),
                    (d, v) -> d.workQueueName = (String) v, Filter.by(Schema.string(), ANY), CREATE, UPDATE, DEPLOYMENT, FILTER)
            .field("last_polled", Schema.dateTime(), Column.of("last_polled", d -> d.lastPolled), (d, v) -> { },
                    Filter.NONE, DEPLOYMENT)
            .field("parameter_openapi_schema", Schema.anyObject(), Column.of("parameter_openapi_schema",
                    d -> d.parameterOpenapiSchema), (d, v) -> d.parameterOpenapiSchema = map(v), Filter.NONE,
                    CREATE, UPDATE, DEPLOYMENT)
            .field("path", Schema.string(), Column.of("path", d -> d.path), (d, v) -> d.path = (String) v, Filter.NONE,
                    CREATE, UPDATE, DEPLOYMENT)
            .field("pull_steps", Schema.list(Schema.anyObject()), Column.of("pull_steps", d -> d.pullSteps),
                    (d, v) -> d.pullSteps = objects(v), Filter.NONE, CREATE, UPDATE, DEPLOYMENT)
            .field("entrypoint", Schema.string(), Column.of("entrypoint", d -> d.entrypoint),
                    (d, v) -> d.entrypoint = (String) v, Filter.NONE, CREATE, UPDATE, DEPLOYMENT)
            .field("storage_document_id", Schema.uuid(), Column.of("storage_document_id", d -> d.storageDocumentId),
                    (d, v) -> d.storageDocumentId = (UUID) v, Filter.NONE, CREATE, UPDATE, DEPLOYMENT)
            .field("infrastructure_document_id", Schema.uuid(), Column.of("infrastructure_document_id",
                    d -> d.infrastructureDocumentId), (d, v) -> d.infrastructureDocumentId = (UUID) v, Filter.NONE,
                    CREATE, UPDATE, DEPLOYMENT)
            .field("created_by", Schema.any(), Column.of("created_by", d -> null), (d, v) -> { }, Filter.NONE, DEPLOYMENT)
            .field("updated_by", Schema.any(), Column.of("updated_by", d -> null), (d, v) -> { }, Filter.NONE, DEPLOYMENT)
            .field("work_queue_id", Schema.uuid(), Column.of("work_queue_id", d -> d.workQueueId), (d, v) -> { },
                    Filter.NONE, DEPLOYMENT)
            .field("enforce_parameter_schema", Schema.bool(), Column.of("enforce_parameter_schema",
                    d -> d.enforceParameterSchema), (d, v) -> d.enforceParameterSchema = !Boolean.FALSE.equals(v),
                    Filter.NONE, CREATE, UPDATE, DEPLOYMENT)
            .field("work_pool_name", Schema.string(), Column.of("work_pool_name", d -> null), (d, v) -> { }, Filter.NONE,
                    CREATE, UPDATE, DEPLOYMENT)
            .field("version_info", Schema.object("VersionInfo").required("type", Schema.string())
                            .required("version", Schema.string()), Column.of("version_info", d -> null), (d, v) -> { },
                    Filter.NONE, CREATE, UPDATE)
            .sort("CREATED_DESC", Order.desc(Column.created()))
            .sort("UPDATED_DESC", Order.desc(Column.updated()))
            .sort("NAME_ASC", Order.asc(NAME))
            .sort("NAME_DESC", Order.desc(NAME));

    /** {@code DeploymentCreate}. */
    public static final Schema CREATE_BODY = FIELDS.model(CREATE)
            .optional("schedules", Schema.list(SCHEDULE_CREATE));
    /** {@code DeploymentUpdate}. */
    public static final Schema UPDATE_BODY = FIELDS.model(UPDATE).optional("schedules", Schema.list(SCHEDULE_UPDATE));
    /** The body of {@code /deployments/filter}. */
    public static final Schema FILTER_BODY = listBody("Body_read_deployments").optional("sort", FIELDS.sortSchema(), "NAME_ASC")
            .optional("offset", Schema.integer().atLeast(0), 0L).optional("limit", Bodies.LIMIT);
    /** The body of {@code /deployments/paginate}. */
    public static final Schema PAGINATE_BODY = listBody("Body_paginate_deployments")
            .optional("sort", FIELDS.sortSchema(), "NAME_ASC")
            .optional("page", Schema.integer().atLeast(1), 1L).optional("limit", Bodies.LIMIT);
    /** The body of {@code /deployments/count}. */
    public static final Schema COUNT_BODY = listBody("Body_count_deployments");
    /** {@code DeploymentFlowRunCreate}: a run of a deployment, unnamed runs named by {@code names}. */
    public static final String FLOW_RUN_CREATE = "DeploymentFlowRunCreate";
    /** The body of {@code /deployments/get_scheduled_flow_runs}. */
    public static final Schema SCHEDULED_RUNS_BODY = Schema.object("Body_get_scheduled_flow_runs_for_deployments")
            .required("deployment_ids", Schema.list(Schema.uuid()))
            .optional("scheduled_before", Schema.dateTime().nullable())
            .optional("limit", Bodies.LIMIT);

    /** The longest interval: Python's {@code timedelta.max}, 999,999,999 days. */
    private static final Duration MAX_INTERVAL = Duration.ofDays(999_999_999L);
    /** Prefect's tag on the runs its scheduler makes. */
    static final String AUTO_SCHEDULED_TAG = "auto-scheduled";
    private static final DateTimeFormatter PYTHON_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]xxx");

    private final Storage storage;
    private final InstantSource clock;
    private final FlowRuns flowRuns;
    private final Names names;
    private final WorkPools workPools;
    private final Listing<DeploymentRow> listing;

    Deployments(Storage storage, InstantSource clock, FlowRuns flowRuns, Names names, WorkPools workPools) {
        this.storage = storage;
        this.clock = clock;
        this.flowRuns = flowRuns;
        this.names = names;
        this.workPools = workPools;
        this.listing = new Listing<>(storage, clock, DeploymentRow.TABLE, Deployments::query, FIELDS::orders);
    }

    /** Returns {@code DeploymentFlowRunCreate}, naming unnamed runs with {@code names}. */
    public static Schema flowRunCreate(Names names) {
        return Schema.object(FLOW_RUN_CREATE)
                .optional("state", Bodies.STATE_CREATE.nullable())
                .optionalComputedWhenFalsy("name", Schema.string(), names::next)
                .optional("parameters", Schema.anyObject(), Map.of())
                .optional("enforce_parameter_schema", Schema.bool().nullable())
                .optional("context", Schema.anyObject(), Map.of())
                .optional("infrastructure_document_id", Schema.uuid().nullable())
                .optional("empirical_policy", Bodies.FLOW_RUN_POLICY)
                .optional("tags", Schema.list(Schema.string()), List.of())
                .optional("idempotency_key", Schema.string().nullable())
                .optional("parent_task_run_id", Schema.uuid().nullable())
                .optional("work_queue_name", Schema.string().nullable())
                .optional("job_variables", Schema.anyObject().nullable())
                .optional("labels", Bodies.LABELS.nullable())
                .forbidExtra();
    }

    private static Schema.Model listBody(String name) {
        return Filters.withFilters(Schema.object(name), "flows", "flow_runs", "task_runs")
                .optional("deployments", FIELDS.filterModel(FILTER))
                .optional("work_pools", WorkPools.POOL_FILTER_MODEL)
                .optional("work_pool_queues", WorkPools.QUEUE_FILTER_MODEL);
    }

    /**
     * {@code DeploymentOrFlowNameFilter} (the V2 UI's search box): the deployment's name or its flow's
     * contains {@code like_}, ignoring case; every deployment for an empty or no {@code like_}.
     */
    private static Condition<DeploymentRow> flowOrDeploymentName(Obj f) {
        String like = f.string("like_");
        if (like == null || like.isEmpty()) {
            return Condition.always();
        }
        return Condition.or(List.of(Condition.contains(NAME, like),
                Condition.exists(FLOW_ID, FlowRow.TABLE, Column.<FlowRow>id(), Condition.contains(FlowRow.NAME, like))));
    }

    /** {@code DeploymentFilter}, as the list bodies of other resources take it ({@code deployments}). */
    private static final Schema FILTER_MODEL = FIELDS.filterModel(FILTER);

    /**
     * The rows of another resource whose {@code column} equals the {@code deploymentColumn} of a
     * deployment matching the body's {@code deployments} filter (Prefect's {@code deployment_filter}
     * of the flow, flow run and task run lists); every row without one. The other resources' bodies
     * hold the filter unchecked, so it is validated here, its errors located at
     * {@code body.deployments}.
     */
    static <R> Condition<R> matching(Column<R, ?> column, Column<DeploymentRow, ?> deploymentColumn, Obj body) {
        return matching(column, deploymentColumn, body, null);
    }

    /**
     * {@link #matching(Column, Column, Obj)} where the deployment's work queue must also be in a pool
     * {@code pools} selects (a {@code WorkPoolFilter}; none if null), one deployment for both, as
     * Prefect's flow filters join them.
     */
    static <R> Condition<R> matching(Column<R, ?> column, Column<DeploymentRow, ?> deploymentColumn, Obj body, Obj pools) {
        Object filter = body.raw("deployments");
        if (filter == null && pools == null) {
            return Condition.always();
        }
        Condition<DeploymentRow> deployments = filter == null ? Condition.always()
                : FIELDS.condition(FILTER, Obj.of(FILTER_MODEL.validate(filter, List.of("body", "deployments"))));
        Condition<DeploymentRow> inPool = pools == null ? Condition.always()
                : Condition.exists(DeploymentRow.WORK_QUEUE_ID, WorkQueueRow.TABLE, Column.<WorkQueueRow>id(),
                        WorkPools.queues(null, pools));
        return Condition.exists(column, DeploymentRow.TABLE, deploymentColumn, Condition.and(deployments, inPool));
    }

    /**
     * The deployments a body selects: their own filter, of a matching flow, with a matching flow run
     * that has a matching task run, in a matching work queue and pool.
     */
    private static Condition<DeploymentRow> query(Obj body) {
        List<Condition<DeploymentRow>> all = new ArrayList<>();
        all.add(FIELDS.condition(FILTER, body.obj("deployments")));
        Obj pools = body.obj("work_pools");
        Obj queues = body.obj("work_pool_queues");
        if (pools != null || queues != null) {
            all.add(Condition.exists(DeploymentRow.WORK_QUEUE_ID, WorkQueueRow.TABLE, Column.<WorkQueueRow>id(),
                    WorkPools.queues(queues, pools)));
        }
        Obj flows = body.obj("flows");
        if (flows != null) {
            all.add(Condition.exists(FLOW_ID, FlowRow.TABLE, Column.<FlowRow>id(), Flows.condition(flows)));
        }
        Obj runs = body.obj("flow_runs");
        Obj tasks = body.obj("task_runs");
        if (runs != null || tasks != null) {
            all.add(Condition.exists(Column.<DeploymentRow>id(), FlowRunRow.TABLE, FlowRunRow.DEPLOYMENT_ID,
                    Condition.and(FlowRuns.condition(runs), Filters.hasTaskRun(tasks))));
        }
        return Condition.and(all);
    }

    // ---- deployments ---------------------------------------------------------------------

    /**
     * Creates or updates (by flow and name) a validated {@code DeploymentCreate}: the fields sent
     * replace the stored ones, the schedules are replaced, and the runs the scheduler made that have
     * not started are dropped, as Prefect's upsert does.
     *
     * @throws ConflictException if the flow does not exist
     * @throws RefusedException naming a work pool, concurrency limit or block this server does not hold
     */
    public Written create(Obj body) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            refuseUnstored(tx, body, true);
            UUID flowId = body.uuid("flow_id");
            FlowRow flow = tx.table(FlowRow.TABLE).get(flowId).orElseThrow(() -> new ConflictException("no such flow"));
            Table<DeploymentRow> table = tx.table(DeploymentRow.TABLE);
            Optional<DeploymentRow> existing = table.findUnique(DeploymentRow.BY_FLOW_AND_NAME,
                    List.of(flowId, body.string("name")));
            DeploymentRow d = existing.orElseGet(() -> {
                DeploymentRow fresh = new DeploymentRow();
                fresh.id = UUID.randomUUID();
                fresh.created = now;
                return fresh;
            });
            FIELDS.apply(CREATE, body, d);
            assignQueue(tx, body, d, false);
            if (!body.has("parameters")) {
                d.parameters = Map.of(); // Prefect's validator always sets them, so an upsert without them clears them
            }
            d.labels = FlowRuns.labels(flow, body.map("labels")); // merged as a flow run's
            d.updated = now;
            table.put(d);
            deleteScheduledRuns(tx, d.id, true, now);
            Table<DeploymentScheduleRow> schedules = tx.table(DeploymentScheduleRow.TABLE);
            for (DeploymentScheduleRow s : schedules.findAll(DeploymentScheduleRow.BY_DEPLOYMENT, d.id)) {
                schedules.remove(s.id);
            }
            List<Map<String, Object>> given = body.list("schedules");
            if (given != null) {
                addSchedules(tx, d.id, given, List.of("body", "schedules"), now);
            }
            return new Written(view(tx, d), existing.isEmpty());
        });
    }

    /**
     * Refuses what points at resources that do not exist, with Prefect's answer: a concurrency limit
     * (this server keeps none); a block document: on create Prefect's route names it (409), on
     * update its foreign key refuses it.
     */
    private static void refuseUnstored(Transaction tx, Obj body, boolean creating) {
        if (body.uuid("global_concurrency_limit_id") != null) {
            throw new RefusedException(404, "Concurrency limit not found");
        }
        for (String block : List.of("infrastructure", "storage")) {
            UUID id = body.uuid(block + "_document_id");
            if (id == null || BlockDocuments.exists(tx, id)) {
                continue;
            }
            if (!creating) {
                throw new ConflictException("no such " + block + " block document");
            }
            throw new RefusedException(409, "Error creating deployment. Could not find " + block + " block with id: " + id
                    + ". This usually occurs when applying a deployment specification that was built against a"
                    + " different Prefect database / workspace.");
        }
    }

    /** How many deployments each flow in {@code flowIds} has (the UI's {@code /ui/flows/count-deployments}), keyed by flow id, in the order asked. */
    public Map<String, Object> countByFlow(List<UUID> flowIds) {
        return storage.read(tx -> {
            Map<String, Object> counts = new LinkedHashMap<>();
            for (UUID flowId : flowIds) {
                counts.put(flowId.toString(), tx.table(DeploymentRow.TABLE).count(Condition.in(FLOW_ID, List.of(flowId))));
            }
            return counts;
        });
    }

    /**
     * Sets the work queue a create or update names, as Prefect's worker lookups: a pool and a queue
     * name, the pool's queue (made if missing); a pool alone, its default queue; a queue alone, that
     * queue of the default agent pool (made with the pool if missing). On update an explicit null
     * pool unsets the queue.
     *
     * @throws RefusedException if the named pool does not exist
     */
    private void assignQueue(Transaction tx, Obj body, DeploymentRow d, boolean update) {
        String pool = body.string("work_pool_name");
        String queue = body.string("work_queue_name");
        if (pool != null && !pool.isEmpty()) {
            d.workQueueId = workPools.queueFor(tx, pool, queue == null || queue.isEmpty() ? null : queue);
        } else if (update && body.has("work_pool_name")) {
            d.workQueueId = null;
        } else if (queue != null && !queue.isEmpty()) {
            d.workQueueId = workPools.queueFor(tx, null, queue);
        }
    }

    public Optional<Map<String, Object>> read(UUID id) {
        return storage.read(tx -> tx.table(DeploymentRow.TABLE).get(id).map(d -> view(tx, d)));
    }

    /** Returns the deployment {@code name} of the flow named {@code flowName}. */
    public Optional<Map<String, Object>> readByName(String flowName, String name) {
        return storage.read(tx -> tx.table(FlowRow.TABLE).findUnique(FlowRow.BY_NAME, flowName)
                .flatMap(f -> tx.table(DeploymentRow.TABLE).findUnique(DeploymentRow.BY_FLOW_AND_NAME, List.of(f.id, name)))
                .map(d -> view(tx, d)));
    }

    /**
     * Applies a validated {@code DeploymentUpdate} and drops the scheduler's runs that have not
     * started; false if there is no such deployment. Sent schedules are matched by slug when every
     * sent and stored schedule has one (patched, or added); otherwise they replace the stored ones.
     *
     * @throws RefusedException for schedules Prefect refuses to match
     */
    public boolean update(UUID id, Obj body) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            Optional<DeploymentRow> found = tx.table(DeploymentRow.TABLE).getForUpdate(id);
            if (found.isEmpty()) {
                return false;
            }
            refuseUnstored(tx, body, false);
            DeploymentRow d = found.get();
            FIELDS.apply(UPDATE, body, d);
            assignQueue(tx, body, d, true);
            d.updated = now;
            tx.table(DeploymentRow.TABLE).put(d);
            deleteScheduledRuns(tx, d.id, true, now);
            List<Map<String, Object>> given = body.list("schedules");
            if (given != null) {
                updateSchedules(tx, d.id, given, now);
            }
            return true;
        });
    }

    private void updateSchedules(Transaction tx, UUID deploymentId, List<Map<String, Object>> given, Instant now) {
        Table<DeploymentScheduleRow> table = tx.table(DeploymentScheduleRow.TABLE);
        List<DeploymentScheduleRow> stored = table.findAll(DeploymentScheduleRow.BY_DEPLOYMENT, deploymentId);
        boolean givenSlugs = given.stream().allMatch(s -> s.get("slug") != null);
        boolean storedSlugs = !stored.isEmpty() && stored.stream().allMatch(s -> s.slug != null);
        if (storedSlugs && !givenSlugs) {
            throw new RefusedException(422, "Please provide a slug for each schedule in your request to ensure"
                    + " schedules are updated correctly.");
        }
        if (storedSlugs) {
            for (Map<String, Object> s : given) {
                Obj schedule = Obj.of(s);
                String target = schedule.string("replaces") != null ? schedule.string("replaces") : schedule.string("slug");
                Optional<DeploymentScheduleRow> match = table.findUnique(DeploymentScheduleRow.BY_SLUG,
                        List.of(deploymentId, target));
                if (match.isPresent()) {
                    DeploymentScheduleRow row = match.get();
                    applySchedule(schedule, row);
                    row.updated = now;
                    table.put(row);
                } else if (schedule.raw("schedule") != null) {
                    addSchedule(tx, deploymentId, schedule, now);
                } else {
                    throw new RefusedException(422, "Unable to create new deployment schedules without a schedule"
                            + " configuration.");
                }
            }
            return;
        }
        for (DeploymentScheduleRow s : stored) {
            table.remove(s.id);
        }
        for (Map<String, Object> s : given) {
            if (s.get("schedule") != null) { // one without a schedule is left out, as Prefect does
                addSchedule(tx, deploymentId, Obj.of(s), now);
            }
        }
    }

    /** Deletes a deployment, its schedules and its runs that are still scheduled; false if there was none. */
    public boolean delete(UUID id) {
        return storage.write(tx -> delete(tx, id));
    }

    /** Deletes a deployment as {@link #delete(UUID)}; its other runs keep running, no longer linked to it. */
    boolean delete(Transaction tx, UUID id) {
        if (!tx.table(DeploymentRow.TABLE).remove(id)) {
            return false;
        }
        deleteScheduledRuns(tx, id, false, null);
        Table<DeploymentScheduleRow> schedules = tx.table(DeploymentScheduleRow.TABLE);
        for (DeploymentScheduleRow s : schedules.findAll(DeploymentScheduleRow.BY_DEPLOYMENT, id)) {
            schedules.remove(s.id);
        }
        Table<FlowRunRow> runs = tx.table(FlowRunRow.TABLE);
        for (FlowRunRow run : runs.findAll(FlowRunRow.BY_DEPLOYMENT, id)) {
            run.deploymentId = null; // the foreign key's ON DELETE SET NULL
            runs.put(run);
        }
        return true;
    }

    /**
     * Deletes the deployment's runs that are Scheduled and have never run (not those awaiting a
     * concurrency slot): only the scheduler's if {@code autoOnly}, only those due after
     * {@code after} if it is given, as Prefect's {@code _delete_scheduled_runs}.
     */
    private void deleteScheduledRuns(Transaction tx, UUID deploymentId, boolean autoOnly, Instant after) {
        for (FlowRunRow run : tx.table(FlowRunRow.TABLE).findAll(FlowRunRow.BY_DEPLOYMENT, deploymentId)) {
            boolean scheduled = run.stateType() == StateType.SCHEDULED && !"AwaitingConcurrencySlot".equals(run.state.name)
                    && run.runCount == 0;
            boolean future = after == null || (run.nextScheduledStartTime != null && run.nextScheduledStartTime.isAfter(after));
            if (scheduled && (!autoOnly || run.autoScheduled) && future) {
                flowRuns.delete(tx, run.id);
            }
        }
    }

    /** Pauses ({@code paused}) or resumes a deployment; pausing drops the scheduler's runs not yet started. */
    public boolean setPaused(UUID id, boolean paused) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            Optional<DeploymentRow> found = tx.table(DeploymentRow.TABLE).getForUpdate(id);
            found.ifPresent(d -> {
                d.paused = paused;
                d.updated = now;
                tx.table(DeploymentRow.TABLE).put(d);
                if (paused) {
                    deleteScheduledRuns(tx, id, true, null);
                }
            });
            return found.isPresent();
        });
    }

    public long count(Obj body) {
        return listing.count(body);
    }

    public List<Object> filter(Obj body, int limit) {
        return storage.read(tx -> {
            List<Object> out = new ArrayList<>();
            for (Object d : listing.filter(body, limit, (row, now) -> row)) {
                out.add(view(tx, (DeploymentRow) d));
            }
            return out;
        });
    }

    public Map<String, Object> paginate(Obj body, int limit) {
        Map<String, Object> page = listing.paginate(body, limit, (row, now) -> row);
        return storage.read(tx -> {
            Map<String, Object> out = new LinkedHashMap<>(page);
            List<Object> results = new ArrayList<>();
            for (Object d : (List<?>) page.get("results")) {
                results.add(view(tx, (DeploymentRow) d));
            }
            out.put("results", results);
            return out;
        });
    }

    private static Map<String, Object> view(Transaction tx, DeploymentRow d) {
        Map<String, Object> out = FIELDS.view(DEPLOYMENT, d);
        out.put("schedules", scheduleViews(tx, d.id));
        out.put("work_pool_name", WorkPools.poolNameOf(tx, d.workQueueId));
        return out;
    }

    // ---- runs of a deployment ------------------------------------------------------------

    /**
     * Creates a flow run of the deployment from a validated {@code DeploymentFlowRunCreate}: the
     * deployment's parameters overlaid with the sent ones, its tags and the sent ones, Scheduled now
     * if no state is sent; the run of the same idempotency key if there is one. Empty if there is
     * no such deployment.
     */
    public Optional<Written> createFlowRun(UUID id, Obj body) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            Optional<DeploymentRow> found = tx.table(DeploymentRow.TABLE).get(id);
            if (found.isEmpty()) {
                return Optional.<Written>empty();
            }
            DeploymentRow d = found.get();
            String queueName = body.string("work_queue_name");
            String poolName = WorkPools.poolNameOf(tx, d.workQueueId);
            if (queueName != null && !queueName.isEmpty() && poolName == null) {
                throw new RefusedException("Cannot create flow run in work queue " + queueName + " because deployment "
                        + id + " is not associated with a work pool. Please remove work_pool_name and try again.");
            }
            boolean enforce = body.bool("enforce_parameter_schema") != null ? body.bool("enforce_parameter_schema")
                    : d.enforceParameterSchema;
            if (enforce && d.parameterOpenapiSchema == null) {
                throw new RefusedException(409, "Error updating deployment: Cannot update parameters because parameter schema"
                        + " enforcement is enabled and the deployment does not have a valid parameter schema.");
            }
            String key = body.string("idempotency_key");
            if (key != null) {
                Optional<FlowRunRow> existing = tx.table(FlowRunRow.TABLE)
                        .findUnique(FlowRunRow.BY_IDEMPOTENCY_KEY, List.of(d.flowId, key));
                if (existing.isPresent()) {
                    return Optional.of(new Written(FlowRuns.view(existing.get(), now), false));
                }
            }
            FlowRunRow run = newRun(tx, d, now);
            if (queueName != null && !queueName.isEmpty()) {
                run.workQueueName = queueName;
                run.workQueueId = workPools.queueFor(tx, poolName, queueName);
                WorkPools.placeInPool(tx, run);
            }
            run.name = body.string("name");
            Map<String, Object> parameters = new LinkedHashMap<>(d.parameters);
            parameters.putAll(body.map("parameters"));
            run.parameters = Collections.unmodifiableMap(parameters);
            Set<String> tags = new LinkedHashSet<>(d.tags);
            tags.addAll(body.<String>list("tags"));
            run.tags = List.copyOf(tags);
            run.context = body.map("context");
            run.idempotencyKey = key;
            run.parentTaskRunId = body.uuid("parent_task_run_id");
            run.empiricalPolicy = EmpiricalPolicy.normalize(body.map("empirical_policy") == null ? Map.of() : body.map("empirical_policy"));
            run.jobVariables = body.map("job_variables") == null ? Map.of() : body.map("job_variables");
            Map<String, Object> labels = new LinkedHashMap<>(run.labels);
            if (body.map("labels") != null) {
                labels.putAll(body.map("labels"));
            }
            run.labels = Collections.unmodifiableMap(labels);
            Obj state = body.obj("state");
            StateRow initial = state != null ? ProposedStates.fromCreate(state, now) : scheduled(now, now, null);
            return Optional.of(new Written(FlowRuns.view(flowRuns.insert(tx, run, initial), now), true));
        });
    }

    /** A run of the deployment, not yet named or stored: its flow, version, queue and labels. */
    private static FlowRunRow newRun(Transaction tx, DeploymentRow d, Instant now) {
        FlowRunRow run = new FlowRunRow();
        run.id = UUID.randomUUID();
        run.created = now;
        run.updated = now;
        run.flowId = d.flowId;
        run.deploymentId = d.id;
        run.deploymentVersion = d.version;
        run.workQueueName = d.workQueueName;
        run.workQueueId = d.workQueueId;
        run.infrastructureDocumentId = d.infrastructureDocumentId;
        WorkPools.placeInPool(tx, run);
        Map<String, Object> labels = new LinkedHashMap<>(d.labels == null ? Map.of() : d.labels);
        labels.put("prefect.flow.id", d.flowId.toString());
        labels.put("prefect.deployment.id", d.id.toString());
        run.labels = Collections.unmodifiableMap(labels);
        return run;
    }

    /**
     * Returns the deployments' runs that are Scheduled to start by {@code before} (any time if
     * null), soonest first, at most {@code limit}, and marks the deployments polled and ready, as a
     * runner's poll does.
     */
    public List<Object> scheduledRuns(List<UUID> deploymentIds, Instant before, int limit) {
        Instant now = clock.instant();
        Condition<FlowRunRow> due = Condition.and(
                Condition.in(FlowRunRow.DEPLOYMENT_ID, deploymentIds),
                Condition.in(RunRow.<FlowRunRow>currentStateType(), List.of(StateType.SCHEDULED.name())),
                before == null ? Condition.always()
                        : Condition.between(RunRow.<FlowRunRow>nextScheduledStartTime(), null, before));
        Query<FlowRunRow> q = Query.of(due).orderBy(List.of(Order.asc(RunRow.<FlowRunRow>nextScheduledStartTime())))
                .page(0, limit);
        return storage.write(tx -> {
            List<Object> out = Views.list(tx.table(FlowRunRow.TABLE).find(q), r -> FlowRuns.view(r, now));
            Table<DeploymentRow> table = tx.table(DeploymentRow.TABLE);
            for (UUID id : new LinkedHashSet<>(deploymentIds)) {
                table.getForUpdate(id).ifPresent(d -> {
                    d.lastPolled = now;
                    d.status = "READY";
                    table.put(d);
                });
            }
            return out;
        });
    }

    // ---- schedules -----------------------------------------------------------------------

    /** Returns the deployment's schedules, most recently updated first; empty if there is no such deployment. */
    public Optional<List<Object>> schedules(UUID id) {
        return storage.read(tx -> tx.table(DeploymentRow.TABLE).get(id).map(d -> scheduleViews(tx, id)));
    }

    /** Adds validated {@code DeploymentScheduleCreate}s to a deployment; empty if there is no such deployment. */
    public Optional<List<Object>> addSchedules(UUID id, List<Map<String, Object>> schedules) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            Optional<DeploymentRow> found = tx.table(DeploymentRow.TABLE).getForUpdate(id);
            try {
                return found.map(d -> addSchedules(tx, id, schedules, List.of("body"), now));
            } catch (ConflictException e) {
                throw new RefusedException(409, "Schedule slugs must be unique within a deployment.");
            }
        });
    }

    /** What {@link #updateSchedule} found. */
    public enum Found { DEPLOYMENT_MISSING, SCHEDULE_MISSING, DONE }

    /** Applies a validated {@code DeploymentScheduleUpdate} to one schedule of a deployment. */
    public Found updateSchedule(UUID id, UUID scheduleId, Obj body) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            if (tx.table(DeploymentRow.TABLE).getForUpdate(id).isEmpty()) {
                return Found.DEPLOYMENT_MISSING;
            }
            Table<DeploymentScheduleRow> table = tx.table(DeploymentScheduleRow.TABLE);
            Optional<DeploymentScheduleRow> s = table.getForUpdate(scheduleId).filter(r -> id.equals(r.deploymentId));
            if (s.isEmpty()) {
                return Found.SCHEDULE_MISSING;
            }
            DeploymentScheduleRow row = s.get();
            applySchedule(body, row);
            row.updated = now;
            table.put(row);
            deleteScheduledRuns(tx, id, true, now); // the runs of the old schedule no longer hold
            return Found.DONE;
        });
    }

    /** Deletes one schedule of a deployment and the runs it scheduled that have not started. */
    public Found deleteSchedule(UUID id, UUID scheduleId) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            if (tx.table(DeploymentRow.TABLE).getForUpdate(id).isEmpty()) {
                return Found.DEPLOYMENT_MISSING;
            }
            Table<DeploymentScheduleRow> table = tx.table(DeploymentScheduleRow.TABLE);
            if (table.get(scheduleId).filter(r -> id.equals(r.deploymentId)).isEmpty()) {
                return Found.SCHEDULE_MISSING;
            }
            table.remove(scheduleId);
            deleteScheduledRuns(tx, id, true, now);
            return Found.DONE;
        });
    }

    private List<Object> addSchedules(Transaction tx, UUID id, List<Map<String, Object>> schedules, List<Object> loc,
            Instant now) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < schedules.size(); i++) {
            try {
                out.add(scheduleView(addSchedule(tx, id, Obj.of(schedules.get(i)), now)));
            } catch (ValidationException e) {
                throw relocated(e, loc, i);
            }
        }
        return out;
    }

    private static ValidationException relocated(ValidationException e, List<Object> loc, int index) {
        List<Problem> moved = new ArrayList<>();
        for (Problem p : e.problems()) {
            List<Object> at = new ArrayList<>(loc);
            at.add(index);
            at.addAll(p.loc());
            moved.add(new Problem(at, p.msg(), p.type(), p.input(), p.ctx()));
        }
        return new ValidationException(moved);
    }

    private DeploymentScheduleRow addSchedule(Transaction tx, UUID deploymentId, Obj body, Instant now) {
        DeploymentScheduleRow row = new DeploymentScheduleRow();
        row.id = UUID.randomUUID();
        row.created = now;
        row.updated = now;
        row.deploymentId = deploymentId;
        applySchedule(body, row);
        tx.table(DeploymentScheduleRow.TABLE).put(row);
        return row;
    }

    /** Stores the fields of a validated schedule create or update that it holds (update: not nulls, as Prefect's exclude_none). */
    private void applySchedule(Obj body, DeploymentScheduleRow row) {
        if (body.raw("schedule") != null) {
            row.schedule = storedSchedule(body.obj("schedule"));
        }
        if (body.bool("active") != null) {
            row.active = body.bool("active");
        }
        if (body.raw("max_scheduled_runs") != null) {
            row.maxScheduledRuns = body.integer("max_scheduled_runs");
        }
        if (body.raw("parameters") != null) {
            row.parameters = body.map("parameters");
        }
        if (body.raw("slug") != null) {
            row.slug = body.string("slug");
        }
    }

    /**
     * A validated schedule as stored and answered: cron with its time zone (null if none sent) and
     * {@code day_or}; interval in seconds, with its anchor (now if none sent) and time zone (UTC if
     * none sent, as Prefect infers it from an anchor given with an offset).
     */
    private Map<String, Object> storedSchedule(Obj s) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (s.has("cron")) {
            out.put("cron", s.string("cron"));
            out.put("timezone", s.string("timezone"));
            out.put("day_or", s.bool("day_or"));
            return Collections.unmodifiableMap(out);
        }
        Duration interval = interval(s.raw("interval"));
        out.put("interval", interval.getSeconds() + interval.getNano() / 1e9);
        out.put("anchor_date", s.instant("anchor_date") != null ? s.instant("anchor_date") : clock.instant());
        out.put("timezone", s.string("timezone") != null ? s.string("timezone") : "UTC");
        return Collections.unmodifiableMap(out);
    }

    /** An interval sent as seconds or ISO 8601 ({@code PT1H}); must be positive, as Prefect's {@code PositiveInterval}. */
    private static Duration interval(Object sent) {
        Duration d;
        try {
            d = sent instanceof Number ? ScheduleDates.seconds(((Number) sent).doubleValue())
                    : sent.toString().matches("-?[0-9.]+") ? ScheduleDates.seconds(Double.parseDouble(sent.toString()))
                    : Duration.parse(sent.toString());
        } catch (RuntimeException e) {
            throw new ValidationException(List.of(new Problem(List.of("schedule", "function-after[validate_timezone(), IntervalSchedule]", "interval"),
                    "Input should be a valid timedelta, invalid character in number", "time_delta_parsing", sent, null)));
        }
        if (d.compareTo(MAX_INTERVAL) > 0) { // Python's timedelta.max
            throw new ValidationException(List.of(new Problem(List.of("schedule", "function-after[validate_timezone(), IntervalSchedule]", "interval"),
                    "Input should be a valid timedelta, durations may not exceed 999,999,999 days", "time_delta_parsing", sent, null)));
        }
        if (d.isNegative() || d.isZero()) {
            throw new ValidationException(List.of(new Problem(List.of("schedule", "function-after[validate_timezone(), IntervalSchedule]", "interval"),
                    "Input should be greater than 0:00:00", "greater_than", sent, Map.of("gt", "0:00:00"))));
        }
        return d;
    }

    private static List<Object> scheduleViews(Transaction tx, UUID deploymentId) {
        List<DeploymentScheduleRow> rows = new ArrayList<>(
                tx.table(DeploymentScheduleRow.TABLE).findAll(DeploymentScheduleRow.BY_DEPLOYMENT, deploymentId));
        rows.sort(Comparator.comparing((DeploymentScheduleRow s) -> s.updated).reversed());
        return Views.list(rows, Deployments::scheduleView);
    }

    private static Map<String, Object> scheduleView(DeploymentScheduleRow s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.id);
        out.put("created", s.created);
        out.put("updated", s.updated);
        out.put("deployment_id", s.deploymentId);
        out.put("schedule", s.schedule);
        out.put("active", s.active);
        out.put("max_scheduled_runs", s.maxScheduledRuns);
        out.put("parameters", s.parameters);
        out.put("slug", s.slug);
        return out;
    }

    // ---- the scheduler's work ------------------------------------------------------------

    /**
     * One round of Prefect's scheduler service: for every deployment not paused with an active
     * schedule that has fewer than {@code policy.minRuns()} runs ahead or none beyond
     * {@code now + policy.minScheduledTime()}, makes the runs each active schedule needs, from now
     * to at most {@code policy.maxScheduledTime()} ahead and at most {@code policy.maxRuns()} per
     * schedule. Idempotent: a run already made for a schedule and date is not made again.
     *
     * @return how many runs were made
     */
    public int scheduleRuns(SchedulerPolicy policy) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            int made = 0;
            for (DeploymentRow d : tx.table(DeploymentRow.TABLE).find(Query.of(Condition.in(PAUSED, List.of(false)))
                    .orderBy(List.of(Order.asc(Column.<DeploymentRow>id()))))) {
                List<DeploymentScheduleRow> active = tx.table(DeploymentScheduleRow.TABLE)
                        .findAll(DeploymentScheduleRow.BY_DEPLOYMENT, d.id).stream().filter(s -> s.active).toList();
                if (active.stream().anyMatch(s -> needsRuns(tx, d, s, policy, now))) {
                    for (DeploymentScheduleRow s : active) {
                        made += scheduleRuns(tx, d, s, policy, now);
                    }
                }
            }
            return made;
        });
    }

    private static boolean needsRuns(Transaction tx, DeploymentRow d, DeploymentScheduleRow s, SchedulerPolicy policy,
            Instant now) {
        long ahead = 0;
        Instant last = null;
        for (FlowRunRow run : tx.table(FlowRunRow.TABLE).findAll(FlowRunRow.BY_DEPLOYMENT, d.id)) {
            boolean mine = run.autoScheduled && run.createdBy != null && s.id.toString().equals(run.createdBy.get("id"));
            if (mine && run.stateType() == StateType.SCHEDULED && run.nextScheduledStartTime != null
                    && !run.nextScheduledStartTime.isBefore(now)) {
                ahead++;
                last = last == null || run.nextScheduledStartTime.isAfter(last) ? run.nextScheduledStartTime : last;
            }
        }
        return ahead < policy.minRuns() || (last != null && last.isBefore(now.plus(policy.minScheduledTime())));
    }

    private int scheduleRuns(Transaction tx, DeploymentRow d, DeploymentScheduleRow s, SchedulerPolicy policy, Instant now) {
        Instant minUntil = now.plus(policy.minScheduledTime());
        List<ZonedDateTime> dates = new ArrayList<>();
        for (ZonedDateTime date : ScheduleDates.between(s.schedule, policy.maxRuns(), now, now.plus(policy.maxScheduledTime()))) {
            dates.add(date);
            if (dates.size() >= policy.minRuns() && !date.toInstant().isBefore(minUntil)) {
                break;
            }
        }
        Map<String, Object> parameters = new LinkedHashMap<>(d.parameters);
        parameters.putAll(s.parameters);
        List<String> tags = new ArrayList<>();
        tags.add(AUTO_SCHEDULED_TAG);
        tags.addAll(d.tags);
        Map<String, Object> createdBy = new LinkedHashMap<>();
        createdBy.put("id", s.id.toString());
        createdBy.put("type", "SCHEDULE");
        createdBy.put("display_value", s.slug != null ? s.slug : s.schedule.containsKey("cron") ? "CronSchedule"
                : "IntervalSchedule");
        int made = 0;
        Table<FlowRunRow> runs = tx.table(FlowRunRow.TABLE);
        for (ZonedDateTime date : dates) {
            String key = "scheduled " + d.id + " " + s.id + " " + PYTHON_DATETIME.format(date);
            if (runs.findUnique(FlowRunRow.BY_IDEMPOTENCY_KEY, List.of(d.flowId, key)).isPresent()) {
                continue;
            }
            FlowRunRow run = newRun(tx, d, now);
            run.name = names.next();
            run.parameters = Collections.unmodifiableMap(parameters);
            run.tags = List.copyOf(tags);
            run.idempotencyKey = key;
            run.autoScheduled = true;
            run.createdBy = Collections.unmodifiableMap(createdBy);
            run.empiricalPolicy = EmpiricalPolicy.normalize(Map.of());
            run.jobVariables = Map.of();
            flowRuns.insertScheduled(tx, run, scheduled(date.toInstant(), now, "Flow run scheduled"));
            made++;
        }
        return made;
    }

    private static StateRow scheduled(Instant at, Instant now, String message) {
        StateRow s = ProposedStates.scheduled(at, now);
        s.message = message;
        return s;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object v) {
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object v) {
        return (List<String>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> objects(Object v) {
        return (List<Object>) v;
    }
}
