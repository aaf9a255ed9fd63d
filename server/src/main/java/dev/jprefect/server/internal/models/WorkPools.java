package dev.jprefect.server.internal.models;

import static dev.jprefect.server.internal.models.FieldTable.Op.AFTER;
import static dev.jprefect.server.internal.models.FieldTable.Op.ANY;
import static dev.jprefect.server.internal.models.FieldTable.Op.BEFORE;
import static dev.jprefect.server.internal.models.FieldTable.Op.NOT_ANY;
import static dev.jprefect.server.internal.models.FieldTable.Op.STARTS_WITH;

import dev.jprefect.server.internal.models.FieldTable.Filter;
import dev.jprefect.server.internal.schema.Bodies;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.schema.Schema;
import dev.jprefect.server.internal.storage.Column;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.ConflictException;
import dev.jprefect.server.internal.storage.DeploymentRow;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.Query;
import dev.jprefect.server.internal.storage.RunRow;
import dev.jprefect.server.internal.storage.StateType;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.Table;
import dev.jprefect.server.internal.storage.Transaction;
import dev.jprefect.server.internal.storage.WorkPoolRow;
import dev.jprefect.server.internal.storage.WorkQueueRow;
import dev.jprefect.server.internal.storage.WorkerRow;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Work pools, their queues and their workers, as Prefect's {@code models.workers} and
 * {@code models.work_queues}: a pool is made with its {@code default} queue; the pool
 * {@code default-agent-pool} is made when a queue is first named without a pool; workers are known
 * by their heartbeats; and a worker's poll answers the Scheduled runs of the pool's queues that are
 * due, soonest first, leaving out paused pools and queues and runs beyond their concurrency limits.
 */
public final class WorkPools {
    /** Prefect's {@code DEFAULT_AGENT_WORK_POOL_NAME}. */
    public static final String DEFAULT_AGENT_POOL = "default-agent-pool";
    /** The name of the queue every pool is made with. */
    static final String DEFAULT_QUEUE = "default";
    private static final String AGENT_TYPE = "prefect-agent";
    /** What an update of a reserved pool may set. */
    private static final Set<String> RESERVED_UPDATABLE = Set.of("is_paused", "concurrency_limit");
    /** A worker is online while its last heartbeat is within this many of its intervals (Prefect's {@code INACTIVITY_HEARTBEAT_MULTIPLE}). */
    private static final long INACTIVITY_HEARTBEAT_MULTIPLE = 3;
    /** The heartbeat interval of a worker that sent none (Prefect's {@code DEFAULT_HEARTBEAT_INTERVAL_SECONDS}). */
    private static final long DEFAULT_HEARTBEAT_INTERVAL_SECONDS = 30;
    /** A queue polled this recently is ready when unpaused (Prefect's {@code WORK_QUEUE_LAST_POLLED_TIMEOUT}). */
    private static final Duration LAST_POLLED_TIMEOUT = Duration.ofSeconds(60);

    private static final String POOL_CREATE = "WorkPoolCreate";
    private static final String POOL_UPDATE = "WorkPoolUpdate";
    private static final String POOL = "WorkPool";
    private static final String POOL_FILTER = "WorkPoolFilter";
    private static final String QUEUE_CREATE = "WorkQueueCreate";
    private static final String QUEUE_UPDATE = "WorkQueueUpdate";
    private static final String QUEUE = "WorkQueue";
    private static final String QUEUE_FILTER = "WorkQueueFilter";
    private static final String WORKER = "Worker";
    private static final String WORKER_FILTER = "WorkerFilter";
    private static final String ONLINE = "ONLINE";
    private static final String READY = "READY";
    private static final String NOT_READY = "NOT_READY";
    private static final String PAUSED = "PAUSED";
    private static final String OFFLINE = "OFFLINE";

    private static final Schema NAME = Schema.string().pattern(Bodies.NAME_PATTERN);
    private static final Column<WorkPoolRow, String> POOL_NAME = WorkPoolRow.NAME;
    private static final Column<WorkQueueRow, String> QUEUE_NAME = WorkQueueRow.NAME;
    private static final Column<WorkQueueRow, UUID> QUEUE_POOL = WorkQueueRow.WORK_POOL_ID;
    private static final Column<WorkQueueRow, Long> PRIORITY = Column.of("priority", q -> q.priority);
    /** A run's {@code empirical_policy.retry_type}: a run retried in its own process is not a worker's to take. */
    private static final Column<FlowRunRow, Object> RETRY_TYPE = Column.of("empirical_policy->>'retry_type'",
            r -> r.empiricalPolicy == null ? null : r.empiricalPolicy.get("retry_type"));
    private static final Column<WorkerRow, UUID> WORKER_POOL = WorkerRow.WORK_POOL_ID;
    private static final Column<WorkerRow, Instant> WORKER_HEARTBEAT = Column.of("last_heartbeat_time", w -> w.lastHeartbeatTime);

    /** Every field of a work pool, once. */
    static final FieldTable<WorkPoolRow> POOL_FIELDS = new FieldTable<WorkPoolRow>(POOL)
            .field("id", Schema.uuid(), Column.id(), (p, v) -> { }, Filter.by(Schema.uuid(), ANY), POOL_FILTER)
            .field("name", NAME, POOL_NAME, (p, v) -> p.name = (String) v, Filter.by(Schema.string(), ANY),
                    POOL_CREATE, POOL, POOL_FILTER)
            .required(POOL_CREATE)
            .field("description", Schema.string(), Column.of("description", p -> p.description),
                    (p, v) -> p.description = (String) v, Filter.NONE, POOL_CREATE, POOL_UPDATE, POOL)
            .field("type", Schema.string(), Column.of("type", p -> p.type), (p, v) -> p.type = (String) v,
                    Filter.by(Schema.string(), ANY), POOL_CREATE, POOL, POOL_FILTER)
            .field("base_job_template", Schema.anyObject(), Column.of("base_job_template", p -> p.baseJobTemplate),
                    (p, v) -> p.baseJobTemplate = v == null ? Map.of() : Deployments.map(v), Filter.NONE,
                    POOL_CREATE, POOL_UPDATE, POOL)
            .field("is_paused", Schema.bool(), Column.of("is_paused", p -> p.isPaused), (p, v) -> p.isPaused = Boolean.TRUE.equals(v),
                    Filter.NONE, POOL_CREATE, POOL_UPDATE, POOL)
            .field("concurrency_limit", Schema.integer().atLeast(0), Column.of("concurrency_limit", p -> p.concurrencyLimit),
                    (p, v) -> p.concurrencyLimit = (Long) v, Filter.NONE, POOL_CREATE, POOL_UPDATE, POOL)
            .field("storage_configuration", Schema.object("WorkPoolStorageConfiguration")
                            .optional("bundle_upload_step", Schema.anyObject().nullable())
                            .optional("bundle_execution_step", Schema.anyObject().nullable())
                            .optional("default_result_storage_block_id", Schema.uuid().nullable()).forbidExtra(),
                    Column.of("storage_configuration", p -> storage(p.storageConfiguration)),
                    (p, v) -> p.storageConfiguration = v == null ? Map.of() : Deployments.map(v), Filter.NONE,
                    POOL_CREATE, POOL_UPDATE, POOL)
            .field("status", Schema.string(), Column.of("status", p -> p.status), (p, v) -> { }, Filter.NONE, POOL)
            .field("default_queue_id", Schema.uuid(), Column.of("default_queue_id", p -> p.defaultQueueId), (p, v) -> { },
                    Filter.NONE, POOL)
            .field("active_slots", Schema.integer(), Column.of("active_slots", p -> null), (p, v) -> { }, Filter.NONE, POOL)
            .sort("NAME_ASC", Order.asc(POOL_NAME));

    /** Every field of a work queue, once. */
    static final FieldTable<WorkQueueRow> QUEUE_FIELDS = new FieldTable<WorkQueueRow>(QUEUE)
            .field("id", Schema.uuid(), Column.id(), (q, v) -> { }, Filter.by(Schema.uuid(), ANY), QUEUE_FILTER)
            .field("name", NAME, QUEUE_NAME, (q, v) -> q.name = (String) v, Filter.by(Schema.string(), ANY, STARTS_WITH),
                    QUEUE_CREATE, QUEUE_UPDATE, QUEUE, QUEUE_FILTER)
            .required(QUEUE_CREATE)
            .field("description", Schema.string(), Column.of("description", q -> q.description),
                    (q, v) -> q.description = v == null ? "" : (String) v, Filter.NONE, QUEUE_CREATE, QUEUE_UPDATE, QUEUE)
            .field("is_paused", Schema.bool(), Column.of("is_paused", q -> q.isPaused), (q, v) -> q.isPaused = Boolean.TRUE.equals(v),
                    Filter.NONE, QUEUE_CREATE, QUEUE_UPDATE, QUEUE)
            .field("concurrency_limit", Schema.integer().atLeast(0), Column.of("concurrency_limit", q -> q.concurrencyLimit),
                    (q, v) -> q.concurrencyLimit = (Long) v, Filter.NONE, QUEUE_CREATE, QUEUE_UPDATE, QUEUE)
            .field("priority", Schema.integer().atLeast(1), PRIORITY, (q, v) -> {
                if (v != null) {
                    q.priority = (Long) v;
                }
            }, Filter.NONE, QUEUE_CREATE, QUEUE_UPDATE, QUEUE)
            .field("last_polled", Schema.dateTime(), Column.of("last_polled", q -> q.lastPolled),
                    (q, v) -> q.lastPolled = (Instant) v, Filter.NONE, QUEUE_UPDATE, QUEUE)
            .field("filter", Schema.any(), Column.of("filter", q -> null), (q, v) -> { }, Filter.NONE, QUEUE_CREATE,
                    QUEUE_UPDATE, QUEUE)
            .field("work_pool_id", Schema.uuid(), QUEUE_POOL, (q, v) -> { }, Filter.NONE, QUEUE)
            .field("status", Schema.string(), Column.of("status", q -> q.status), (q, v) -> { }, Filter.NONE, QUEUE)
            .sort("PRIORITY_ASC", Order.asc(PRIORITY), Order.asc(QUEUE_NAME))
            .sort("NAME_ASC", Order.asc(QUEUE_NAME));

    /**
     * Every field of a worker, once. Its {@code status} is stored as its heartbeats set it (what
     * filters see) and answered as Prefect's response computes it, from the last heartbeat.
     */
    static final FieldTable<WorkerRow> WORKER_FIELDS = new FieldTable<WorkerRow>(WORKER)
            .field("name", Schema.string(), Column.of("name", w -> w.name), (w, v) -> { }, Filter.NONE, WORKER)
            .field("work_pool_id", Schema.uuid(), WORKER_POOL, (w, v) -> { }, Filter.NONE, WORKER)
            .field("last_heartbeat_time", Schema.dateTime(), WORKER_HEARTBEAT, (w, v) -> { },
                    Filter.by(Schema.dateTime(), BEFORE, AFTER), WORKER, WORKER_FILTER)
            .field("heartbeat_interval_seconds", Schema.integer(), Column.of("heartbeat_interval_seconds",
                    w -> w.heartbeatIntervalSeconds), (w, v) -> { }, Filter.NONE, WORKER)
            .field("status", Schema.oneOf(ONLINE, OFFLINE), Column.of("status", w -> w.status), (w, v) -> { },
                    Filter.by(Schema.oneOf(ONLINE, OFFLINE), ANY, NOT_ANY), WORKER, WORKER_FILTER)
            .sort("LAST_HEARTBEAT_TIME_DESC", Order.desc(WORKER_HEARTBEAT));

    /** {@code WorkPoolFilter}, as other resources' bodies take it ({@code work_pools}). */
    static final Schema POOL_FILTER_MODEL = POOL_FIELDS.filterModel(POOL_FILTER);
    /** {@code WorkQueueFilter}, as other resources' bodies take it ({@code work_pool_queues}). */
    static final Schema QUEUE_FILTER_MODEL = QUEUE_FIELDS.filterModel(QUEUE_FILTER);

    /** {@code WorkPoolCreate}. */
    public static final Schema POOL_CREATE_BODY = POOL_FIELDS.model(POOL_CREATE);
    /** {@code WorkPoolUpdate}. */
    public static final Schema POOL_UPDATE_BODY = POOL_FIELDS.model(POOL_UPDATE);
    /** {@code WorkQueueCreate}. */
    public static final Schema QUEUE_CREATE_BODY = QUEUE_FIELDS.model(QUEUE_CREATE);
    /** {@code WorkQueueUpdate}. */
    public static final Schema QUEUE_UPDATE_BODY = QUEUE_FIELDS.model(QUEUE_UPDATE);
    /** The body of {@code /work_pools/filter}. */
    public static final Schema POOL_FILTER_BODY = Schema.object("Body_read_work_pools")
            .optional("work_pools", POOL_FILTER_MODEL)
            .optional("offset", Schema.integer().atLeast(0), 0L).optional("limit", Bodies.LIMIT);
    /** The body of {@code /work_pools/count}. */
    public static final Schema POOL_COUNT_BODY = Schema.object("Body_count_work_pools")
            .optional("work_pools", POOL_FILTER_MODEL);
    /** The body of {@code /work_pools/{name}/queues/filter} and {@code /work_queues/filter}. */
    public static final Schema QUEUE_FILTER_BODY = Schema.object("Body_read_work_queues")
            .optional("work_queues", QUEUE_FILTER_MODEL)
            .optional("offset", Schema.integer().atLeast(0), 0L).optional("limit", Bodies.LIMIT);
    /** The body of a worker's poll, {@code /work_pools/{name}/get_scheduled_flow_runs}. */
    public static final Schema SCHEDULED_RUNS_BODY = Schema.object("Body_get_scheduled_flow_runs")
            .optional("work_queue_names", Schema.list(Schema.string()).nullable())
            .optional("scheduled_before", Schema.dateTime().nullable())
            .optional("scheduled_after", Schema.dateTime().nullable())
            .optional("limit", Bodies.LIMIT);
    /** The body of a worker's heartbeat. */
    public static final Schema HEARTBEAT_BODY = Schema.object("Body_worker_heartbeat")
            .required("name", Schema.string())
            .optional("heartbeat_interval_seconds", Schema.integer().nullable()); // others ignored, as FastAPI's embedded body
    /** The body of {@code /work_pools/{name}/workers/filter}. */
    public static final Schema WORKER_FILTER_BODY = Schema.object("Body_read_workers")
            .optional("workers", WORKER_FIELDS.filterModel(WORKER_FILTER))
            .optional("offset", Schema.integer().atLeast(0), 0L).optional("limit", Bodies.LIMIT);

    private final Storage storage;
    private final InstantSource clock;

    WorkPools(Storage storage, InstantSource clock) {
        this.storage = storage;
        this.clock = clock;
    }

    /** Prefect reserves the pool names starting with "prefect", in any case. */
    private static boolean reserved(String poolName) {
        return poolName.toLowerCase(Locale.ROOT).startsWith("prefect");
    }

    /** Prefect answers the storage configuration with all three keys. */
    private static Map<String, Object> storage(Map<String, Object> stored) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bundle_upload_step", stored.get("bundle_upload_step"));
        out.put("bundle_execution_step", stored.get("bundle_execution_step"));
        out.put("default_result_storage_block_id", stored.get("default_result_storage_block_id"));
        return out;
    }

    // ---- pools ---------------------------------------------------------------------------

    /**
     * Creates a validated {@code WorkPoolCreate} with its {@code default} queue.
     *
     * @throws RefusedException for a name starting with "prefect", or one already taken
     */
    public Map<String, Object> createPool(Obj body) {
        String name = body.string("name");
        if (reserved(name)) {
            throw new RefusedException(403, "Work pools starting with 'Prefect' are reserved for internal use.");
        }
        Instant now = clock.instant();
        return storage.write(tx -> {
            if (tx.table(WorkPoolRow.TABLE).findUnique(WorkPoolRow.BY_NAME, name).isPresent()) {
                throw new RefusedException(409, "A work pool with this name already exists.");
            }
            WorkPoolRow pool = new WorkPoolRow();
            pool.type = AGENT_TYPE;
            POOL_FIELDS.apply(POOL_CREATE, body, pool);
            if (pool.type == null) {
                pool.type = AGENT_TYPE;
            }
            return poolView(tx, insertPool(tx, pool, now));
        });
    }

    private WorkPoolRow insertPool(Transaction tx, WorkPoolRow pool, Instant now) {
        pool.id = UUID.randomUUID();
        pool.created = now;
        pool.updated = now;
        pool.status = AGENT_TYPE.equals(pool.type) ? null : pool.isPaused ? PAUSED : NOT_READY;
        tx.table(WorkPoolRow.TABLE).put(pool);
        WorkQueueRow queue = new WorkQueueRow();
        queue.name = DEFAULT_QUEUE;
        queue.description = "The work pool's default queue.";
        pool.defaultQueueId = insertQueue(tx, pool, queue, now).id;
        tx.table(WorkPoolRow.TABLE).put(pool);
        return pool;
    }

    /** Returns the pool {@code name}. */
    public Optional<Map<String, Object>> readPool(String name) {
        return storage.read(tx -> pool(tx, name).map(p -> poolView(tx, p)));
    }

    private static Optional<WorkPoolRow> pool(Transaction tx, String name) {
        return tx.table(WorkPoolRow.TABLE).findUnique(WorkPoolRow.BY_NAME, name);
    }

    /** The pool {@code name}, or Prefect's 404 {@code Work pool "name" not found.} */
    private static WorkPoolRow requirePool(Transaction tx, String name) {
        return pool(tx, name).orElseThrow(() -> new RefusedException(404, "Work pool \"" + name + "\" not found."));
    }

    /** The queue {@code name} of the pool, or Prefect's 404 for the pool or the queue. */
    private static WorkQueueRow requireQueue(Transaction tx, String poolName, String name) {
        WorkPoolRow pool = requirePool(tx, poolName);
        return tx.table(WorkQueueRow.TABLE).findUnique(WorkQueueRow.BY_POOL_AND_NAME, List.of(pool.id, name))
                .orElseThrow(() -> new RefusedException(404, "Work pool queue '" + poolName + "/" + name + "' not found."));
    }

    /**
     * Applies a validated {@code WorkPoolUpdate}; false if there is no such pool. Pausing sets the
     * status; unpausing makes it {@code READY} if a worker is online, else {@code NOT_READY}.
     *
     * @throws RefusedException for a reserved name, unless only {@code is_paused} and {@code concurrency_limit} are sent
     */
    public boolean updatePool(String name, Obj body) {
        if (reserved(name) && !RESERVED_UPDATABLE.containsAll(body.asMap().keySet())) {
            throw new RefusedException(403, "Work pools starting with 'Prefect' are reserved for internal use "
                    + "and can only be updated to set concurrency limits or pause.");
        }
        Instant now = clock.instant();
        return storage.write(tx -> {
            Optional<WorkPoolRow> found = pool(tx, name);
            found.ifPresent(p -> {
                POOL_FIELDS.apply(POOL_UPDATE, body, p);
                if (!AGENT_TYPE.equals(p.type) && body.bool("is_paused") != null) {
                    p.status = p.isPaused ? PAUSED : workerOnline(tx, p.id) ? READY : NOT_READY;
                }
                p.updated = now;
                tx.table(WorkPoolRow.TABLE).put(p);
            });
            return found.isPresent();
        });
    }

    private static boolean workerOnline(Transaction tx, UUID poolId) {
        return tx.table(WorkerRow.TABLE).findAll(WorkerRow.BY_POOL, poolId).stream().anyMatch(w -> "ONLINE".equals(w.status));
    }

    /**
     * Deletes a pool with its queues and workers (the database's cascade; runs and deployments keep
     * their queue name); false if there is no such pool.
     *
     * @throws RefusedException for a name starting with "prefect", as Prefect refuses it
     */
    public boolean deletePool(String name) {
        if (reserved(name)) {
            throw new RefusedException(403, "Work pools starting with 'Prefect' are reserved for internal use and"
                    + " can not be deleted.");
        }
        return storage.write(tx -> {
            Optional<WorkPoolRow> found = pool(tx, name);
            found.ifPresent(p -> {
                for (WorkQueueRow q : tx.table(WorkQueueRow.TABLE).findAll(WorkQueueRow.BY_POOL, p.id)) {
                    tx.table(WorkQueueRow.TABLE).remove(q.id);
                }
                for (WorkerRow w : tx.table(WorkerRow.TABLE).findAll(WorkerRow.BY_POOL, p.id)) {
                    tx.table(WorkerRow.TABLE).remove(w.id);
                }
                tx.table(WorkPoolRow.TABLE).remove(p.id);
            });
            return found.isPresent();
        });
    }

    /** Returns how many pools a validated {@code /work_pools/count} body selects. */
    public long countPools(Obj body) {
        Condition<WorkPoolRow> where = POOL_FIELDS.condition(POOL_FILTER, body.obj("work_pools"));
        return storage.read(tx -> tx.table(WorkPoolRow.TABLE).count(where));
    }

    /** Returns the pools a validated {@code /work_pools/filter} body selects, by name, from its offset, at most {@code limit}. */
    public List<Object> filterPools(Obj body, int limit) {
        Query<WorkPoolRow> q = Query.of(POOL_FIELDS.condition(POOL_FILTER, body.obj("work_pools")))
                .orderBy(POOL_FIELDS.orders("NAME_ASC")).page(body.integer("offset"), limit);
        return storage.read(tx -> Views.list(tx.table(WorkPoolRow.TABLE).find(q), p -> poolView(tx, p)));
    }

    /**
     * A pool as Prefect's {@code WorkPoolResponse}: {@code active_slots} is the number of its runs
     * that are Pending or Running when it has a concurrency limit, else null.
     */
    private static Map<String, Object> poolView(Transaction tx, WorkPoolRow p) {
        Map<String, Object> out = POOL_FIELDS.view(POOL, p);
        out.put("active_slots", p.concurrencyLimit == null ? null
                : active(tx, tx.table(WorkQueueRow.TABLE).findAll(WorkQueueRow.BY_POOL, p.id)));
        return out;
    }

    // ---- queues --------------------------------------------------------------------------

    /**
     * Creates a validated {@code WorkQueueCreate} in the pool.
     *
     * @throws RefusedException if there is no such pool, or it has a queue of that name
     */
    public Map<String, Object> createQueue(String poolName, Obj body) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            WorkPoolRow pool = requirePool(tx, poolName);
            WorkQueueRow queue = new WorkQueueRow();
            queue.priority = 0; // unset: the first free priority
            QUEUE_FIELDS.apply(QUEUE_CREATE, body, queue);
            try {
                return queueView(tx, insertQueue(tx, pool, queue, now));
            } catch (ConflictException e) { // Prefect's words, its placeholder unfilled
                throw new RefusedException(409, "A work queue with this name already exists in work pool {work_pool_name!r}.");
            }
        });
    }

    /**
     * Stores a new queue of {@code pool} at the first free priority, then, if it asked for one
     * (more than 0), at that one, as Prefect's.
     */
    private static WorkQueueRow insertQueue(Transaction tx, WorkPoolRow pool, WorkQueueRow queue, Instant now) {
        queue.id = UUID.randomUUID();
        queue.created = now;
        queue.updated = now;
        queue.workPoolId = pool.id;
        long asked = queue.priority;
        List<Long> taken = tx.table(WorkQueueRow.TABLE).findAll(WorkQueueRow.BY_POOL, pool.id).stream()
                .map(q -> q.priority).sorted().toList();
        long priority = taken.isEmpty() ? 1 : taken.get(taken.size() - 1) + 1;
        for (int i = 0; i < taken.size(); i++) {
            if (taken.get(i) != i + 1) {
                priority = i + 1;
                break;
            }
        }
        queue.priority = priority;
        queue.status = NOT_READY; // even when made paused, as Prefect's column default
        tx.table(WorkQueueRow.TABLE).put(queue);
        if (asked > 0) {
            reprioritize(tx, pool.id, queue.id, asked);
        }
        return tx.table(WorkQueueRow.TABLE).get(queue.id).orElseThrow();
    }

    /**
     * Gives queue {@code id} the priority {@code priority} and moves the pool's other queues as
     * Prefect's {@code bulk_update_work_queue_priorities} does: the queue goes before the first
     * queue of that priority or more, then priorities are made strictly increasing with as few
     * changes as possible.
     */
    private static void reprioritize(Transaction tx, UUID poolId, UUID id, long priority) {
        Table<WorkQueueRow> table = tx.table(WorkQueueRow.TABLE);
        List<WorkQueueRow> all = new ArrayList<>(table.findAll(WorkQueueRow.BY_POOL, poolId));
        all.sort(Comparator.comparingLong((WorkQueueRow q) -> q.priority));
        WorkQueueRow moved = all.stream().filter(q -> q.id.equals(id)).findFirst().orElseThrow();
        all.remove(moved);
        moved.priority = priority;
        table.put(moved);
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).priority >= priority) {
                all.add(i, moved);
                break;
            }
        }
        long last = 0;
        for (WorkQueueRow q : all) {
            if (q.priority <= last) {
                q.priority = ++last;
                table.put(q);
            } else {
                last = q.priority;
            }
        }
    }

    /**
     * Creates a validated {@code WorkQueueCreate} in the default agent pool (made if missing), as
     * Prefect's {@code POST /work_queues/}; the queue {@code default} of a pool made now is the one
     * made with it.
     *
     * @throws RefusedException if that pool has a queue of that name
     */
    public Map<String, Object> createQueue(Obj body) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            Optional<WorkPoolRow> existing = pool(tx, DEFAULT_AGENT_POOL);
            WorkPoolRow pool = defaultAgentPool(tx, now);
            if (existing.isEmpty() && DEFAULT_QUEUE.equals(body.string("name"))) { // made with the pool, as Prefect answers
                return queueView(tx, tx.table(WorkQueueRow.TABLE).get(pool.defaultQueueId).orElseThrow());
            }
            WorkQueueRow queue = new WorkQueueRow();
            queue.priority = 0;
            QUEUE_FIELDS.apply(QUEUE_CREATE, body, queue);
            try {
                return queueView(tx, insertQueue(tx, pool, queue, now));
            } catch (ConflictException e) {
                throw new RefusedException(409, "A work queue with this name already exists.");
            }
        });
    }

    private WorkPoolRow defaultAgentPool(Transaction tx, Instant now) {
        return pool(tx, DEFAULT_AGENT_POOL).orElseGet(() -> {
            WorkPoolRow fresh = new WorkPoolRow();
            fresh.name = DEFAULT_AGENT_POOL;
            fresh.type = AGENT_TYPE;
            return insertPool(tx, fresh, now);
        });
    }

    /**
     * Returns the Scheduled runs of queue {@code id} due by {@code before} (any time if null), soonest
     * first, at most {@code limit} and no more than its concurrency limit leaves, none if it is
     * paused, as {@code FlowRunResponse}s; marks the queue polled if {@code poll}. Empty if there is no such queue.
     */
    public Optional<List<Object>> queueRuns(UUID id, Instant before, int limit, boolean poll) {
        Instant now = clock.instant();
        return storage.write(tx -> tx.table(WorkQueueRow.TABLE).getForUpdate(id).map(q -> {
            List<Object> out = new ArrayList<>();
            for (FlowRunRow run : dueRuns(tx, q, before, null, limit)) {
                Map<String, Object> view = FlowRuns.view(run, now);
                view.put("work_pool_id", null); // Prefect's route answers the ORM rows, whose pool it does not look up
                view.put("work_pool_name", null);
                out.add(view);
            }
            if (poll) {
                markPolled(tx, q, now);
            }
            return out;
        }));
    }

    /**
     * Returns the queue {@code name} of the pool.
     *
     * @throws RefusedException if there is no such pool or queue
     */
    public Map<String, Object> readQueue(String poolName, String name) {
        return storage.read(tx -> queueView(tx, requireQueue(tx, poolName, name)));
    }

    /** Returns the queue with {@code id}. */
    public Optional<Map<String, Object>> readQueue(UUID id) {
        return storage.read(tx -> tx.table(WorkQueueRow.TABLE).get(id).map(q -> queueView(tx, q)));
    }

    /** Returns the queue {@code name} of the default agent pool, as Prefect's {@code /work_queues/name/{name}}. */
    public Optional<Map<String, Object>> readQueueByName(String name) {
        return storage.read(tx -> pool(tx, DEFAULT_AGENT_POOL).flatMap(p -> tx.table(WorkQueueRow.TABLE)
                .findUnique(WorkQueueRow.BY_POOL_AND_NAME, List.of(p.id, name))).map(q -> queueView(tx, q)));
    }

    /**
     * Applies a validated {@code WorkQueueUpdate}.
     *
     * @throws RefusedException if there is no such pool or queue
     */
    public void updateQueue(String poolName, String name, Obj body) {
        Instant now = clock.instant();
        storage.write(tx -> {
            update(tx, requireQueue(tx, poolName, name), body, now);
            return null;
        });
    }

    /** Applies a validated {@code WorkQueueUpdate} to the queue {@code id}; false if there is no such queue. */
    public boolean updateQueue(UUID id, Obj body) {
        Instant now = clock.instant();
        return storage.write(tx -> tx.table(WorkQueueRow.TABLE).getForUpdate(id).map(q -> {
            update(tx, q, body, now);
            return true;
        }).orElse(false));
    }

    private static void update(Transaction tx, WorkQueueRow q, Obj body, Instant now) {
        long priority = q.priority;
        QUEUE_FIELDS.apply(QUEUE_UPDATE, body, q);
        long asked = q.priority;
        q.priority = priority;
        if (body.has("is_paused")) {
            q.status = pausedStatus(q, now);
        }
        q.updated = now;
        tx.table(WorkQueueRow.TABLE).put(q);
        if (asked != priority) {
            reprioritize(tx, q.workPoolId, q.id, asked);
        }
    }

    /**
     * The status of a queue whose {@code is_paused} was sent, as Prefect's update: pausing makes it
     * {@code PAUSED}; unpausing a paused queue makes it {@code READY} if it was polled in the last
     * minute, else {@code NOT_READY}; otherwise it stays.
     */
    private static String pausedStatus(WorkQueueRow q, Instant now) {
        if (q.isPaused) {
            return PAUSED;
        }
        if (!PAUSED.equals(q.status)) {
            return q.status;
        }
        boolean recent = q.lastPolled != null && !q.lastPolled.isBefore(now.minus(LAST_POLLED_TIMEOUT));
        return recent ? READY : NOT_READY;
    }

    /**
     * Deletes a queue.
     *
     * @throws RefusedException if there is no such pool or queue
     * @throws ConflictException for the pool's default queue, which the pool refers to (Prefect's 409
     *     for a broken foreign key)
     */
    public void deleteQueue(String poolName, String name) {
        storage.write(tx -> delete(tx, requireQueue(tx, poolName, name)));
    }

    /**
     * Deletes the queue {@code id}; false if there is no such queue.
     *
     * @throws ConflictException for a pool's default queue
     */
    public boolean deleteQueue(UUID id) {
        return storage.write(tx -> tx.table(WorkQueueRow.TABLE).get(id).map(q -> delete(tx, q)).orElse(false));
    }

    private static boolean delete(Transaction tx, WorkQueueRow q) {
        WorkPoolRow pool = tx.table(WorkPoolRow.TABLE).get(q.workPoolId).orElseThrow();
        if (q.id.equals(pool.defaultQueueId)) { // the pool's reference to it, a foreign key in Prefect's database
            throw new ConflictException("the default queue of work pool " + pool.name);
        }
        return tx.table(WorkQueueRow.TABLE).remove(q.id);
    }

    /**
     * Returns the queue's {@code WorkQueueStatusDetail}, as Prefect's default health policy judges
     * it: healthy while none of its runs is Late and it was polled in the last minute.
     */
    public Optional<Map<String, Object>> queueStatus(UUID id) {
        Instant now = clock.instant();
        return storage.read(tx -> tx.table(WorkQueueRow.TABLE).get(id).map(q -> {
            long late = tx.table(FlowRunRow.TABLE).count(Condition.and(Condition.in(FlowRunRow.WORK_QUEUE_ID, List.of(q.id)),
                    Condition.in(RunRow.<FlowRunRow>currentStateName(), List.of("Late"))));
            boolean polledRecently = q.lastPolled != null && !q.lastPolled.isBefore(now.minus(LAST_POLLED_TIMEOUT));
            Map<String, Object> policy = new LinkedHashMap<>();
            policy.put("maximum_late_runs", 0L);
            policy.put("maximum_seconds_since_last_polled", LAST_POLLED_TIMEOUT.toSeconds());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("healthy", late == 0 && polledRecently);
            out.put("late_runs_count", late);
            out.put("last_polled", q.lastPolled);
            out.put("health_check_policy", policy);
            return out;
        }));
    }

    /**
     * Returns the pool's queues a validated filter body selects, by priority.
     *
     * @throws RefusedException if there is no such pool
     */
    public List<Object> filterQueues(String poolName, Obj body, int limit) {
        return storage.read(tx -> queues(tx, Condition.in(QUEUE_POOL, List.of(requirePool(tx, poolName).id)), "PRIORITY_ASC",
                body, limit));
    }

    /** Returns the queues of every pool a validated filter body selects, by name. */
    public List<Object> filterQueues(Obj body, int limit) {
        return storage.read(tx -> queues(tx, Condition.always(), "NAME_ASC", body, limit));
    }

    private static List<Object> queues(Transaction tx, Condition<WorkQueueRow> where, String sort, Obj body, int limit) {
        Query<WorkQueueRow> q = Query.of(Condition.and(where, QUEUE_FIELDS.condition(QUEUE_FILTER, body.obj("work_queues"))))
                .orderBy(QUEUE_FIELDS.orders(sort)).page(body.integer("offset"), limit);
        return Views.list(tx.table(WorkQueueRow.TABLE).find(q), row -> queueView(tx, row));
    }

    private static Map<String, Object> queueView(Transaction tx, WorkQueueRow q) {
        Map<String, Object> out = QUEUE_FIELDS.view(QUEUE, q);
        out.put("work_pool_name", tx.table(WorkPoolRow.TABLE).get(q.workPoolId).map(p -> p.name).orElse(null));
        out.put("active_slots", q.concurrencyLimit == null ? null : active(tx, List.of(q)));
        return out;
    }

    /** The queues a {@code WorkQueueFilter} selects (any if null) whose pool a {@code WorkPoolFilter} selects (any if null). */
    static Condition<WorkQueueRow> queues(Obj queueFilter, Obj poolFilter) {
        Condition<WorkQueueRow> inPool = poolFilter == null ? Condition.always() : Condition.exists(QUEUE_POOL,
                WorkPoolRow.TABLE, Column.<WorkPoolRow>id(), POOL_FIELDS.condition(POOL_FILTER, poolFilter));
        return Condition.and(List.of(QUEUE_FIELDS.condition(QUEUE_FILTER, queueFilter), inPool));
    }

    /**
     * Returns the id of the queue a deployment or run names, as Prefect's worker lookups: the pool's
     * queue {@code queueName} (made if missing) or, without one, the pool's default queue; without a
     * pool, the queue {@code queueName} of the default agent pool, made with the pool if missing.
     *
     * @throws RefusedException if the named pool does not exist
     */
    UUID queueFor(Transaction tx, String poolName, String queueName) {
        Instant now = clock.instant();
        if (poolName == null) {
            return queueIn(tx, defaultAgentPool(tx, now), queueName, now);
        }
        WorkPoolRow pool = requirePool(tx, poolName);
        return queueName == null ? pool.defaultQueueId : queueIn(tx, pool, queueName, now);
    }

    private static UUID queueIn(Transaction tx, WorkPoolRow pool, String name, Instant now) {
        return tx.table(WorkQueueRow.TABLE).findUnique(WorkQueueRow.BY_POOL_AND_NAME, List.of(pool.id, name)).map(q -> q.id)
                .orElseGet(() -> {
                    WorkQueueRow queue = new WorkQueueRow();
                    queue.name = name;
                    queue.priority = 0;
                    return insertQueue(tx, pool, queue, now).id;
                });
    }

    /** Returns the name of the pool of queue {@code queueId}, or null. */
    static String poolNameOf(Transaction tx, UUID queueId) {
        return poolOf(tx, queueId).map(p -> p.name).orElse(null);
    }

    /** Sets on {@code run} the pool of its queue, as Prefect's {@code work_pool_id} and {@code work_pool_name}. */
    static void placeInPool(Transaction tx, FlowRunRow run) {
        Optional<WorkPoolRow> pool = poolOf(tx, run.workQueueId);
        run.workPoolId = pool.map(p -> p.id).orElse(null);
        run.workPoolName = pool.map(p -> p.name).orElse(null);
    }

    private static Optional<WorkPoolRow> poolOf(Transaction tx, UUID queueId) {
        return queueId == null ? Optional.empty() : tx.table(WorkQueueRow.TABLE).get(queueId)
                .flatMap(q -> tx.table(WorkPoolRow.TABLE).get(q.workPoolId));
    }

    // ---- workers -------------------------------------------------------------------------

    /**
     * Records a worker's heartbeat (the worker is made on its first).
     *
     * @throws RefusedException if there is no such pool
     */
    public void heartbeat(String poolName, String workerName, Long intervalSeconds) {
        Instant now = clock.instant();
        storage.write(tx -> {
            Optional<WorkPoolRow> found = Optional.of(requirePool(tx, poolName));
            found.ifPresent(p -> {
                Table<WorkerRow> workers = tx.table(WorkerRow.TABLE);
                WorkerRow w = workers.findUnique(WorkerRow.BY_POOL_AND_NAME, List.of(p.id, workerName)).orElseGet(() -> {
                    WorkerRow fresh = new WorkerRow();
                    fresh.id = UUID.randomUUID();
                    fresh.created = now;
                    fresh.name = workerName;
                    fresh.workPoolId = p.id;
                    return fresh;
                });
                w.lastHeartbeatTime = now;
                w.status = "ONLINE";
                if (intervalSeconds != null) {
                    w.heartbeatIntervalSeconds = intervalSeconds;
                }
                w.updated = now;
                workers.put(w);
                if (NOT_READY.equals(p.status)) {
                    p.status = READY;
                    p.updated = now;
                    tx.table(WorkPoolRow.TABLE).put(p);
                }
            });
            return found.isPresent();
        });
    }

    /**
     * Returns the pool's workers, most recent heartbeat first.
     *
     * @throws RefusedException if there is no such pool
     */
    public List<Object> workers(String poolName, Obj body, int limit) {
        Instant now = clock.instant();
        return storage.read(tx -> {
            Condition<WorkerRow> where = Condition.and(Condition.in(WORKER_POOL, List.of(requirePool(tx, poolName).id)),
                    WORKER_FIELDS.condition(WORKER_FILTER, body.obj("workers")));
            Query<WorkerRow> q = Query.of(where).orderBy(WORKER_FIELDS.orders("LAST_HEARTBEAT_TIME_DESC"))
                    .page(body.integer("offset"), limit);
            return Views.list(tx.table(WorkerRow.TABLE).find(q), w -> workerView(w, now));
        });
    }

    /**
     * Deletes a worker of a pool; false if there is no such worker.
     *
     * @throws RefusedException if there is no such pool
     */
    public boolean deleteWorker(String poolName, String workerName) {
        return storage.write(tx -> tx.table(WorkerRow.TABLE)
                .findUnique(WorkerRow.BY_POOL_AND_NAME, List.of(requirePool(tx, poolName).id, workerName))
                .map(w -> tx.table(WorkerRow.TABLE).remove(w.id)).orElse(false));
    }

    /**
     * A worker as Prefect's {@code WorkerResponse}: {@code ONLINE} while its last heartbeat is within
     * three of its heartbeat intervals (30 s if it sent none), else {@code OFFLINE}.
     */
    private static Map<String, Object> workerView(WorkerRow w, Instant now) {
        Map<String, Object> out = WORKER_FIELDS.view(WORKER, w);
        long interval = w.heartbeatIntervalSeconds == null || w.heartbeatIntervalSeconds == 0
                ? DEFAULT_HEARTBEAT_INTERVAL_SECONDS : w.heartbeatIntervalSeconds;
        Instant horizon = now.minusSeconds(Math.multiplyExact(interval, INACTIVITY_HEARTBEAT_MULTIPLE));
        out.put("status", w.lastHeartbeatTime != null && w.lastHeartbeatTime.isAfter(horizon) ? ONLINE : OFFLINE);
        return out;
    }

    // ---- a worker's poll -----------------------------------------------------------------

    /**
     * Returns the Scheduled runs of the pool's queues (those named, or all) due between
     * {@code after} and {@code before}, as {@code WorkerFlowRunResponse}s: by queue priority, then
     * soonest first, at most {@code limit}; none from a paused pool or queue, and no more per queue
     * and pool than their concurrency limits leave. Marks the queues polled and ready, and their
     * deployments ready.
     *
     * @throws RefusedException if there is no such pool, or naming a queue the pool does not have
     */
    public List<Object> scheduledRuns(String poolName, List<String> queueNames, Instant before, Instant after,
            int limit) {
        Instant now = clock.instant();
        return storage.write(tx -> {
            WorkPoolRow pool = requirePool(tx, poolName);
            Table<WorkQueueRow> table = tx.table(WorkQueueRow.TABLE);
            List<WorkQueueRow> queues = new ArrayList<>();
            if (queueNames == null || queueNames.isEmpty()) {
                queues.addAll(table.findAll(WorkQueueRow.BY_POOL, pool.id));
            } else {
                for (String name : queueNames) {
                    queues.add(requireQueue(tx, poolName, name));
                }
            }
            queues.sort(Comparator.comparingLong((WorkQueueRow q) -> q.priority));
            List<Object> out = new ArrayList<>();
            long poolSlots = pool.concurrencyLimit == null ? Long.MAX_VALUE
                    : pool.concurrencyLimit - active(tx, table.findAll(WorkQueueRow.BY_POOL, pool.id).stream()
                            .filter(q -> !q.isPaused).toList()); // Prefect's pool_slots join only unpaused queues
            for (WorkQueueRow q : pool.isPaused ? List.<WorkQueueRow>of() : queues) {
                long take = Math.min(poolSlots, limit - out.size());
                if (take <= 0) {
                    break;
                }
                List<FlowRunRow> runs = dueRuns(tx, q, before, after, take);
                for (FlowRunRow run : runs) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("work_pool_id", pool.id);
                    item.put("work_queue_id", q.id);
                    Map<String, Object> flowRun = FlowRuns.view(run, now);
                    flowRun.remove("work_pool_id"); // Prefect's FlowRun here, not FlowRunResponse
                    flowRun.remove("work_pool_name");
                    item.put("flow_run", flowRun);
                    out.add(item);
                }
                poolSlots -= runs.size();
            }
            for (WorkQueueRow q : queues) {
                markPolled(tx, q, now);
            }
            return out;
        });
    }

    /**
     * The queue's Scheduled runs due between {@code after} and {@code before} (either may be null),
     * soonest first, at most {@code limit} and what its concurrency limit leaves; none if paused.
     */
    private static List<FlowRunRow> dueRuns(Transaction tx, WorkQueueRow q, Instant before, Instant after, long limit) {
        long slots = q.concurrencyLimit == null ? Long.MAX_VALUE : q.concurrencyLimit - active(tx, List.of(q));
        long take = Math.min(slots, limit);
        if (q.isPaused || take <= 0) {
            return List.of();
        }
        Condition<FlowRunRow> due = Condition.and(
                Condition.in(FlowRunRow.WORK_QUEUE_ID, List.of(q.id)),
                Condition.in(RunRow.<FlowRunRow>currentStateType(), List.of(StateType.SCHEDULED.name())),
                before == null && after == null ? Condition.always()
                        : Condition.between(RunRow.<FlowRunRow>nextScheduledStartTime(), after, before),
                Condition.not(Condition.in(RETRY_TYPE, List.of("in_process"))));
        return tx.table(FlowRunRow.TABLE).find(Query.of(due)
                .orderBy(List.of(Order.asc(RunRow.<FlowRunRow>nextScheduledStartTime()))).page(0, (int) Math.min(take, Integer.MAX_VALUE)));
    }

    /** Marks a polled queue ready and its deployments polled and ready, as Prefect's background marking does. */
    private static void markPolled(Transaction tx, WorkQueueRow q, Instant now) {
        q.lastPolled = now;
        if (NOT_READY.equals(q.status)) {
            q.status = READY;
        }
        tx.table(WorkQueueRow.TABLE).put(q);
        for (DeploymentRow d : tx.table(DeploymentRow.TABLE).find(Query.of(Condition.in(
                DeploymentRow.WORK_QUEUE_ID, List.of(q.id))))) {
            d.lastPolled = now;
            d.status = READY;
            tx.table(DeploymentRow.TABLE).put(d);
        }
    }

    /** How many runs of these queues are Pending or Running: the slots they hold. */
    private static long active(Transaction tx, List<WorkQueueRow> queues) {
        List<UUID> ids = queues.stream().map(q -> q.id).toList();
        return tx.table(FlowRunRow.TABLE).count(Condition.and(
                Condition.in(FlowRunRow.WORK_QUEUE_ID, ids),
                Condition.in(RunRow.<FlowRunRow>currentStateType(), List.of(StateType.PENDING.name(), StateType.RUNNING.name()))));
    }
}
