package dev.jprefect.benchmarks;

import dev.jprefect.server.internal.storage.Column;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.FlowRow;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.InMemoryStorage;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.Query;
import dev.jprefect.server.internal.storage.RunRow;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.StateType;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.StorageProvider;
import dev.jprefect.settings.Settings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The server's storage with {@value #DEFAULT_RUNS} flow runs and their states: the filters, pages
 * and counts of {@code POST /flow_runs/filter}, {@code /paginate} and {@code /count} on the criteria
 * Prefect's clients and UI use most, as the model layer asks them (a {@code Query} of conditions,
 * Prefect's default sort {@code ID_DESC}, a page of 10). It measures the store alone, below JSON and
 * HTTP, so it reaches into the server's internal storage package (on the class path).
 *
 * <p>Setup prints the heap the rows take ({@code heap per flow run}); run it in a 2 GB heap to check
 * that a million runs fit:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar BenchStorage -f 1 -wi 3 -i 5 -w 1s -r 1s -jvmArgs -Xmx2g
 * java -jar benchmarks/target/benchmarks.jar BenchStorage -p store=scanning ...   (no index used)
 * java -Xmx2g -jar benchmarks/target/benchmarks.jar BenchStorage -f 0 ...   (one JVM: filled once for all)
 * java -jar benchmarks/target/benchmarks.jar BenchStorage -p store=sqlite:////tmp/bench.db ...   (SQLite)
 * </pre>
 *
 * <p>With a database URL the first fork fills the database (keep it: the next runs only load it)
 * and later ones print how long the store took to open and to load the flow runs; the store stays
 * open until the JVM exits.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BenchStorage {
    static final int DEFAULT_RUNS = 1_000_000;
    private static final int FLOWS = 100;
    /** Deployments (of any flow) and work queues: 60% of the runs come from one, with its queue. */
    private static final int DEPLOYMENTS = 200;
    private static final int QUEUES = 10;
    /** 10% of the runs are subflows, about five per parent task run. */
    private static final int PARENT_TASK_RUNS = 20_000;
    private static final List<String> TAGS = List.of("nightly", "sales", "ml", "adhoc", "prod", "dev");

    /**
     * {@code indexed}: the store as the server runs it; {@code scanning}: every query reads every
     * row; else a database URL in Prefect's form ({@code sqlite:////tmp/bench.db},
     * {@code postgresql://user@host:port/db}): the server's durable store, filled on first use and
     * loaded (timed, printed) when it already holds the runs.
     */
    @Param({"indexed"})
    public String store;

    /** How many flow runs are stored. */
    @Param({"1000000"})
    public int runs;

    private Storage storage;
    private final List<FlowRow> flows = new ArrayList<>();
    private final List<UUID> deployments = new ArrayList<>();
    private final List<UUID> queues = new ArrayList<>();
    private final List<UUID> parents = new ArrayList<>();
    private UUID someFlow;
    private String someFlowName;
    private UUID someDeployment;
    private UUID someQueue;
    private UUID someParent;
    private Instant windowStart;
    private Instant windowEnd;
    private Instant dayStart;
    private Instant dayEnd;
    /** Ids of some runs, for the writes to change in turn. */
    private final List<UUID> runIds = new ArrayList<>();
    private final Random writeRandom = new Random(31);
    private int next;

    /**
     * The filled store and its keys, kept for the next benchmark of the same parameters when they
     * share a JVM ({@code -f 0}): filling a million runs takes longer than measuring a query.
     */
    private static BenchStorage filled;

    @Setup
    public void fill() {
        if (filled != null && filled.store.equals(store) && filled.runs == runs) {
            storage = filled.storage;
            flows.addAll(filled.flows);
            someFlow = filled.someFlow;
            someFlowName = filled.someFlowName;
            someDeployment = filled.someDeployment;
            someQueue = filled.someQueue;
            someParent = filled.someParent;
            windowStart = filled.windowStart;
            windowEnd = filled.windowEnd;
            dayStart = filled.dayStart;
            dayEnd = filled.dayEnd;
            runIds.addAll(filled.runIds);
            deployments.addAll(filled.deployments);
            queues.addAll(filled.queues);
            parents.addAll(filled.parents);
            return;
        }
        filled = null;
        long before = usedHeap();
        long opening = System.nanoTime();
        long cpuBefore = processCpuNanos();
        storage = open(store);
        long opened = System.nanoTime();
        Random random = new Random(13);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < FLOWS; i++) {
            FlowRow f = new FlowRow();
            f.id = new UUID(random.nextLong(), random.nextLong());
            f.created = t0;
            f.updated = t0;
            f.name = "flow-" + i;
            flows.add(f);
        }
        someFlow = flows.get(7).id;
        someFlowName = flows.get(7).name;
        for (int i = 0; i < DEPLOYMENTS; i++) {
            deployments.add(new UUID(random.nextLong(), random.nextLong()));
        }
        for (int i = 0; i < QUEUES; i++) {
            queues.add(new UUID(random.nextLong(), random.nextLong()));
        }
        for (int i = 0; i < PARENT_TASK_RUNS; i++) {
            parents.add(new UUID(random.nextLong(), random.nextLong()));
        }
        someDeployment = deployments.get(7);
        someQueue = queues.get(3);
        someParent = parents.get(7);
        long present = count(Condition.always()); // a database's store loads its flow runs here
        long loaded = System.nanoTime();
        if (present > 0) {
            if (present != runs) {
                throw new IllegalStateException(store + " holds " + present + " flow runs, not " + runs);
            }
            System.out.printf("%n%s: opened in %,d ms; first query (loads the flow runs) %,d ms; CPU of the process"
                    + " meanwhile %,d ms%n", store, (opened - opening) / 1_000_000, (loaded - opened) / 1_000_000,
                    (processCpuNanos() - cpuBefore) / 1_000_000);
        } else {
            storage.write(tx -> {
                flows.forEach(tx.table(FlowRow.TABLE)::put);
                return null;
            });
            int batch = 10_000;
            for (int start = 0; start < runs; start += batch) {
                int from = start;
                storage.write(tx -> {
                    for (int i = from; i < Math.min(runs, from + batch); i++) {
                        FlowRunRow r = run(random, t0, i);
                        if (i % 100 == 0) {
                            runIds.add(r.id);
                        }
                        tx.table(FlowRunRow.TABLE).put(r);
                        tx.table(StateRow.FLOW_RUN_STATES).put(r.state);
                    }
                    return null;
                });
            }
            System.out.printf("%n%s: filled with %,d flow runs in %,d ms%n", store, runs, (System.nanoTime() - loaded) / 1_000_000);
        }
        if (runIds.isEmpty()) { // a database's runs, loaded: take some for the writes
            storage.read(tx -> tx.table(FlowRunRow.TABLE).find(Query.of(Condition.<FlowRunRow>always()).page(0, runs / 100)))
                    .forEach(r -> runIds.add(r.id));
        }
        windowStart = t0.plusSeconds(runs / 2 * 60L);
        windowEnd = windowStart.plusSeconds(3600);
        dayStart = t0.plusSeconds(runs / 3 * 60L);
        dayEnd = dayStart.plusSeconds(24 * 3600);
        filled = this;
        long after = usedHeap();
        System.out.printf("%n%s: %,d flow runs with one state each; heap per flow run (row, its state, "
                + "indexes): %,d bytes; %,d MB in all%n", store, runs, (after - before) / runs, (after - before) >> 20);
    }

    /** Opens {@code indexed}, {@code scanning}, or the database at a URL of Prefect's form through the server's storage providers. */
    private static Storage open(String store) {
        if ("indexed".equals(store)) {
            return new InMemoryStorage();
        }
        if ("scanning".equals(store)) {
            return InMemoryStorage.scanning();
        }
        for (StorageProvider provider : ServiceLoader.load(StorageProvider.class)) {
            if (provider.accepts(store)) {
                return provider.open(store, Settings.current());
            }
        }
        throw new IllegalArgumentException("no store for " + store + ": indexed, scanning, or a database URL");
    }

    private FlowRunRow run(Random random, Instant t0, int i) {
        FlowRunRow r = new FlowRunRow();
        r.id = new UUID(random.nextLong(), random.nextLong());
        r.created = t0.plusSeconds(i * 60L);
        r.updated = r.created;
        r.flowId = flows.get(random.nextInt(FLOWS)).id;
        r.name = "run-" + i;
        r.tags = List.of(TAGS.get(random.nextInt(TAGS.size())), TAGS.get(random.nextInt(TAGS.size()))).stream()
                .distinct().toList();
        r.expectedStartTime = r.created;
        if (random.nextInt(10) < 6) {
            int deployment = random.nextInt(DEPLOYMENTS);
            r.deploymentId = deployments.get(deployment);
            r.workQueueId = queues.get(deployment % QUEUES);
            r.workQueueName = "queue-" + deployment % QUEUES;
        }
        if (random.nextInt(10) == 0) {
            r.parentTaskRunId = parents.get(random.nextInt(PARENT_TASK_RUNS));
        }
        StateType type = StateType.values()[random.nextInt(StateType.values().length)];
        if (type != StateType.SCHEDULED && type != StateType.PENDING) {
            r.startTime = r.created.plusSeconds(random.nextInt(30));
            r.runCount = 1;
        }
        if (type.isFinal()) {
            r.endTime = r.startTime.plusSeconds(random.nextInt(600));
        }
        StateRow s = new StateRow();
        s.id = new UUID(random.nextLong(), random.nextLong());
        s.created = r.created;
        s.updated = r.created;
        s.runId = r.id;
        s.type = type;
        s.name = type.defaultName();
        s.timestamp = r.created;
        s.details.flowRunId = r.id;
        r.state = s;
        return r;
    }

    /** CPU time of the whole process (every thread: a database's store loads on threads of its own). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private List<FlowRunRow> find(Condition<FlowRunRow> where, List<Order<FlowRunRow>> order, long offset) {
        return storage.read(tx -> tx.table(FlowRunRow.TABLE).find(Query.of(where).orderBy(order).page(offset, 10)));
    }

    private long count(Condition<FlowRunRow> where) {
        return storage.read(tx -> tx.table(FlowRunRow.TABLE).count(where));
    }

    private static List<Order<FlowRunRow>> idDesc() {
        return List.of(Order.desc(Column.<FlowRunRow>id()));
    }

    /** {@code POST /flow_runs/filter {"limit": 10}}: no filter, Prefect's default sort (id descending). */
    @Benchmark
    public List<FlowRunRow> filter_all_first_page() {
        return find(Condition.always(), idDesc(), 0);
    }

    /** The runs of one flow (1% of all), newest id first. */
    @Benchmark
    public List<FlowRunRow> filter_by_flow() {
        return find(Condition.in(FlowRunRow.FLOW_ID, List.of(someFlow)), idDesc(), 0);
    }

    /** The runs of a flow named in the body ({@code flows: {name: {any_: [...]}}}, a join). */
    @Benchmark
    public List<FlowRunRow> filter_by_flow_name() {
        return find(Condition.exists(FlowRunRow.FLOW_ID, FlowRow.TABLE, Column.<FlowRow>id(),
                Condition.in(FlowRow.NAME, List.of(someFlowName))), idDesc(), 0);
    }

    /** Failed or crashed runs (2 of 9 state types), latest start first ({@code START_TIME_DESC}). */
    @Benchmark
    public List<FlowRunRow> filter_by_state_type_start_time_desc() {
        return find(Condition.in(RunRow.<FlowRunRow>currentStateType(), List.of("FAILED", "CRASHED")),
                List.of(Order.desc(FlowRunRow.START_OR_EXPECTED_START_TIME)), 0);
    }

    /** Runs holding two tags ({@code tags: {all_: [...]}}). */
    @Benchmark
    public List<FlowRunRow> filter_by_tags() {
        return find(Condition.hasAll(RunRow.<FlowRunRow>tags(), List.of("ml", "prod")), idDesc(), 0);
    }

    /** Runs expected to start in one hour ({@code expected_start_time: {after_, before_}}), in that order. */
    @Benchmark
    public List<FlowRunRow> filter_by_expected_start_window() {
        return find(Condition.between(RunRow.<FlowRunRow>expectedStartTime(), windowStart, windowEnd),
                List.of(Order.asc(RunRow.<FlowRunRow>expectedStartTime())), 0);
    }

    /** Runs in a state of one name ({@code state: {name: {any_: ["Crashed"]}}}), newest id first. */
    @Benchmark
    public List<FlowRunRow> filter_by_state_name() {
        return find(stateName("Crashed"), idDesc(), 0);
    }

    /** The runs of one deployment (0.3% of all), newest id first. */
    @Benchmark
    public List<FlowRunRow> filter_by_deployment() {
        return find(Condition.in(FlowRunRow.DEPLOYMENT_ID, List.of(someDeployment)), idDesc(), 0);
    }

    /** A work queue's scheduled runs, soonest expected start first (a worker's poll). */
    @Benchmark
    public List<FlowRunRow> filter_by_work_queue_scheduled() {
        return find(Condition.and(Condition.in(FlowRunRow.WORK_QUEUE_ID, List.of(someQueue)), stateType("SCHEDULED")),
                List.of(Order.asc(RunRow.<FlowRunRow>expectedStartTime())), 0);
    }

    /** The subflow runs of one parent task run ({@code parent_task_run_id: {any_: [...]}}). */
    @Benchmark
    public List<FlowRunRow> filter_by_parent_task_run() {
        return find(Condition.in(FlowRunRow.PARENT_TASK_RUN_ID, List.of(someParent)), idDesc(), 0);
    }

    /** {@code /flow_runs/paginate} without a filter: page 50 of 10, newest id first, and the count. */
    @Benchmark
    public long paginate_all_page_50() {
        return find(Condition.always(), idDesc(), 490).size() + count(Condition.always());
    }

    /** {@code /flow_runs/paginate}: page 50 of one flow's runs in a given state, and their count. */
    @Benchmark
    public long paginate_flow_and_state_page_50() {
        Condition<FlowRunRow> where = Condition.and(Condition.in(FlowRunRow.FLOW_ID, List.of(someFlow)), stateType("COMPLETED"));
        return find(where, idDesc(), 490).size() + count(where);
    }

    /** The UI's flow page: page 50 of a flow (named by id in {@code flows}, a join) in two states, and the count. */
    @Benchmark
    public long paginate_flow_join_and_states_page_50() {
        Condition<FlowRunRow> where = Condition.and(Condition.exists(FlowRunRow.FLOW_ID, FlowRow.TABLE, Column.<FlowRow>id(),
                Condition.in(Column.<FlowRow>id(), List.of(someFlow))), stateType("COMPLETED", "FAILED"));
        return find(where, idDesc(), 490).size() + count(where);
    }

    /** A deployment's page: page 50 of its runs in a given state, and their count. */
    @Benchmark
    public long paginate_deployment_and_state_page_50() {
        Condition<FlowRunRow> where = Condition.and(Condition.in(FlowRunRow.DEPLOYMENT_ID, List.of(someDeployment)),
                stateType("COMPLETED"));
        return find(where, idDesc(), 490).size() + count(where);
    }

    /** Page 50 of the runs holding one tag, and their count. */
    @Benchmark
    public long paginate_tag_page_50() {
        Condition<FlowRunRow> where = Condition.hasAll(RunRow.<FlowRunRow>tags(), List.of("ml"));
        return find(where, idDesc(), 490).size() + count(where);
    }

    /** {@code /flow_runs/count} of the running runs (1 in 9). */
    @Benchmark
    public long count_by_state_type() {
        return count(stateType("RUNNING"));
    }

    /** {@code /flow_runs/count} of the runs in a state of one name. */
    @Benchmark
    public long count_by_state_name() {
        return count(stateName("Crashed"));
    }

    /** {@code /flow_runs/count} of one flow's completed runs. */
    @Benchmark
    public long count_by_flow_and_state_type() {
        return count(Condition.and(Condition.in(FlowRunRow.FLOW_ID, List.of(someFlow)), stateType("COMPLETED")));
    }

    /** {@code /flow_runs/count} of one deployment's runs. */
    @Benchmark
    public long count_by_deployment() {
        return count(Condition.in(FlowRunRow.DEPLOYMENT_ID, List.of(someDeployment)));
    }

    /** {@code /flow_runs/count} of a work queue's scheduled runs. */
    @Benchmark
    public long count_by_work_queue_and_state() {
        return count(Condition.and(Condition.in(FlowRunRow.WORK_QUEUE_ID, List.of(someQueue)), stateType("SCHEDULED")));
    }

    /** {@code /flow_runs/count} of the runs holding one tag. */
    @Benchmark
    public long count_by_tag() {
        return count(Condition.hasAll(RunRow.<FlowRunRow>tags(), List.of("ml")));
    }

    /** {@code /flow_runs/count} of the runs holding two tags (about 5.5% of all). */
    @Benchmark
    public long count_by_two_tags() {
        return count(Condition.hasAll(RunRow.<FlowRunRow>tags(), List.of("ml", "prod")));
    }

    /** {@code /flow_runs/count} of the runs holding three tags (about 0.9% of all: none holds more than two, so few). */
    @Benchmark
    public long count_by_three_tags() {
        return count(Condition.hasAll(RunRow.<FlowRunRow>tags(), List.of("ml", "prod", "dev")));
    }

    /** {@code /flow_runs/count} of the runs holding either of two tags ({@code tags: {any_: [...]}}, about 30%). */
    @Benchmark
    public long count_by_any_of_two_tags() {
        return count(Condition.hasAny(RunRow.<FlowRunRow>tags(), List.of("ml", "prod")));
    }

    /** {@code /flow_runs/count} of the failed runs holding two tags. */
    @Benchmark
    public long count_by_state_type_and_two_tags() {
        return count(Condition.and(stateType("FAILED"), Condition.hasAll(RunRow.<FlowRunRow>tags(), List.of("ml", "prod"))));
    }

    /** {@code /flow_runs/count} of one flow's runs holding two tags. */
    @Benchmark
    public long count_by_flow_and_two_tags() {
        return count(Condition.and(Condition.in(FlowRunRow.FLOW_ID, List.of(someFlow)),
                Condition.hasAll(RunRow.<FlowRunRow>tags(), List.of("ml", "prod"))));
    }

    /** Page 50 of the runs holding two tags, newest id first, and their count. */
    @Benchmark
    public long paginate_two_tags_page_50() {
        Condition<FlowRunRow> where = Condition.hasAll(RunRow.<FlowRunRow>tags(), List.of("ml", "prod"));
        return find(where, idDesc(), 490).size() + count(where);
    }

    /** {@code /flow_runs/count} of the runs expected to start in 30 days (43,200 runs). */
    @Benchmark
    public long count_by_expected_start_month() {
        return count(Condition.between(RunRow.<FlowRunRow>expectedStartTime(), dayStart, dayStart.plusSeconds(30 * 24 * 3600)));
    }

    /** {@code /flow_runs/count} of the runs expected to start after a time before the first: every run. */
    @Benchmark
    public long count_by_expected_start_all() {
        return count(Condition.between(RunRow.<FlowRunRow>expectedStartTime(), Instant.EPOCH, null));
    }

    /** {@code /flow_runs/count} of the completed runs expected to start in 7 days (the UI dashboard's shape). */
    @Benchmark
    public long count_by_state_type_and_start_week() {
        return count(Condition.and(stateType("COMPLETED"), Condition.between(RunRow.<FlowRunRow>expectedStartTime(),
                dayStart, dayStart.plusSeconds(7 * 24 * 3600))));
    }

    /** {@code /flow_runs/count} of the runs expected to start in one day (1,440 runs). */
    @Benchmark
    public long count_by_expected_start_day() {
        return count(Condition.between(RunRow.<FlowRunRow>expectedStartTime(), dayStart, dayEnd));
    }

    /** {@code /flow_runs/count} of one parent task run's subflow runs. */
    @Benchmark
    public long count_by_parent_task_run() {
        return count(Condition.in(FlowRunRow.PARENT_TASK_RUN_ID, List.of(someParent)));
    }

    /**
     * A write transaction that moves one run to another state, as {@code set_state} stores it: the
     * run (its state type and name change in their indexes) and the new state row. Runs are taken
     * in turn, so each write moves a different one.
     */
    @Benchmark
    public FlowRunRow write_set_state() {
        UUID id = runIds.get(next++ % runIds.size());
        return storage.write(tx -> {
            FlowRunRow r = tx.table(FlowRunRow.TABLE).getForUpdate(id).orElseThrow();
            StateRow s = r.state.copy();
            s.id = UUID.randomUUID();
            s.type = StateType.values()[(s.type.ordinal() + 1) % StateType.values().length];
            s.name = s.type.defaultName();
            r.state = s;
            tx.table(FlowRunRow.TABLE).put(r);
            tx.table(StateRow.FLOW_RUN_STATES).put(s);
            return r;
        });
    }

    /** A write transaction that creates one flow run with its first state (the table grows by one a call). */
    @Benchmark
    public FlowRunRow write_create_run() {
        FlowRunRow r = run(writeRandom, Instant.parse("2026-01-01T00:00:00Z"), runs + next++);
        r.id = UUID.randomUUID();
        r.state.id = UUID.randomUUID();
        r.state.runId = r.id;
        r.state.details.flowRunId = r.id;
        return storage.write(tx -> {
            tx.table(FlowRunRow.TABLE).put(r);
            tx.table(StateRow.FLOW_RUN_STATES).put(r.state);
            return r;
        });
    }

    private static Condition<FlowRunRow> stateType(String... types) {
        return Condition.in(RunRow.<FlowRunRow>currentStateType(), List.of(types));
    }

    private static Condition<FlowRunRow> stateName(String name) {
        return Condition.in(RunRow.<FlowRunRow>currentStateName(), List.of(name));
    }
}
