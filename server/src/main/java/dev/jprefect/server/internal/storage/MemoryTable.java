package dev.jprefect.server.internal.storage;

import dev.jprefect.server.internal.storage.MemoryIndex.Slot;
import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;

/**
 * One table of an {@link InMemoryStorage}: slots by id in insertion order, and the indexes of its
 * {@link TableSpec}, which queries use when they can. A query's condition is planned against the
 * indexes ({@link #plan}): an {@code In} on an indexed column or the id, tags on an element index, a
 * range on a sorted column, the smallest of an {@code And}'s (or an index on several columns that its
 * {@code In}s all name), the union of an {@code Or}'s, and an {@code Exists} whose inner rows are
 * planned become a set of candidate rows; a sort on a sorted
 * column walks that index and stops at the page's end; other sorts keep a bounded heap of the page
 * instead of sorting every match. Whatever the plan, the answer is the one a full scan gives.
 *
 * @param <R> the row type
 */
final class MemoryTable<R extends Row<R>> implements Table<R> {
    /** How many rows of a range are counted, when planning, to tell a narrow range from a wide one. */
    private static final int RANGE_PROBE = 4096;
    /** The most combinations of values looked up in an index on several columns for one condition. */
    private static final int MOST_COMBINATIONS = 1024;

    private final InMemoryStorage store;
    final TableSpec<R> spec;
    private final String kind;
    private final LinkedHashMap<UUID, Slot<R>> rows = new LinkedHashMap<>();
    /** True after a rolled-back removal put a row back out of insertion order in {@link #rows}. */
    private boolean reorder;
    private long nextSeq;
    private final Map<Index<R>, MemoryIndex<R>> indexes = new LinkedHashMap<>();
    /** Keyed indexes by column name, for {@code In} and {@code Exists}. */
    private final Map<String, MemoryIndex<R>> keyed = new HashMap<>();
    /** Element indexes by column name, for tags. */
    private final Map<String, MemoryIndex<R>> elements = new HashMap<>();
    /** Sorted indexes by column name, for ranges and orders. */
    private final Map<String, MemoryIndex.Sorted<R>> sorted = new HashMap<>();
    /** Indexes on several columns, for an {@code And} that asks for values of each. */
    private final List<MemoryIndex<R>> composite = new ArrayList<>();

    MemoryTable(InMemoryStorage store, TableSpec<R> spec) {
        this.store = store;
        this.spec = spec;
        this.kind = spec.name().replace('_', ' ');
        for (Index<R> index : spec.indexes()) {
            MemoryIndex<R> memory = MemoryIndex.of(index);
            indexes.put(index, memory);
            if (index.columns().size() > 1) {
                composite.add(memory);
            } else if (index.column() != null) {
                String column = index.column().name();
                switch (index.kind()) {
                    case KEY -> keyed.putIfAbsent(column, memory);
                    case ELEMENTS -> elements.put(column, memory);
                    case SORTED -> sorted.put(column, (MemoryIndex.Sorted<R>) memory);
                }
            }
        }
    }

    // ---- reads by id and index ----------------------------------------------------------------

    @Override
    public Optional<R> get(UUID id) {
        Slot<R> slot = rows.get(id);
        return slot == null ? Optional.empty() : Optional.of(slot.row.copy());
    }

    @Override
    public Optional<R> getForUpdate(UUID id) {
        store.requireWriteLock(kind); // the write lock is exclusive: every row is locked already
        return get(id);
    }

    @Override
    public Optional<R> findUnique(Index<R> index, Object key) {
        List<R> found = findAll(index, key);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<R> findAll(Index<R> index, Object key) {
        MemoryIndex<R> memory = indexes.get(index);
        if (memory == null) {
            throw new IllegalArgumentException("the " + kind + " table has no index " + index);
        }
        return copies(memory.get(key));
    }

    /** Returns the slots whose {@code column} holds {@code key}, from an index or the ids if it can, else null. */
    Collection<Slot<R>> lookup(Column<R, ?> column, Object key) {
        if (store.scanning) {
            return null;
        }
        if (column.name().equals("id")) {
            Slot<R> slot = key instanceof UUID id ? rows.get(id) : null;
            return slot == null ? List.of() : List.of(slot);
        }
        MemoryIndex<R> index = keyed.get(column.name());
        return index == null ? null : index.get(key);
    }

    /** Every slot in insertion order. */
    Collection<Slot<R>> slots() {
        return rows.values();
    }

    /** Puts the rows back in insertion order after a rolled-back removal re-added one at the end. */
    void settle() {
        if (!reorder) {
            return;
        }
        List<Slot<R>> all = new ArrayList<>(rows.values());
        all.sort(Comparator.comparingLong(s -> s.seq));
        rows.clear();
        for (Slot<R> slot : all) {
            rows.put(slot.row.id, slot);
        }
        reorder = false;
    }

    // ---- queries --------------------------------------------------------------------------------

    @Override
    public List<R> find(Query<R> query) {
        long want = query.limit() > Long.MAX_VALUE - query.offset() ? Long.MAX_VALUE : query.offset() + query.limit();
        if (want == 0) {
            return List.of();
        }
        Condition<R> where = query.where();
        Plan<R> plan = plan(where);
        Condition<R> residual = plan.exact ? null : where;
        List<Order<R>> order = query.order();
        if (order.isEmpty()) {
            if (plan.slots == null) {
                return page(scan(slots(), where, want), query.offset());
            }
            return page(best(plan.slots, residual, Comparator.comparingLong(s -> s.seq), want), query.offset());
        }
        MemoryIndex.Sorted<R> index = order.size() == 1 && !store.scanning ? sorted.get(order.get(0).column().name()) : null;
        if (index != null && (plan.slots == null || walkIsCheaper(plan, want))) {
            List<Slot<R>> found = new ArrayList<>();
            index.walk(order.get(0).descending(), slot -> {
                if (store.matches(where, slot.row)) {
                    found.add(slot);
                }
                return found.size() < want;
            });
            return page(found, query.offset());
        }
        Comparator<Slot<R>> byOrder = Comparator.comparing((Slot<R> s) -> s.row, Order.comparator(order))
                .thenComparingLong(s -> s.seq);
        Collection<Slot<R>> candidates = plan.slots == null ? slots() : plan.slots;
        return page(best(candidates, plan.slots == null ? where : residual, byOrder, want), query.offset());
    }

    /**
     * Returns true if walking a sorted index until the page is full is likely cheaper than ranking
     * the plan's candidates: with {@code n} rows and {@code m} candidates, a walk visits about
     * {@code want * n / m} rows, ranking visits {@code m}.
     */
    private boolean walkIsCheaper(Plan<R> plan, long want) {
        double m = plan.size;
        return m > 0 && (double) want * rows.size() / m < m;
    }

    @Override
    public long count(Condition<R> where) {
        if (where instanceof Condition.Always) {
            return rows.size(); // a page's total without a filter: no row read
        }
        Plan<R> plan = plan(where);
        if (plan.slots == null) {
            long n = 0;
            for (Slot<R> slot : slots()) {
                if (store.matches(where, slot.row)) {
                    n++;
                }
            }
            return n;
        }
        if (plan.exact && plan.size >= 0) {
            return plan.size;
        }
        long n = 0;
        for (Slot<R> slot : plan.slots) {
            if (plan.exact || store.matches(where, slot.row)) {
                n++;
            }
        }
        return n;
    }

    /** The first {@code want} slots of {@code slots} (in their order) meeting {@code where}. */
    private List<Slot<R>> scan(Collection<Slot<R>> slots, Condition<R> where, long want) {
        List<Slot<R>> found = new ArrayList<>();
        for (Slot<R> slot : slots) {
            if (found.size() >= want) {
                break;
            }
            if (store.matches(where, slot.row)) {
                found.add(slot);
            }
        }
        return found;
    }

    /**
     * The {@code want} least slots by {@code order} among {@code candidates} meeting {@code where}
     * (null: all do), least first: a bounded heap when the page is small, a sort otherwise.
     */
    private List<Slot<R>> best(Collection<Slot<R>> candidates, Condition<R> where, Comparator<Slot<R>> order, long want) {
        if (want > 10_000) {
            List<Slot<R>> all = new ArrayList<>();
            for (Slot<R> slot : candidates) {
                if (where == null || store.matches(where, slot.row)) {
                    all.add(slot);
                }
            }
            all.sort(order);
            return all;
        }
        PriorityQueue<Slot<R>> heap = new PriorityQueue<>((int) Math.min(want, 64) + 1, order.reversed());
        for (Slot<R> slot : candidates) {
            if (where != null && !store.matches(where, slot.row)) {
                continue;
            }
            if (heap.size() < want) {
                heap.add(slot);
            } else if (order.compare(slot, heap.peek()) < 0) {
                heap.poll();
                heap.add(slot);
            }
        }
        List<Slot<R>> out = new ArrayList<>(heap);
        out.sort(order);
        return out;
    }

    private List<R> page(List<Slot<R>> ranked, long offset) {
        if (offset >= ranked.size()) {
            return List.of();
        }
        return copies(ranked.subList((int) offset, ranked.size()));
    }

    private static <R extends Row<R>> List<R> copies(Collection<Slot<R>> slots) {
        List<R> out = new ArrayList<>(slots.size());
        for (Slot<R> slot : slots) {
            out.add(slot.row.copy());
        }
        return out;
    }

    // ---- planning -------------------------------------------------------------------------------

    /**
     * What the indexes give for a condition: candidate slots (null: every row, no index helps),
     * their number ({@code -1}: many, not counted) and whether exactly the candidates meet it (else
     * each is checked against the whole condition).
     */
    private record Plan<R>(Collection<Slot<R>> slots, long size, boolean exact) {
        static <R> Plan<R> all() {
            return new Plan<>(null, -1, false);
        }

        static <R> Plan<R> of(Collection<Slot<R>> slots, boolean exact) {
            return new Plan<>(slots, slots.size(), exact);
        }

        /** Orders plans by size, uncounted ones last. */
        boolean smallerThan(Plan<R> other) {
            return other.size < 0 || (size >= 0 && size < other.size);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Plan<R> plan(Condition<R> condition) {
        if (store.scanning) {
            return Plan.all();
        }
        if (condition instanceof Condition.Never) {
            return Plan.of(List.of(), true);
        }
        if (condition instanceof Condition.In<R> in) {
            return planIn(in.column(), in.values());
        }
        if (condition instanceof Condition.HasAny<R> any) {
            MemoryIndex<R> index = elements.get(any.column().name());
            if (index == null) {
                return Plan.all();
            }
            Set<Slot<R>> union = new LinkedHashSet<>();
            for (Object value : any.values()) {
                union.addAll(index.get(value));
            }
            return Plan.of(union, true);
        }
        if (condition instanceof Condition.HasAll<R> all) {
            MemoryIndex<R> index = elements.get(all.column().name());
            if (index == null || all.values().isEmpty()) {
                return Plan.all();
            }
            Collection<Slot<R>> least = null;
            for (Object value : all.values()) {
                Collection<Slot<R>> holders = index.get(value);
                if (least == null || holders.size() < least.size()) {
                    least = holders;
                }
            }
            return Plan.of(least, all.values().size() == 1);
        }
        if (condition instanceof Condition.Between between) {
            MemoryIndex.Sorted<R> index = sorted.get(between.column().name());
            if (index == null) {
                return Plan.all();
            }
            Collection<Slot<R>> range = index.range(between.lower(), between.upper());
            int counted = 0;
            for (Slot<R> ignored : range) {
                if (++counted > RANGE_PROBE) {
                    return new Plan<>(range, -1, true);
                }
            }
            return new Plan<>(range, counted, true);
        }
        if (condition instanceof Condition.And<R> and) {
            return planAnd(and);
        }
        if (condition instanceof Condition.Or<R> or) {
            Set<Slot<R>> union = new LinkedHashSet<>();
            boolean exact = true;
            for (Condition<R> c : or.any()) {
                Plan<R> p = plan(c);
                if (p.slots == null) {
                    return Plan.all();
                }
                union.addAll(p.slots);
                exact &= p.exact;
            }
            return Plan.of(union, exact);
        }
        if (condition instanceof Condition.Exists exists) {
            Equality<R> values = joinValues(exists);
            return values == null ? Plan.all() : planIn(values.column, values.values);
        }
        return Plan.all();
    }

    /** A condition that holds for the rows whose {@code column} has one of {@code values}. */
    private record Equality<R>(Column<R, ?> column, List<?> values) {
    }

    /**
     * {@code And}: the best of its parts' plans, or of the indexes on several columns whose every
     * column an {@code In} (or a join, as its values) among the parts names; exact only when that
     * plan is exactly every part (else each candidate is checked against the whole).
     */
    private Plan<R> planAnd(Condition.And<R> and) {
        List<Condition<R>> parts = new ArrayList<>();
        flatten(and, parts);
        Plan<R> best = Plan.all();
        Map<String, Equality<R>> equalities = new HashMap<>();
        int equalityParts = 0;
        for (Condition<R> part : parts) {
            Equality<R> equality = equality(part);
            Plan<R> p;
            if (equality != null) {
                equalityParts++;
                equalities.merge(equality.column.name(), equality, MemoryTable::both);
                p = planIn(equality.column, equality.values);
            } else {
                p = plan(part);
            }
            if (p.slots != null && (best.slots == null || p.smallerThan(best))) {
                best = p;
            }
        }
        boolean exact = false;
        for (MemoryIndex<R> index : composite) {
            Plan<R> p = planComposite(index, equalities);
            if (p != null && (best.slots == null || p.smallerThan(best))) {
                best = p;
                exact = equalityParts == parts.size() && equalities.size() == index.index.columns().size();
            }
        }
        return best.slots == null ? best : new Plan<>(best.slots, best.size, exact);
    }

    private static <R> void flatten(Condition<R> condition, List<Condition<R>> parts) {
        if (condition instanceof Condition.And<R> and) {
            and.all().forEach(c -> flatten(c, parts));
        } else {
            parts.add(condition);
        }
    }

    /** Two equalities on one column: the values both allow. */
    private static <R> Equality<R> both(Equality<R> a, Equality<R> b) {
        List<Object> kept = new ArrayList<>(a.values);
        kept.retainAll(b.values);
        return new Equality<>(a.column, kept);
    }

    /** The column and values an {@code In} or a plannable {@code Exists} asks for, else null. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Equality<R> equality(Condition<R> condition) {
        if (store.scanning) {
            return null;
        }
        if (condition instanceof Condition.In<R> in) {
            return new Equality<>(in.column(), in.values());
        }
        if (condition instanceof Condition.Exists exists) {
            return joinValues(exists);
        }
        return null;
    }

    /**
     * The rows of an index on several columns holding one of the asked values in each, as a view
     * of the index's sets (one per combination, disjoint); null if a column is not asked for or
     * there are too many combinations.
     */
    private Plan<R> planComposite(MemoryIndex<R> index, Map<String, Equality<R>> equalities) {
        List<List<Object>> keys = new ArrayList<>();
        keys.add(List.of());
        for (Column<R, ?> column : index.index.columns()) {
            Equality<R> equality = equalities.get(column.name());
            if (equality == null || (long) keys.size() * equality.values.size() > MOST_COMBINATIONS) {
                return null;
            }
            List<List<Object>> longer = new ArrayList<>();
            for (List<Object> key : keys) {
                for (Object value : new LinkedHashSet<>(equality.values)) {
                    List<Object> next = new ArrayList<>(key);
                    next.add(value);
                    longer.add(next);
                }
            }
            keys = longer;
        }
        List<Collection<Slot<R>>> parts = new ArrayList<>();
        for (List<Object> key : keys) {
            parts.add(index.get(key));
        }
        return Plan.of(new Disjoint<>(parts), true);
    }

    /**
     * {@code In} on the id or a keyed column: the holders of each value, each once, as a view of the
     * index's own sets (counted, not copied: a plan that walks a sorted index instead never reads
     * them).
     */
    private Plan<R> planIn(Column<R, ?> column, List<?> values) {
        if (values.size() == 1) {
            Collection<Slot<R>> holders = lookup(column, values.get(0));
            return holders == null ? Plan.all() : Plan.of(holders, true);
        }
        List<Collection<Slot<R>>> parts = new ArrayList<>();
        for (Object value : new LinkedHashSet<>(values)) {
            Collection<Slot<R>> holders = lookup(column, value);
            if (holders == null) {
                return Plan.all();
            }
            parts.add(holders); // one key per row: the holders of distinct values are disjoint
        }
        return Plan.of(new Disjoint<>(parts), true);
    }

    /** Disjoint collections seen as one, in order, without copying them. */
    private static final class Disjoint<T> extends AbstractCollection<T> {
        private final List<Collection<T>> parts;
        private final int size;

        Disjoint(List<Collection<T>> parts) {
            this.parts = parts;
            this.size = parts.stream().mapToInt(Collection::size).sum();
        }

        @Override
        public Iterator<T> iterator() {
            return parts.stream().flatMap(Collection::stream).iterator();
        }

        @Override
        public int size() {
            return size;
        }
    }

    /**
     * {@code Exists} whose inner condition the other table can plan, on an indexed column of this
     * one: the inner rows are found first, and their join values are what this table's column must
     * hold (an {@code In}); else null.
     */
    private <S extends Row<S>> Equality<R> joinValues(Condition.Exists<R, S> exists) {
        if (!exists.column().name().equals("id") && !keyed.containsKey(exists.column().name())) {
            return null;
        }
        MemoryTable<S> other = store.tableOf(exists.other());
        Plan<S> inner = other.plan(exists.where());
        if (inner.slots == null) {
            return null;
        }
        Set<Object> values = new LinkedHashSet<>();
        for (Slot<S> slot : inner.slots) {
            if (inner.exact || store.matches(exists.where(), slot.row)) {
                Object value = exists.otherColumn().valueIn(slot.row);
                if (value != null) {
                    values.add(value);
                }
            }
        }
        return new Equality<>(exists.column(), List.copyOf(values));
    }

    // ---- changes --------------------------------------------------------------------------------

    @Override
    public void put(R row) {
        store.requireWriteLock(kind);
        R stored = row.copy();
        Slot<R> slot = rows.get(stored.id);
        for (MemoryIndex<R> index : indexes.values()) {
            if (index.index.isUnique()) {
                for (Object key : index.keysOf(stored)) {
                    for (Slot<R> holder : index.get(key)) {
                        if (holder != slot) {
                            throw new ConflictException("a " + kind + " with this " + index.index + " already exists");
                        }
                    }
                }
            }
        }
        store.changed(spec, stored.id, stored);
        if (slot != null) {
            Slot<R> replaced = slot;
            R previous = replaced.row;
            unindex(replaced);
            replaced.row = stored;
            index(replaced);
            store.journal(() -> {
                unindex(replaced);
                replaced.row = previous;
                index(replaced);
            });
        } else {
            Slot<R> added = new Slot<>(stored, nextSeq++);
            rows.put(stored.id, added);
            index(added);
            store.journal(() -> {
                unindex(added);
                rows.remove(added.row.id);
            });
        }
    }

    /**
     * Fills a table no transaction has seen yet with committed rows, in insertion order: no
     * constraint check, no journal, no copy (the rows are the table's own from now on).
     */
    void load(List<R> committed) {
        for (R row : committed) {
            Slot<R> added = new Slot<>(row, nextSeq++);
            rows.put(row.id, added);
            index(added);
        }
    }

    @Override
    public boolean remove(UUID id) {
        store.requireWriteLock(kind);
        Slot<R> removed = rows.remove(id);
        if (removed == null) {
            return false;
        }
        unindex(removed);
        store.changed(spec, id, null);
        store.journal(() -> {
            rows.put(id, removed);
            index(removed);
            reorder = true;
        });
        return true;
    }

    private void index(Slot<R> slot) {
        for (MemoryIndex<R> index : indexes.values()) {
            index.add(slot);
        }
    }

    private void unindex(Slot<R> slot) {
        for (MemoryIndex<R> index : indexes.values()) {
            index.remove(slot);
        }
    }
}
