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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BenchStorage {
    static final int DEFAULT_RUNS = 1_000_000;
    private static final int FLOWS = 100;
    private static final List<String> TAGS = List.of("nightly", "sales", "ml", "adhoc", "prod", "dev");

    /** {@code indexed}: the store as the server runs it; {@code scanning}: every query reads every row. */
    @Param({"indexed"})
    public String store;

    /** How many flow runs are stored. */
    @Param({"1000000"})
    public int runs;

    private Storage storage;
    private final List<FlowRow> flows = new ArrayList<>();
    private UUID someFlow;
    private String someFlowName;
    private Instant windowStart;
    private Instant windowEnd;

    @Setup
    public void fill() {
        storage = "scanning".equals(store) ? InMemoryStorage.scanning() : new InMemoryStorage();
        long before = usedHeap();
        Random random = new Random(13);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < FLOWS; i++) {
            FlowRow f = new FlowRow();
            f.id = UUID.randomUUID();
            f.created = t0;
            f.updated = t0;
            f.name = "flow-" + i;
            flows.add(f);
        }
        storage.write(tx -> {
            flows.forEach(tx.table(FlowRow.TABLE)::put);
            return null;
        });
        someFlow = flows.get(7).id;
        someFlowName = flows.get(7).name;
        int batch = 10_000;
        for (int start = 0; start < runs; start += batch) {
            int from = start;
            storage.write(tx -> {
                for (int i = from; i < Math.min(runs, from + batch); i++) {
                    FlowRunRow r = run(random, t0, i);
                    tx.table(FlowRunRow.TABLE).put(r);
                    tx.table(StateRow.FLOW_RUN_STATES).put(r.state);
                }
                return null;
            });
        }
        windowStart = t0.plusSeconds(runs / 2 * 60L);
        windowEnd = windowStart.plusSeconds(3600);
        long after = usedHeap();
        System.out.printf("%n%s store: %,d flow runs with one state each; heap per flow run (row, its state, "
                + "indexes): %,d bytes; %,d MB in all%n", store, runs, (after - before) / runs, (after - before) >> 20);
    }

    private FlowRunRow run(Random random, Instant t0, int i) {
        FlowRunRow r = new FlowRunRow();
        r.id = UUID.randomUUID();
        r.created = t0.plusSeconds(i * 60L);
        r.updated = r.created;
        r.flowId = flows.get(random.nextInt(FLOWS)).id;
        r.name = "run-" + i;
        r.tags = List.of(TAGS.get(random.nextInt(TAGS.size())), TAGS.get(random.nextInt(TAGS.size()))).stream()
                .distinct().toList();
        r.expectedStartTime = r.created;
        StateType type = StateType.values()[random.nextInt(StateType.values().length)];
        if (type != StateType.SCHEDULED && type != StateType.PENDING) {
            r.startTime = r.created.plusSeconds(random.nextInt(30));
            r.runCount = 1;
        }
        if (type.isFinal()) {
            r.endTime = r.startTime.plusSeconds(random.nextInt(600));
        }
        StateRow s = new StateRow();
        s.id = UUID.randomUUID();
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

    /** {@code /flow_runs/paginate}: page 50 of one flow's runs in a given state, and their count. */
    @Benchmark
    public long paginate_flow_and_state_page_50() {
        Condition<FlowRunRow> where = Condition.and(Condition.in(FlowRunRow.FLOW_ID, List.of(someFlow)),
                Condition.in(RunRow.<FlowRunRow>currentStateType(), List.of("COMPLETED")));
        return find(where, idDesc(), 490).size() + count(where);
    }

    /** {@code /flow_runs/count} of the running runs (1 in 9). */
    @Benchmark
    public long count_by_state_type() {
        return count(Condition.in(RunRow.<FlowRunRow>currentStateType(), List.of("RUNNING")));
    }

    /** {@code /flow_runs/count} of one flow's completed runs. */
    @Benchmark
    public long count_by_flow_and_state_type() {
        return count(Condition.and(Condition.in(FlowRunRow.FLOW_ID, List.of(someFlow)),
                Condition.in(RunRow.<FlowRunRow>currentStateType(), List.of("COMPLETED"))));
    }
}
