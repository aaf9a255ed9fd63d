package dev.jprefect.server.internal.storage;

import dev.jprefect.server.internal.storage.MemoryIndex.Slot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongPredicate;

/**
 * One table of an {@link InMemoryStorage}: slots by id in insertion order, and the indexes of its
 * {@link TableSpec}, which queries use when they can. A query's condition is planned against the
 * indexes ({@link #plan}): an {@code In} on an indexed column or the id, tags on an element index and
 * an {@code Exists} whose inner rows are planned become the {@link Postings} (insertion numbers) of
 * their rows, intersected for an {@code And} (with an index on several columns that its {@code In}s
 * all name) and joined for an {@code Or}; a range on a sorted column is a counted view of that
 * index, read when it is smaller than the sets; a sort on a sorted
 * column walks that index and stops at the page's end; other sorts keep a bounded heap of the page
 * instead of sorting every match. Whatever the plan, the answer is the one a full scan gives.
 *
 * @param <R> the row type
 */
final class MemoryTable<R extends Row<R>> implements Table<R> {
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
    /** The slots by insertion number, for the {@link Postings} of the keyed indexes. */
    private final MemoryIndex.Directory<R> directory = new MemoryIndex.Directory<>();
    /** Keyed indexes by column name, for {@code In} and {@code Exists}. */
    private final Map<String, MemoryIndex.Keyed<R>> keyed = new HashMap<>();
    /** Element indexes by column name, for tags. */
    private final Map<String, MemoryIndex.Keyed<R>> elements = new HashMap<>();
    /** Sorted indexes by column name, for ranges and orders. */
    private final Map<String, MemoryIndex.Sorted<R>> sorted = new HashMap<>();
    /** Indexes on several columns, for an {@code And} that asks for values of each. */
    private final List<MemoryIndex<R>> composite = new ArrayList<>();

    MemoryTable(InMemoryStorage store, TableSpec<R> spec) {
        this.store = store;
        this.spec = spec;
        this.kind = spec.name().replace('_', ' ');
        for (Index<R> index : spec.indexes()) {
            MemoryIndex<R> memory = MemoryIndex.of(index, directory);
            indexes.put(index, memory);
            if (index.columns().size() > 1) {
                composite.add(memory);
            } else if (index.column() != null) {
                String column = index.column().name();
                switch (index.kind()) {
                    case KEY -> keyed.putIfAbsent(column, (MemoryIndex.Keyed<R>) memory);
                    case ELEMENTS -> elements.put(column, (MemoryIndex.Keyed<R>) memory);
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
        Condition<R> residual = plan.residual;
        List<Order<R>> order = query.order();
        if (order.isEmpty()) {
            if (plan.slots == null) {
                return page(scan(slots(), where, want), query.offset());
            }
            if (plan.members != null) { // in insertion order already
                return page(scan(plan.slots, residual, want), query.offset());
            }
            return page(best(plan.slots, residual, Comparator.comparingLong(s -> s.seq), want), query.offset());
        }
        MemoryIndex.Sorted<R> index = order.size() == 1 && !store.scanning ? sorted.get(order.get(0).column().name()) : null;
        if (index != null && (plan.slots == null || walkIsCheaper(plan, want))) {
            LongPredicate members = plan.members == null ? null : plan.members.flat();
            List<Slot<R>> found = new ArrayList<>();
            index.walk(order.get(0).descending(), slot -> members == null ? store.matches(where, slot.row)
                    : members.test(slot.seq) && (residual == null || store.matches(residual, slot.row)), slot -> {
                        found.add(slot);
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
        if (plan.residual == null && plan.size >= 0) {
            return plan.size;
        }
        long n = 0;
        for (Slot<R> slot : plan.slots) {
            if (plan.residual == null || store.matches(plan.residual, slot.row)) {
                n++;
            }
        }
        return n;
    }

    /** The first {@code want} slots of {@code slots} (in their order) meeting {@code where} (null: all do). */
    private List<Slot<R>> scan(Collection<Slot<R>> slots, Condition<R> where, long want) {
        List<Slot<R>> found = new ArrayList<>();
        for (Slot<R> slot : slots) {
            if (found.size() >= want) {
                break;
            }
            if (where == null || store.matches(where, slot.row)) {
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
     * their number ({@code -1}: many, not counted), what a candidate must still meet to meet the
     * condition (null: every candidate does, the plan is exact), and, when the candidates come from
     * keyed indexes, their insertion numbers ({@code members}, else null; then {@code slots} is in
     * insertion order).
     */
    private record Plan<R>(Collection<Slot<R>> slots, long size, Condition<R> residual, Postings members) {
        static <R> Plan<R> all() {
            return new Plan<>(null, -1, null, null);
        }

        static <R> Plan<R> of(Collection<Slot<R>> slots, Condition<R> residual) {
            return new Plan<>(slots, slots.size(), residual, null);
        }

        /** Orders plans by size, uncounted ones last. */
        boolean smallerThan(Plan<R> other) {
            return other.size < 0 || (size >= 0 && size < other.size);
        }
    }

    private Plan<R> members(Postings members, Condition<R> residual) {
        return new Plan<>(directory.slotsOf(members), members.cardinality(), residual, members);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Plan<R> plan(Condition<R> condition) {
        if (store.scanning) {
            return Plan.all();
        }
        if (condition instanceof Condition.Never) {
            return members(new Postings(), null);
        }
        if (condition instanceof Condition.In<R> in) {
            return planIn(in.column(), in.values());
        }
        if (condition instanceof Condition.HasAny<R> any) {
            MemoryIndex.Keyed<R> index = elements.get(any.column().name());
            if (index == null) {
                return Plan.all();
            }
            Postings union = new Postings();
            for (Object value : new LinkedHashSet<>(any.values())) {
                union.addAll(index.postings(value));
            }
            return members(union, null);
        }
        if (condition instanceof Condition.HasAll<R> all) {
            List<Postings> sets = holders(all);
            return sets == null ? Plan.all() : members(intersection(sets), null);
        }
        if (condition instanceof Condition.Between between) {
            MemoryIndex.Sorted<R> index = sorted.get(between.column().name());
            if (index == null) {
                return Plan.all();
            }
            return Plan.of(index.range(between.lower(), between.upper()), null); // counted, not read
        }
        if (condition instanceof Condition.And<R> and) {
            return planAnd(and);
        }
        if (condition instanceof Condition.Or<R> or) {
            return planOr(or);
        }
        if (condition instanceof Condition.Exists exists) {
            Equality<R> values = joinValues(exists);
            return values == null ? Plan.all() : planIn(values.column, values.values);
        }
        return Plan.all();
    }

    /** The sets of the rows holding each of the values {@code all} asks for, or null if no index serves it. */
    private List<Postings> holders(Condition.HasAll<R> all) {
        MemoryIndex.Keyed<R> index = elements.get(all.column().name());
        if (index == null || all.values().isEmpty()) {
            return null;
        }
        List<Postings> sets = new ArrayList<>();
        for (Object value : new LinkedHashSet<>(all.values())) {
            sets.add(index.postings(value));
        }
        return sets;
    }

    /** The numbers every one of {@code sets} holds, the smallest sets first (each step is then cheap). */
    private static Postings intersection(List<Postings> sets) {
        sets.sort(Comparator.comparingLong(Postings::cardinality));
        Postings meet = sets.get(0);
        for (int i = 1; i < sets.size() && !meet.isEmpty(); i++) {
            meet = Postings.and(meet, sets.get(i));
        }
        return meet;
    }

    /**
     * {@code Or}: the union of its parts' candidates (as insertion numbers, so each row once, in
     * order), exact when each part's plan is; every row when a part has no plan.
     */
    private Plan<R> planOr(Condition.Or<R> or) {
        Postings union = new Postings();
        boolean exact = true;
        for (Condition<R> c : or.any()) {
            Plan<R> p = plan(c);
            if (p.slots == null) {
                return Plan.all();
            }
            if (p.members != null) {
                union.addAll(p.members);
            } else {
                for (Slot<R> slot : p.slots) {
                    union.add(slot.seq);
                }
            }
            exact &= p.residual == null;
        }
        return members(union, exact ? null : or);
    }

    /** A condition that holds for the rows whose {@code column} has one of {@code values}. */
    private record Equality<R>(Column<R, ?> column, List<?> values) {
    }

    /**
     * {@code And}: the intersection of the insertion numbers its parts' keyed plans give (each
     * tag's holders of a {@code HasAll} on their own; an index on several columns whose every
     * column an {@code In}, or a join as its values, among the parts names, instead of those
     * parts' sets: a small one to start from), the parts that intersection does not settle
     * left to check on each candidate; or, when a part's plan without numbers (a range) is smaller,
     * that plan's rows checked against the whole.
     */
    private Plan<R> planAnd(Condition.And<R> and) {
        List<Condition<R>> parts = new ArrayList<>();
        flatten(and, parts);
        Map<String, Equality<R>> equalities = new HashMap<>();
        List<Postings> sets = new ArrayList<>();
        Map<String, List<Postings>> setsOfEqualities = new HashMap<>();
        List<Condition<R>> unsettled = new ArrayList<>();
        Plan<R> range = null;
        Condition<R> rangePart = null;
        for (Condition<R> part : parts) {
            List<Postings> tags = store.scanning || !(part instanceof Condition.HasAll<R> all) ? null : holders(all);
            if (tags != null) { // each tag's set joins the intersection: the smallest of all goes first
                sets.addAll(tags);
                continue;
            }
            Equality<R> equality = equality(part);
            Plan<R> p;
            if (equality != null) {
                equalities.merge(equality.column.name(), equality, MemoryTable::both);
                p = planIn(equality.column, equality.values);
            } else {
                p = plan(part);
            }
            if (p.members != null) {
                if (equality != null) {
                    setsOfEqualities.computeIfAbsent(equality.column.name(), c -> new ArrayList<>()).add(p.members);
                } else {
                    sets.add(p.members);
                }
                if (p.residual != null) {
                    unsettled.add(p.residual);
                }
                continue;
            }
            unsettled.add(part);
            if (p.slots != null && (range == null || p.smallerThan(range))) {
                range = p;
                rangePart = part;
            }
        }
        for (MemoryIndex<R> index : composite) {
            Postings p = planComposite(index, equalities);
            if (p != null) { // its set is exactly the rows meeting the equalities on its columns: theirs are not needed
                sets.add(p);
                index.index.columns().forEach(c -> setsOfEqualities.remove(c.name()));
            }
        }
        setsOfEqualities.values().forEach(sets::addAll);
        Plan<R> meet = sets.isEmpty() ? Plan.all()
                : members(intersection(sets), unsettled.isEmpty() ? null : Condition.and(unsettled));
        if (range != null && (meet.slots == null || range.smallerThan(meet))) {
            List<Condition<R>> rest = new ArrayList<>(parts); // the range's rows, checked against the other parts
            rest.remove(rangePart);
            if (range.residual != null) {
                rest.add(range.residual);
            }
            return new Plan<>(range.slots, range.size, rest.isEmpty() ? null : Condition.and(rest), null);
        }
        return meet;
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
     * The insertion numbers of the rows of an index on several columns holding one of the asked
     * values in each; null if a column is not asked for or there are too many combinations.
     */
    private Postings planComposite(MemoryIndex<R> index, Map<String, Equality<R>> equalities) {
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
        return union((MemoryIndex.Keyed<R>) index, keys);
    }

    /** The insertion numbers of the rows holding any of {@code keys} in {@code index}: its own set for one key. */
    private static <R extends Row<R>> Postings union(MemoryIndex.Keyed<R> index, Collection<?> keys) {
        if (keys.size() == 1) {
            return index.postings(keys.iterator().next());
        }
        Postings union = new Postings();
        for (Object key : keys) {
            union.addAll(index.postings(key));
        }
        return union;
    }

    /** {@code In} on the id or a keyed column: the insertion numbers of the holders of each value. */
    private Plan<R> planIn(Column<R, ?> column, List<?> values) {
        if (store.scanning) {
            return Plan.all();
        }
        Collection<?> distinct = new LinkedHashSet<>(values);
        if (column.name().equals("id")) {
            Postings found = new Postings();
            for (Object value : distinct) {
                Slot<R> slot = value instanceof UUID id ? rows.get(id) : null;
                if (slot != null) {
                    found.add(slot.seq);
                }
            }
            return members(found, null);
        }
        MemoryIndex.Keyed<R> index = keyed.get(column.name());
        return index == null ? Plan.all() : members(union(index, distinct), null);
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
            if (inner.residual == null || store.matches(inner.residual, slot.row)) {
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
            directory.put(added);
            index(added);
            store.journal(() -> {
                unindex(added);
                directory.remove(added);
                rows.remove(added.row.id);
            });
        }
    }

    /**
     * Fills a table no transaction has seen yet with committed rows, in insertion order: no
     * constraint check, no journal, no copy (the rows are the table's own from now on).
     */
    void load(List<R> committed) {
        List<Slot<R>> added = new ArrayList<>(committed.size());
        for (R row : committed) {
            Slot<R> slot = new Slot<>(row, nextSeq++);
            rows.put(row.id, slot);
            directory.put(slot);
            added.add(slot);
        }
        // each index is a structure of its own: they are built side by side, on every core
        List.copyOf(indexes.values()).parallelStream().forEach(index -> index.addAll(added));
    }

    @Override
    public boolean remove(UUID id) {
        store.requireWriteLock(kind);
        Slot<R> removed = rows.remove(id);
        if (removed == null) {
            return false;
        }
        unindex(removed);
        directory.remove(removed);
        store.changed(spec, id, null);
        store.journal(() -> {
            rows.put(id, removed);
            directory.put(removed);
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
