package dev.jprefect.server.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.server.internal.storage.Column;
import dev.jprefect.server.internal.storage.Condition;
import dev.jprefect.server.internal.storage.ConflictException;
import dev.jprefect.server.internal.storage.FlowRow;
import dev.jprefect.server.internal.storage.FlowRunRow;
import dev.jprefect.server.internal.storage.InMemoryStorage;
import dev.jprefect.server.internal.storage.Order;
import dev.jprefect.server.internal.storage.Query;
import dev.jprefect.server.internal.storage.Row;
import dev.jprefect.server.internal.storage.RunRow;
import dev.jprefect.server.internal.storage.Storage;
import dev.jprefect.server.internal.storage.TableSpec;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Storage} must do, whatever keeps the rows: the semantics of conditions (SQL's:
 * a comparison with null is false), orders (nulls last ascending, first descending; ties in
 * insertion order), pages, counts, joins, constraints and transactions. A store runs this by
 * extending it with {@link #newStorage()}, whatever its package (the server's test jar carries
 * this package for {@code server-jdbc}).
 */
public abstract class StorageContract {
    private static final Column<FlowRunRow, String> VERSION = FlowRunRow.FLOW_VERSION;

    private Storage storage;
    private FlowRow etl;
    private FlowRow report;

    /** Returns a new, empty store. */
    protected abstract Storage newStorage();

    @BeforeEach
    void fill() {
        storage = newStorage();
        etl = flow("etl", List.of("nightly", "sales"));
        report = flow("report", List.of());
        storage.write(tx -> {
            tx.table(FlowRow.TABLE).put(etl);
            tx.table(FlowRow.TABLE).put(report);
            tx.table(FlowRunRow.TABLE).put(run(etl, "a", "1.0", 3));
            tx.table(FlowRunRow.TABLE).put(run(etl, "b", null, 1));
            tx.table(FlowRunRow.TABLE).put(run(report, "c", "2.0", 2));
            return null;
        });
    }

    private List<String> names(Query<FlowRunRow> query) {
        return storage.read(tx -> tx.table(FlowRunRow.TABLE).find(query)).stream().map(r -> r.name).toList();
    }

    private List<String> where(Condition<FlowRunRow> condition) {
        return names(Query.of(condition));
    }

    @Test
    void comparisonsWithAMissingValueAreFalse() {
        assertThat(where(Condition.in(VERSION, List.of("1.0", "2.0")))).containsExactly("a", "c");
        assertThat(where(Condition.notIn(VERSION, List.of("1.0")))).containsExactly("c");
        assertThat(where(Condition.isNull(VERSION, true))).containsExactly("b");
        assertThat(where(Condition.not(Condition.in(VERSION, List.of("1.0"))))).containsExactly("b", "c");
        assertThat(where(Condition.in(VERSION, List.of()))).isEmpty();
    }

    @Test
    void textRangeAndListConditions() {
        assertThat(where(Condition.contains(FlowRunRow.FLOW_VERSION, ".0"))).containsExactly("a", "c");
        assertThat(where(Condition.startsWithIgnoringCase(FlowRunRow.FLOW_VERSION, "2."))).containsExactly("c");
        assertThat(where(Condition.startsWithIgnoringCase(RunRow.<FlowRunRow>name(), "A"))).containsExactly("a");
        Column<FlowRunRow, Instant> start = Column.of("start_time", r -> r.startTime);
        assertThat(where(Condition.between(start, Instant.ofEpochSecond(2), null))).containsExactly("a", "c");
        assertThat(where(Condition.between(start, null, Instant.ofEpochSecond(2)))).containsExactly("b", "c");
        Column<FlowRunRow, List<String>> tags = Column.of("tags", r -> r.tags);
        assertThat(where(Condition.hasAll(tags, List.of("x", "a")))).containsExactly("a");
        assertThat(where(Condition.hasAny(tags, List.of("b", "c")))).containsExactly("b", "c");
        assertThat(where(Condition.isEmpty(tags, true))).isEmpty();
    }

    @Test
    void likeIsCaseSensitiveWithItsWildcardsAndEscape() {
        Column<FlowRunRow, String> name = Column.of("name", r -> r.name);
        assertThat(where(Condition.like(VERSION, "_.%"))).containsExactly("a", "c");
        assertThat(where(Condition.like(VERSION, "1%"))).containsExactly("a");
        assertThat(where(Condition.like(VERSION, "1._"))).containsExactly("a");
        assertThat(where(Condition.like(VERSION, "1.0_"))).isEmpty();
        assertThat(where(Condition.like(name, "A"))).isEmpty();
        assertThat(where(Condition.startsWith(VERSION, "2."))).containsExactly("c");
        assertThat(where(Condition.startsWith(VERSION, "_"))).isEmpty();
        assertThat(where(Condition.like(VERSION, "1\\.0"))).containsExactly("a");
        assertThat(where(Condition.not(Condition.like(VERSION, "1%")))).containsExactly("b", "c");
    }

    @Test
    void andOrAndTheConstants() {
        Condition<FlowRunRow> a = Condition.in(VERSION, List.of("1.0"));
        Condition<FlowRunRow> c = Condition.in(VERSION, List.of("2.0"));
        assertThat(where(Condition.or(List.of(a, c)))).containsExactly("a", "c");
        assertThat(where(Condition.and(a, c))).isEmpty();
        assertThat(where(Condition.always())).containsExactly("a", "b", "c");
        assertThat(where(Condition.never())).isEmpty();
        assertThat(where(Condition.or(List.of()))).containsExactly("a", "b", "c");
    }

    @Test
    void existsJoinsAnotherTable() {
        Condition<FlowRunRow> ofEtl = Condition.exists(FlowRunRow.FLOW_ID, FlowRow.TABLE, Column.<FlowRow>id(),
                Condition.in(FlowRow.NAME, List.of("etl")));
        assertThat(where(ofEtl)).containsExactly("a", "b");
        Condition<FlowRow> withRuns = Condition.exists(Column.<FlowRow>id(), FlowRunRow.TABLE, FlowRunRow.FLOW_ID,
                Condition.isNull(VERSION, true));
        List<FlowRow> flows = storage.read(tx -> tx.table(FlowRow.TABLE).find(Query.of(withRuns)));
        assertThat(flows).extracting(f -> f.name).containsExactly("etl");
    }

    @Test
    void ordersPlaceNullsAsPostgresAndPagesSkipAndCut() {
        assertThat(names(Query.<FlowRunRow>all().orderBy(List.of(Order.asc(VERSION))))).containsExactly("a", "c", "b");
        assertThat(names(Query.<FlowRunRow>all().orderBy(List.of(Order.desc(VERSION))))).containsExactly("b", "c", "a");
        assertThat(names(Query.<FlowRunRow>all().orderBy(List.of(Order.asc(VERSION))).page(1, 1))).containsExactly("c");
        Column<FlowRunRow, UUID> flowId = FlowRunRow.FLOW_ID;
        List<String> byFlowThenInsertion = names(Query.<FlowRunRow>all().orderBy(List.of(Order.asc(flowId))));
        assertThat(byFlowThenInsertion.indexOf("a")).isLessThan(byFlowThenInsertion.indexOf("b"));
        long versioned = storage.read(tx -> tx.table(FlowRunRow.TABLE).count(Condition.isNull(VERSION, false)));
        assertThat(versioned).isEqualTo(2L);
    }

    @Test
    void aFailedWriteLeavesNothingAndAUniqueIndexIsAConstraint() {
        assertThatThrownBy(() -> storage.write(tx -> {
            tx.table(FlowRow.TABLE).remove(report.id);
            tx.table(FlowRow.TABLE).put(flow("etl", List.of()));
            return null;
        })).isInstanceOf(ConflictException.class);
        List<FlowRow> flows = storage.read(tx -> tx.table(FlowRow.TABLE).find(Query.all()));
        assertThat(flows).extracting(f -> f.name).containsExactly("etl", "report");
    }

    @Test
    void changesHappenOnlyInWriteTransactions() {
        assertThatThrownBy(() -> storage.read(tx -> tx.table(FlowRow.TABLE).getForUpdate(etl.id)))
                .isInstanceOf(IllegalStateException.class);
        java.util.Optional<FlowRow> locked = storage.write(tx -> tx.table(FlowRow.TABLE).getForUpdate(etl.id));
        assertThat(locked).map(f -> f.name).contains("etl");
        FlowRow copy = storage.read(tx -> tx.table(FlowRow.TABLE).get(etl.id)).orElseThrow();
        copy.name = "changed";
        assertThat(storage.read(tx -> tx.table(FlowRow.TABLE).get(etl.id)).orElseThrow().name).isEqualTo("etl");
    }

    @Test
    void actionsAfterCommitRunOnceTheOutermostWriteHasCommittedAndNeverAfterARollback() {
        List<String> ran = new java.util.ArrayList<>();
        storage.write(tx -> {
            tx.afterCommit(() -> ran.add("outer, seeing " + storage.read(t -> t.table(FlowRow.TABLE).get(etl.id))
                    .orElseThrow().name));
            storage.write(inner -> {
                inner.afterCommit(() -> ran.add("inner"));
                return null;
            });
            FlowRow renamed = tx.table(FlowRow.TABLE).get(etl.id).orElseThrow();
            renamed.name = "renamed";
            tx.table(FlowRow.TABLE).put(renamed);
            assertThat(ran).as("nothing runs before the outermost transaction commits").isEmpty();
            return null;
        });
        assertThat(ran).containsExactly("outer, seeing renamed", "inner");

        ran.clear();
        assertThatThrownBy(() -> storage.write(tx -> {
            tx.afterCommit(() -> ran.add("rolled back"));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        storage.write(tx -> null);
        assertThat(ran).isEmpty();
        assertThatThrownBy(() -> storage.read(tx -> {
            tx.afterCommit(() -> ran.add("read"));
            return null;
        })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void filtersSortsAndPagesAnswerAsAFullScanDoes() {
        QueryEquivalence rows = new QueryEquivalence(13);
        Storage tested = newStorage();
        Storage reference = InMemoryStorage.scanning();
        rows.fill(tested, reference);
        rows.compare(tested, reference, randomQueries());
    }

    /**
     * A store that gets its rows whole (a durable store after a restart: its tables loaded at once,
     * each index built in one go) answers as the full scan does, ties and all.
     */
    @Test
    void aStoreLoadingItsRowsWholeAnswersAsAFullScanDoes() {
        QueryEquivalence rows = new QueryEquivalence(17);
        Storage written = newStorage();
        Storage reference = InMemoryStorage.scanning();
        rows.fill(written, reference);
        rows.compare(reopened(written), reference, randomQueries());
    }

    /**
     * Returns a store that holds what {@code written} holds and has loaded none of it yet: here an
     * in-memory store whose tables are given their rows at once, copied from {@code written} in
     * insertion order; a durable store opens its database again.
     */
    protected Storage reopened(Storage written) {
        return new InMemoryStorage(table -> rowsOf(written, table));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<Row<?>> rowsOf(Storage written, TableSpec table) {
        List<Row<?>> rows = written.read(tx -> tx.table(table).find(Query.all()));
        return rows.stream().<Row<?>>map(row -> (Row<?>) row.copy()).toList();
    }

    /** How many random queries {@link #filtersSortsAndPagesAnswerAsAFullScanDoes} asks; fewer for a slower store. */
    protected int randomQueries() {
        return 3_000;
    }

    private static FlowRow flow(String name, List<String> tags) {
        FlowRow f = new FlowRow();
        f.id = UUID.randomUUID();
        f.created = Instant.EPOCH;
        f.updated = Instant.EPOCH;
        f.name = name;
        f.tags = tags;
        return f;
    }

    private static FlowRunRow run(FlowRow flow, String name, String version, int startSecond) {
        FlowRunRow r = new FlowRunRow();
        r.id = UUID.randomUUID();
        r.created = Instant.EPOCH;
        r.updated = Instant.EPOCH;
        r.flowId = flow.id;
        r.name = name;
        r.flowVersion = version;
        r.startTime = Instant.ofEpochSecond(startSecond);
        r.tags = List.of(name, "x");
        return r;
    }
}
