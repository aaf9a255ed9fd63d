package dev.jprefect.server.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.internal.storage.Column;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.FlowRow;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.Query;
import dev.jprefect.server.internal.storage.Row;
import dev.jprefect.server.internal.storage.RunRow;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.StateType;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.TableSpec;
import dev.jprefect.server.internal.storage.TaskRunRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Random rows and random queries, asked of two stores that were given the same changes: every
 * filter, sort and page must come out the same, row for row and in the same order. The reference
 * is the scanning in-memory store (every row read, every match sorted), so a store that plans
 * queries against indexes, or translates them, is held to the plain reading of the query.
 */
public final class QueryEquivalence {
    private static final List<String> TAGS = List.of("a", "b", "c", "d");
    private static final List<String> VERSIONS = List.of("1.0", "2.0", "2.1");
    private static final List<String> QUEUES = List.of("default", "gpu");

    private final Random random;
    private final int runCount;
    private final List<FlowRow> flows = new ArrayList<>();
    private final List<FlowRunRow> runs = new ArrayList<>();
    private final List<TaskRunRow> tasks = new ArrayList<>();
    private final List<UUID> deployments = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    private final List<UUID> queueIds = List.of(UUID.randomUUID(), UUID.randomUUID());

    QueryEquivalence(long seed) {
        this(seed, 300);
    }

    /** Random rows from {@code seed}, with {@code runs} flow runs (300 for the contract; more make the indexes' sets large). */
    public QueryEquivalence(long seed, int runs) {
        this.random = new Random(seed);
        this.runCount = runs;
    }

    /** Makes the same rows in both stores, changes and removes some, and rolls a failed write back in both. */
    public void fill(Storage tested, Storage reference) {
        for (int i = 0; i < 6; i++) {
            FlowRow f = new FlowRow();
            stamp(f, i);
            f.name = "flow-" + i;
            f.tags = tags();
            flows.add(f);
        }
        for (int i = 0; i < runCount; i++) {
            FlowRunRow r = new FlowRunRow();
            stamp(r, i);
            r.flowId = pick(flows).id;
            r.flowVersion = random.nextInt(5) == 0 ? null : pick(VERSIONS);
            r.deploymentId = random.nextInt(3) == 0 ? null : pick(deployments);
            r.workQueueName = random.nextInt(3) == 0 ? null : pick(QUEUES);
            r.workQueueId = random.nextInt(3) == 0 ? null : pick(queueIds);
            fillRun(r, "run-" + i);
            runs.add(r);
        }
        for (int i = 0; i < 200; i++) {
            TaskRunRow t = new TaskRunRow();
            stamp(t, i);
            t.flowRunId = random.nextInt(8) == 0 ? null : pick(runs).id;
            t.taskKey = "task-" + i;
            fillRun(t, "task-" + i);
            tasks.add(t);
        }
        for (FlowRunRow r : runs) {
            if (random.nextInt(4) == 0) {
                r.parentTaskRunId = pick(tasks).id;
            }
        }
        for (Storage s : List.of(tested, reference)) {
            s.write(tx -> {
                flows.forEach(tx.table(FlowRow.TABLE)::put);
                runs.forEach(tx.table(FlowRunRow.TABLE)::put);
                tasks.forEach(tx.table(TaskRunRow.TABLE)::put);
                return null;
            });
        }
        // change some runs (their indexed values move), remove some, and roll a failed write back
        List<FlowRunRow> changed = new ArrayList<>();
        for (int i = 0; i < runCount / 5; i++) {
            FlowRunRow r = pick(runs).copy();
            fillRun(r, random.nextBoolean() ? r.name : "renamed-" + i);
            changed.add(r);
        }
        List<UUID> removed = new ArrayList<>();
        for (int i = 0; i < runCount / 15; i++) {
            removed.add(pick(runs).id);
        }
        for (Storage s : List.of(tested, reference)) {
            s.write(tx -> {
                changed.forEach(tx.table(FlowRunRow.TABLE)::put);
                removed.forEach(tx.table(FlowRunRow.TABLE)::remove);
                return null;
            });
            try {
                s.write(tx -> {
                    tx.table(FlowRunRow.TABLE).remove(runs.get(1).id);
                    tx.table(FlowRunRow.TABLE).remove(runs.get(2).id);
                    FlowRunRow r = runs.get(3).copy();
                    r.tags = List.of("rolled-back");
                    tx.table(FlowRunRow.TABLE).put(r);
                    throw new IllegalStateException("rolled back");
                });
            } catch (IllegalStateException expected) {
                // both stores must be as before the failed write
            }
        }
    }

    /** Asks both stores {@code queries} random queries on flow runs and task runs and compares the answers. */
    void compare(Storage tested, Storage reference, int queries) {
        for (int i = 0; i < queries; i++) {
            boolean onTasks = random.nextInt(4) == 0;
            if (onTasks) {
                check(tested, reference, TaskRunRow.TABLE, query(taskCondition(2), runOrders()));
            } else {
                check(tested, reference, FlowRunRow.TABLE, query(runCondition(2), flowRunOrders()));
            }
        }
    }

    /**
     * Asks both stores {@code queries} random queries of {@link #severalTags} on flow runs and task
     * runs (no joins and few values per {@code In}: the scanning store reads every row for each, so
     * this suits many rows) and compares the answers.
     */
    public void compareSeveralTags(Storage tested, Storage reference, int queries) {
        for (int i = 0; i < queries; i++) {
            if (random.nextInt(4) == 0) {
                check(tested, reference, TaskRunRow.TABLE, query(severalTags(() -> Condition.in(TaskRunRow.FLOW_RUN_ID,
                        List.of(pick(runs).id, pick(runs).id)), RunRow.<TaskRunRow>endTime()), runOrders()));
            } else {
                check(tested, reference, FlowRunRow.TABLE, query(severalTags(this::owner,
                        FlowRunRow.START_OR_EXPECTED_START_TIME), flowRunOrders()));
            }
        }
    }

    private <R extends Row<R>> void check(Storage tested, Storage reference, TableSpec<R> table, Query<R> query) {
        List<UUID> expected = reference.read(tx -> ids(tx.table(table).find(query)));
        List<UUID> actual = tested.read(tx -> ids(tx.table(table).find(query)));
        assertThat(actual).as("%s of %s", query, table).isEqualTo(expected);
        long expectedCount = reference.read(tx -> tx.table(table).count(query.where()));
        long actualCount = tested.read(tx -> tx.table(table).count(query.where()));
        assertThat(actualCount).as("count %s of %s", query.where(), table).isEqualTo(expectedCount);
    }

    private static List<UUID> ids(List<? extends Row<?>> rows) {
        return rows.stream().map(r -> r.id).toList();
    }

    private <R> Query<R> query(Condition<R> where, List<Order<R>> order) {
        long offset = random.nextInt(3) == 0 ? random.nextInt(40) : 0;
        long limit = random.nextInt(4) == 0 ? Query.NO_LIMIT : 1 + random.nextInt(30);
        return Query.of(where).orderBy(order).page(offset, limit);
    }

    // ---- conditions ---------------------------------------------------------------------------

    private Condition<FlowRunRow> runCondition(int depth) {
        int kind = random.nextInt(depth > 0 ? 24 : 20);
        switch (kind) {
            case 0: return Condition.in(FlowRunRow.FLOW_ID, some(flows.stream().map(f -> f.id).toList()));
            case 1: return Condition.in(FlowRunRow.DEPLOYMENT_ID, some(deployments));
            case 2: return Condition.in(FlowRunRow.WORK_QUEUE_NAME, some(QUEUES));
            case 3: return Condition.in(FlowRunRow.FLOW_VERSION, some(VERSIONS));
            case 4: return Condition.notIn(FlowRunRow.FLOW_VERSION, some(VERSIONS));
            case 5: return Condition.isNull(FlowRunRow.DEPLOYMENT_ID, random.nextBoolean());
            case 6: return Condition.in(FlowRunRow.PARENT_TASK_RUN_ID, some(tasks.stream().map(t -> t.id).toList()));
            case 7: return Condition.in(Column.<FlowRunRow>id(), some(runs.stream().map(r -> r.id).toList()));
            case 8: return Condition.exists(FlowRunRow.FLOW_ID, FlowRow.TABLE, Column.<FlowRow>id(),
                    random.nextBoolean() ? Condition.in(FlowRow.NAME, List.of("flow-" + random.nextInt(7)))
                            : Condition.hasAny(FlowRow.TAGS, some(TAGS)));
            case 9: return Condition.exists(Column.<FlowRunRow>id(), TaskRunRow.TABLE, TaskRunRow.FLOW_RUN_ID,
                    taskCondition(0));
            case 10: return Condition.in(FlowRunRow.IDEMPOTENCY_KEY, List.of("k"));
            case 11: return ownerAndState();
            case 12: return severalTags(this::owner, FlowRunRow.START_OR_EXPECTED_START_TIME);
            default: return sharedCondition(kind - 13, depth, this::runCondition,
                    FlowRunRow.START_OR_EXPECTED_START_TIME);
        }
    }

    /**
     * The runs of some flows (by id or by a join), deployments or work queues in some state types,
     * the shape an index on several columns serves: sometimes with another condition, a second
     * state condition, or nested.
     */
    private Condition<FlowRunRow> ownerAndState() {
        List<String> types = List.of(StateType.values()).stream().map(Enum::name).toList();
        List<UUID> flowIds = flows.stream().map(f -> f.id).toList();
        List<Condition<FlowRunRow>> parts = new ArrayList<>();
        switch (random.nextInt(4)) {
            case 0 -> parts.add(Condition.in(FlowRunRow.FLOW_ID, some(flowIds)));
            case 1 -> parts.add(Condition.exists(FlowRunRow.FLOW_ID, FlowRow.TABLE, Column.<FlowRow>id(),
                    Condition.in(Column.<FlowRow>id(), some(flowIds))));
            case 2 -> parts.add(Condition.in(FlowRunRow.DEPLOYMENT_ID, some(deployments)));
            default -> parts.add(Condition.in(FlowRunRow.WORK_QUEUE_ID, some(queueIds)));
        }
        parts.add(Condition.in(RunRow.<FlowRunRow>currentStateType(), some(types)));
        if (random.nextInt(3) == 0) {
            parts.add(runCondition(0));
        }
        if (random.nextInt(4) == 0) {
            parts.add(Condition.in(RunRow.<FlowRunRow>currentStateType(), some(types)));
        }
        if (random.nextBoolean()) {
            java.util.Collections.reverse(parts);
        }
        return random.nextBoolean() ? Condition.and(parts)
                : Condition.and(parts.get(0), Condition.and(parts.subList(1, parts.size())));
    }

    /** The runs of a flow, a deployment or a work queue, by one or two ids. */
    private Condition<FlowRunRow> owner() {
        switch (random.nextInt(3)) {
            case 0: return Condition.in(FlowRunRow.FLOW_ID, List.of(pick(flows).id, pick(flows).id));
            case 1: return Condition.in(FlowRunRow.DEPLOYMENT_ID, List.of(pick(deployments)));
            default: return Condition.in(FlowRunRow.WORK_QUEUE_ID, List.of(pick(queueIds)));
        }
    }

    /**
     * Runs holding several tags (all of them, or any), the shape the tag index's sets intersect
     * and join: alone, twice, with an owner, state types, a wide time range (open or spanning every
     * time) or another leaf, sometimes in an {@code Or} or under a {@code Not}.
     */
    private <R extends RunRow<R>> Condition<R> severalTags(java.util.function.Supplier<Condition<R>> owner,
            Column<R, Instant> extraTime) {
        List<Condition<R>> parts = new ArrayList<>();
        parts.add(tagSet());
        if (random.nextInt(3) == 0) {
            parts.add(tagSet());
        }
        List<String> types = List.of(StateType.values()).stream().map(Enum::name).toList();
        switch (random.nextInt(6)) {
            case 0 -> parts.add(owner.get());
            case 1 -> parts.add(Condition.in(RunRow.<R>currentStateType(), some(types)));
            case 2 -> parts.add(wideRange(extraTime));
            case 3 -> {
                parts.add(owner.get());
                parts.add(Condition.in(RunRow.<R>currentStateType(), some(types)));
            }
            case 4 -> {
                parts.add(Condition.in(RunRow.<R>currentStateType(), some(types)));
                parts.add(wideRange(extraTime));
            }
            default -> { }
        }
        if (random.nextInt(4) == 0) {
            parts.add(sharedCondition(random.nextInt(7), 0, d -> Condition.always(), extraTime));
        }
        java.util.Collections.shuffle(parts, random);
        Condition<R> all = Condition.and(parts);
        switch (random.nextInt(8)) {
            case 0: return Condition.or(List.of(all, tagSet()));
            case 1: return Condition.or(List.of(all, wideRange(extraTime)));
            case 2: return Condition.not(all);
            default: return all;
        }
    }

    /** Two to four tags (sometimes one twice, or one no run holds), all of them or any. */
    private <R extends RunRow<R>> Condition<R> tagSet() {
        List<String> tags = new ArrayList<>(TAGS);
        java.util.Collections.shuffle(tags, random);
        tags = new ArrayList<>(tags.subList(0, 2 + random.nextInt(3)));
        if (random.nextInt(6) == 0) {
            tags.add(tags.get(0));
        }
        if (random.nextInt(8) == 0) {
            tags.add("held-by-none");
        }
        return random.nextBoolean() ? Condition.hasAll(RunRow.<R>tags(), tags) : Condition.hasAny(RunRow.<R>tags(), tags);
    }

    /** A time range over most or all of the times: open at one end, or from before the first to after the last. */
    private <R extends RunRow<R>> Condition<R> wideRange(Column<R, Instant> extraTime) {
        Column<R, Instant> column = random.nextBoolean() ? RunRow.<R>expectedStartTime() : extraTime;
        switch (random.nextInt(4)) {
            case 0: return Condition.between(column, Instant.EPOCH, null);
            case 1: return Condition.between(column, null, Instant.ofEpochSecond(1_000_000));
            case 2: return Condition.between(column, Instant.EPOCH, Instant.ofEpochSecond(1_000_000));
            default: return Condition.between(column, time(), null);
        }
    }

    private Condition<TaskRunRow> taskCondition(int depth) {
        int kind = random.nextInt(depth > 0 ? 15 : 11);
        switch (kind) {
            case 0: return Condition.in(TaskRunRow.FLOW_RUN_ID, some(runs.stream().map(r -> r.id).toList()));
            case 1: return Condition.isNull(TaskRunRow.FLOW_RUN_ID, random.nextBoolean());
            case 2: return Condition.exists(TaskRunRow.FLOW_RUN_ID, FlowRunRow.TABLE, Column.<FlowRunRow>id(),
                    runCondition(0));
            case 3: return severalTags(() -> Condition.in(TaskRunRow.FLOW_RUN_ID, List.of(pick(runs).id, pick(runs).id)),
                    RunRow.<TaskRunRow>endTime());
            default: return sharedCondition(kind - 4, depth, this::taskCondition, RunRow.<TaskRunRow>endTime());
        }
    }

    /** Conditions of any run: 0-6 leaves, 7-10 (with depth left) And, Or, Not, the constants. */
    private <R extends RunRow<R>> Condition<R> sharedCondition(int kind, int depth,
            java.util.function.IntFunction<Condition<R>> deeper, Column<R, Instant> extraTime) {
        List<Column<R, Instant>> times = List.of(RunRow.<R>expectedStartTime(), RunRow.<R>startTime(),
                RunRow.<R>endTime(), RunRow.<R>nextScheduledStartTime(), extraTime);
        switch (kind) {
            case 0: return Condition.in(RunRow.<R>currentStateType(),
                    some(List.of(StateType.values()).stream().map(Enum::name).toList()));
            case 1: return Condition.notIn(RunRow.<R>currentStateName(), List.of("Late", "Running"));
            case 2: return Condition.in(RunRow.<R>currentStateName(), some(List.of("Late", "Running", "Completed")));
            case 3: {
                Instant lower = random.nextInt(3) == 0 ? null : time();
                Instant upper = random.nextInt(3) == 0 ? null : time();
                return Condition.between(pick(times), lower, upper);
            }
            case 4: switch (random.nextInt(3)) {
                case 0: return Condition.hasAll(RunRow.<R>tags(), some(TAGS));
                case 1: return Condition.hasAny(RunRow.<R>tags(), some(TAGS));
                default: return Condition.isEmpty(RunRow.<R>tags(), random.nextBoolean());
            }
            case 5: return Condition.contains(RunRow.<R>name(), String.valueOf(random.nextInt(10)));
            case 6: return Condition.in(RunRow.<R>name(), List.of("run-" + random.nextInt(300), "task-" + random.nextInt(200)));
            case 7: return Condition.and(deeper.apply(depth - 1), deeper.apply(depth - 1));
            case 8: return Condition.or(List.of(deeper.apply(depth - 1), deeper.apply(depth - 1), deeper.apply(depth - 1)));
            case 9: return Condition.not(deeper.apply(depth - 1));
            default: return random.nextInt(4) == 0 ? Condition.never() : Condition.always();
        }
    }

    // ---- orders -------------------------------------------------------------------------------

    private List<Order<FlowRunRow>> flowRunOrders() {
        List<Order<FlowRunRow>> orders = runOrders();
        if (!orders.isEmpty() && random.nextInt(3) == 0) {
            return List.of(order(FlowRunRow.START_OR_EXPECTED_START_TIME));
        }
        if (random.nextInt(6) == 0) {
            return List.of(order(FlowRunRow.FLOW_VERSION), order(Column.<FlowRunRow>id()));
        }
        return orders;
    }

    private <R extends RunRow<R>> List<Order<R>> runOrders() {
        List<Column<R, ?>> columns = List.of(Column.<R>id(), RunRow.<R>expectedStartTime(), RunRow.<R>startTime(),
                RunRow.<R>endTime(), RunRow.<R>nextScheduledStartTime(), RunRow.<R>name());
        return random.nextInt(5) == 0 ? List.of() : List.of(order(pick(columns)));
    }

    private <R> Order<R> order(Column<R, ?> column) {
        return random.nextBoolean() ? Order.asc(column) : Order.desc(column);
    }

    // ---- values -------------------------------------------------------------------------------

    private <R extends RunRow<R>> void fillRun(R r, String name) {
        r.name = name;
        r.tags = tags();
        if (random.nextInt(8) == 0) {
            r.state = null;
        } else {
            StateRow s = new StateRow();
            stamp(s, 0);
            s.type = pick(List.of(StateType.values()));
            s.name = random.nextInt(4) == 0 ? "Late" : s.type.defaultName();
            r.state = s;
        }
        r.expectedStartTime = random.nextInt(5) == 0 ? null : time();
        r.startTime = random.nextInt(3) == 0 ? null : time();
        r.endTime = random.nextInt(2) == 0 ? null : time();
        r.nextScheduledStartTime = random.nextInt(2) == 0 ? null : time();
    }

    /** Few distinct times, so ties are common and their order (insertion) is tested. */
    private Instant time() {
        return Instant.ofEpochSecond(1_000 + random.nextInt(40) * 60L);
    }

    private List<String> tags() {
        return some(TAGS);
    }

    /** A random sub-list, possibly empty, in random order. */
    private <T> List<T> some(List<T> values) {
        List<T> out = new ArrayList<>();
        for (T v : values) {
            if (random.nextInt(3) == 0) {
                out.add(random.nextInt(2) == 0 ? 0 : out.size(), v);
            }
        }
        if (out.isEmpty() && random.nextBoolean()) {
            out.add(pick(values));
        }
        return out;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private void stamp(Row<?> row, int i) {
        row.id = new UUID(random.nextLong(), random.nextLong());
        row.created = Instant.ofEpochSecond(i);
        row.updated = row.created;
    }
}
