package dev.jprefect.server.internal.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The in-memory form of one {@link Index} of a {@link MemoryTable}: keyed (a hash map from key to
 * the rows holding it) or sorted (a tree of every row in the order of a column). Touched only under
 * the store's lock.
 *
 * @param <R> the row type
 */
abstract class MemoryIndex<R extends Row<R>> {
    final Index<R> index;

    private MemoryIndex(Index<R> index) {
        this.index = index;
    }

    static <R extends Row<R>> MemoryIndex<R> of(Index<R> index) {
        return index.kind() == Index.Kind.SORTED ? new Sorted<>(index) : new Keyed<>(index);
    }

    abstract void add(Slot<R> slot);

    abstract void remove(Slot<R> slot);

    /** Returns the slots whose key is {@code key}, in the order they were added; a view, not a copy. */
    abstract Collection<Slot<R>> get(Object key);

    /** Returns the keys {@code row} is indexed under: none for a null key, each distinct element of a list. */
    final List<Object> keysOf(R row) {
        Object key = index.keyOf(row);
        if (key == null) {
            return List.of();
        }
        if (index.kind() != Index.Kind.ELEMENTS) {
            return List.of(key);
        }
        List<Object> keys = new ArrayList<>();
        for (Object element : (List<?>) key) {
            if (element != null && !keys.contains(element)) {
                keys.add(element);
            }
        }
        return keys;
    }

    /** A stored row and its insertion number: the tie-break of every order, kept when the row is replaced. */
    static final class Slot<R> {
        R row;
        final long seq;

        Slot(R row, long seq) {
            this.row = row;
            this.seq = seq;
        }
    }

    /**
     * Key to rows. A key held by one row maps to its slot directly (most keys of a unique or
     * near-unique index), a key held by more to a set of them in insertion order: the small maps
     * are what keeps the heap per row low.
     */
    static final class Keyed<R extends Row<R>> extends MemoryIndex<R> {
        private final Map<Object, Object> postings = new HashMap<>();

        Keyed(Index<R> index) {
            super(index);
        }

        @Override
        void add(Slot<R> slot) {
            for (Object key : keysOf(slot.row)) {
                postings.merge(key, slot, Keyed::join);
            }
        }

        @SuppressWarnings("unchecked")
        private static Object join(Object held, Object slot) {
            if (held instanceof Slot) {
                Set<Object> both = new LinkedHashSet<>();
                both.add(held);
                both.add(slot);
                return both;
            }
            ((Set<Object>) held).add(slot);
            return held;
        }

        @Override
        @SuppressWarnings("unchecked")
        void remove(Slot<R> slot) {
            for (Object key : keysOf(slot.row)) {
                Object held = postings.get(key);
                if (held == slot) {
                    postings.remove(key);
                } else if (held instanceof Set<?> set) {
                    set.remove(slot);
                    if (set.size() == 1) {
                        postings.put(key, set.iterator().next());
                    }
                }
            }
        }

        @Override
        @SuppressWarnings("unchecked")
        Collection<Slot<R>> get(Object key) {
            Object held = postings.get(key);
            if (held == null) {
                return List.of();
            }
            return held instanceof Slot ? List.of((Slot<R>) held) : Collections.unmodifiableSet((Set<Slot<R>>) held);
        }
    }

    /** Every row in the order of a column, nulls last, ties by insertion: ranges and ordered walks. */
    static final class Sorted<R extends Row<R>> extends MemoryIndex<R> {
        private final Column<R, ?> column;
        /** Slots, and {@link Probe}s only as bounds of views. */
        private final TreeSet<Object> tree;

        Sorted(Index<R> index) {
            super(index);
            this.column = index.column();
            this.tree = new TreeSet<>(Comparator.comparing(this::valueOf, Values::compareNullsLast)
                    .thenComparingLong(Sorted::seqOf));
        }

        /** A bound of a view: a value (null: the nulls) and a sequence number before or after every row. */
        private record Probe(Object value, long seq) {
        }

        @SuppressWarnings("unchecked")
        private Object valueOf(Object o) {
            return o instanceof Probe p ? p.value : column.valueIn(((Slot<R>) o).row);
        }

        @SuppressWarnings("unchecked")
        private static long seqOf(Object o) {
            return o instanceof Probe p ? p.seq : ((Slot<Object>) o).seq;
        }

        @Override
        void add(Slot<R> slot) {
            tree.add(slot);
        }

        @Override
        void remove(Slot<R> slot) {
            tree.remove(slot);
        }

        @Override
        Collection<Slot<R>> get(Object key) {
            return key == null ? List.of() : range(key, key);
        }

        /** Returns the slots whose value is within the bounds, both inclusive, either null for none; no nulls. */
        @SuppressWarnings("unchecked")
        Collection<Slot<R>> range(Object lower, Object upper) {
            if (lower != null && upper != null && Values.compare(lower, upper) > 0) {
                return List.of();
            }
            Object to = upper == null ? new Probe(null, Long.MIN_VALUE) : new Probe(upper, Long.MAX_VALUE);
            NavigableSet<Object> view = lower == null ? tree.headSet(to, false)
                    : tree.subSet(new Probe(lower, Long.MIN_VALUE), true, to, upper != null);
            return (Collection<Slot<R>>) (Collection<?>) Collections.unmodifiableSet(view);
        }

        /**
         * Visits every slot in the column's order, descending if asked (nulls then first), ties in
         * insertion order both ways, until {@code visit} returns false.
         */
        @SuppressWarnings("unchecked")
        void walk(boolean descending, Predicate<Slot<R>> visit) {
            if (!descending) {
                for (Object o : tree) {
                    if (!visit.test((Slot<R>) o)) {
                        return;
                    }
                }
                return;
            }
            // descending: runs of equal values come out reversed, so turn each run back
            Iterator<Object> it = tree.descendingIterator();
            List<Slot<R>> run = new ArrayList<>();
            Object runValue = null;
            while (it.hasNext()) {
                Slot<R> slot = (Slot<R>) it.next();
                Object value = column.valueIn(slot.row);
                if (!run.isEmpty() && Values.compareNullsLast(value, runValue) != 0) {
                    if (!emitReversed(run, visit)) {
                        return;
                    }
                    run.clear();
                }
                run.add(slot);
                runValue = value;
            }
            emitReversed(run, visit);
        }

        private static <R> boolean emitReversed(List<Slot<R>> run, Predicate<Slot<R>> visit) {
            for (int i = run.size() - 1; i >= 0; i--) {
                if (!visit.test(run.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }
}
