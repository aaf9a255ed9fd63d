package dev.jprefect.server.internal.storage;

import java.util.AbstractCollection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PrimitiveIterator;
import java.util.function.Predicate;

/**
 * The in-memory form of one {@link Index} of a {@link MemoryTable}: keyed (a hash map from key to
 * the rows holding it, as {@link Postings} of their insertion numbers) or sorted (every row in the
 * order of a column, in counted blocks). Touched only under the store's lock.
 *
 * @param <R> the row type
 */
abstract class MemoryIndex<R extends Row<R>> {
    final Index<R> index;

    private MemoryIndex(Index<R> index) {
        this.index = index;
    }

    static <R extends Row<R>> MemoryIndex<R> of(Index<R> index, Directory<R> directory) {
        return index.kind() == Index.Kind.SORTED ? new Sorted<>(index) : new Keyed<>(index, directory);
    }

    abstract void add(Slot<R> slot);

    /** Adds the slots of new rows, in insertion order, as {@link #add} of each in turn does. */
    void addAll(List<Slot<R>> slots) {
        for (Slot<R> slot : slots) {
            add(slot);
        }
    }

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
     * The slots of a table by insertion number, so a {@link Postings} of numbers reads as slots:
     * pages of 65,536 numbers (a page grows as its numbers are handed out, and goes when its last
     * slot does), 4 bytes a slot.
     */
    static final class Directory<R> {
        private static final int PAGE = 1 << 16;
        @SuppressWarnings({"unchecked", "rawtypes"})
        private Slot<R>[][] pages = new Slot[0][];
        private int[] live = new int[0];

        void put(Slot<R> slot) {
            int p = page(slot.seq);
            if (p >= pages.length) {
                int length = Math.max(p + 1, pages.length * 2);
                pages = Arrays.copyOf(pages, length);
                live = Arrays.copyOf(live, length);
            }
            int at = (int) (slot.seq & (PAGE - 1));
            Slot<R>[] page = pages[p];
            if (page == null || at >= page.length) {
                page = page == null ? newPage(at) : Arrays.copyOf(page, Math.min(PAGE, Math.max(at + 1, page.length * 2)));
                pages[p] = page;
            }
            if (page[at] == null) {
                live[p]++;
            }
            page[at] = slot;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static <R> Slot<R>[] newPage(int at) {
            return new Slot[Math.min(PAGE, Math.max(16, Integer.highestOneBit(at) * 2))];
        }

        void remove(Slot<R> slot) {
            int p = page(slot.seq);
            int at = (int) (slot.seq & (PAGE - 1));
            if (p < pages.length && pages[p] != null && at < pages[p].length && pages[p][at] == slot) {
                pages[p][at] = null;
                if (--live[p] == 0) {
                    pages[p] = null;
                }
            }
        }

        Slot<R> get(long seq) {
            return pages[page(seq)][(int) (seq & (PAGE - 1))];
        }

        private static int page(long seq) {
            if (seq >>> 16 > Integer.MAX_VALUE) {
                throw new IllegalStateException("insertion number out of range: " + seq);
            }
            return (int) (seq >>> 16);
        }

        /** Returns the slots numbered in {@code members}, in insertion order: a view, not a copy. */
        Collection<Slot<R>> slotsOf(Postings members) {
            long size = members.cardinality();
            return new AbstractCollection<>() {
                @Override
                public Iterator<Slot<R>> iterator() {
                    PrimitiveIterator.OfLong seqs = members.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return seqs.hasNext();
                        }

                        @Override
                        public Slot<R> next() {
                            return get(seqs.nextLong());
                        }
                    };
                }

                @Override
                public int size() {
                    return (int) Math.min(Integer.MAX_VALUE, size);
                }
            };
        }
    }

    /**
     * Key to rows. A key held by one row maps to its slot directly (most keys of a unique or
     * near-unique index), a key held by more to the {@link Postings} of their insertion numbers:
     * a bit or two bytes a holder, and sets that intersect and join without reading a row.
     */
    static final class Keyed<R extends Row<R>> extends MemoryIndex<R> {
        private final Map<Object, Object> postings = new HashMap<>();
        private final Directory<R> directory;

        Keyed(Index<R> index, Directory<R> directory) {
            super(index);
            this.directory = directory;
        }

        @Override
        @SuppressWarnings("unchecked")
        void add(Slot<R> slot) {
            for (Object key : keysOf(slot.row)) {
                Object held = postings.get(key);
                if (held == null) {
                    postings.put(key, slot);
                } else if (held instanceof Postings set) {
                    set.add(slot.seq);
                } else if (held != slot) {
                    Postings both = Postings.of(((Slot<R>) held).seq);
                    both.add(slot.seq);
                    postings.put(key, both);
                }
            }
        }

        @Override
        void remove(Slot<R> slot) {
            for (Object key : keysOf(slot.row)) {
                Object held = postings.get(key);
                if (held == slot) {
                    postings.remove(key);
                } else if (held instanceof Postings set && set.remove(slot.seq) && set.cardinality() == 1) {
                    postings.put(key, directory.get(set.only()));
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
            return held instanceof Postings set ? directory.slotsOf(set) : List.of((Slot<R>) held);
        }

        /** Returns the insertion numbers of the rows holding {@code key}: the index's own set (not to be changed) or a new one. */
        @SuppressWarnings("unchecked")
        Postings postings(Object key) {
            Object held = postings.get(key);
            if (held == null) {
                return new Postings();
            }
            return held instanceof Postings set ? set : Postings.of(((Slot<R>) held).seq);
        }
    }

    /**
     * Every row in the order of a column, nulls last, ties by insertion: ranges and ordered walks.
     * The slots lie in sorted blocks of at most {@value #BLOCK} (a block splits when full, and
     * joins the next when both are small), 4 to 8 bytes a row; a value's place is a binary search
     * over the blocks' last slots then within one block, and the number of slots before it the
     * sizes of the blocks before plus its place in its block: a range is counted without reading it.
     */
    static final class Sorted<R extends Row<R>> extends MemoryIndex<R> {
        static final int BLOCK = 1024;
        private final Column<R, ?> column;
        private Slot<R>[][] blocks = newBlocks(4);
        private int[] sizes = new int[4];
        private int count;

        Sorted(Index<R> index) {
            super(index);
            this.column = index.column();
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static <R> Slot<R>[][] newBlocks(int n) {
            return new Slot[n][];
        }

        /** A block with room for {@code capacity} slots (it grows up to {@value #BLOCK}: a small table holds little). */
        @SuppressWarnings({"unchecked", "rawtypes"})
        private static <R> Slot<R>[] newBlock(int capacity) {
            return new Slot[capacity];
        }

        /** Makes room in block {@code b} for {@code size} slots. */
        private void reserve(int b, int size) {
            if (blocks[b].length < size) {
                blocks[b] = Arrays.copyOf(blocks[b], Math.min(BLOCK, Math.max(size, blocks[b].length * 2)));
            }
        }

        /** Compares a value and insertion number with a slot's, in the index's order. */
        private int compare(Object value, long seq, Slot<R> slot) {
            int c = Values.compareNullsLast(value, column.valueIn(slot.row));
            return c != 0 ? c : Long.compare(seq, slot.seq);
        }

        /** Returns the first block whose last slot is not before (value, seq), or {@code count} if none. */
        private int blockOf(Object value, long seq) {
            int lo = 0;
            int hi = count;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (compare(value, seq, blocks[mid][sizes[mid] - 1]) > 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        /** Returns the place in block {@code b} of the first slot not before (value, seq). */
        private int placeIn(int b, Object value, long seq) {
            int lo = 0;
            int hi = sizes[b];
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (compare(value, seq, blocks[b][mid]) > 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        /** Returns how many slots come before (value, seq). */
        private int rank(Object value, long seq) {
            int b = blockOf(value, seq);
            int before = 0;
            for (int i = 0; i < b; i++) {
                before += sizes[i];
            }
            return b == count ? before : before + placeIn(b, value, seq);
        }

        @Override
        void add(Slot<R> slot) {
            Object value = column.valueIn(slot.row);
            if (count == 0) {
                Slot<R>[] first = newBlock(16);
                first[0] = slot;
                insertBlock(0, first, 1);
                return;
            }
            int b = Math.min(blockOf(value, slot.seq), count - 1);
            int at = placeIn(b, value, slot.seq);
            if (sizes[b] == BLOCK) {
                if (b == count - 1 && at == BLOCK) { // appending in order: begin a new block, leave this one full
                    insertBlock(count, newBlock(BLOCK), 0);
                    b = count - 1;
                    at = 0;
                } else {
                    Slot<R>[] upper = newBlock(BLOCK);
                    System.arraycopy(blocks[b], BLOCK / 2, upper, 0, BLOCK / 2);
                    Arrays.fill(blocks[b], BLOCK / 2, BLOCK, null);
                    sizes[b] = BLOCK / 2;
                    insertBlock(b + 1, upper, BLOCK / 2);
                    if (at > BLOCK / 2) {
                        b++;
                        at -= BLOCK / 2;
                    }
                }
            }
            reserve(b, sizes[b] + 1);
            Slot<R>[] block = blocks[b];
            System.arraycopy(block, at, block, at + 1, sizes[b] - at);
            block[at] = slot;
            sizes[b]++;
        }

        /**
         * Into an empty index (a table loading), sorts the slots and cuts them into full blocks, as
         * adding them in order would, instead of a search and an insert per row: most times a table
         * is sorted on grow with insertion, so their sort is a merge of few runs.
         */
        @Override
        void addAll(List<Slot<R>> slots) {
            if (count > 0 || slots.isEmpty()) {
                super.addAll(slots);
                return;
            }
            Slot<R>[] sorted = slots.toArray(newBlock(0));
            Arrays.sort(sorted, (x, y) -> compare(column.valueIn(x.row), x.seq, y));
            for (int from = 0; from < sorted.length; from += BLOCK) {
                int size = Math.min(BLOCK, sorted.length - from);
                insertBlock(count, Arrays.copyOfRange(sorted, from, from + size), size);
            }
        }

        @Override
        void remove(Slot<R> slot) {
            Object value = column.valueIn(slot.row);
            int b = blockOf(value, slot.seq);
            if (b == count) {
                return;
            }
            int at = placeIn(b, value, slot.seq);
            if (at == sizes[b] || blocks[b][at] != slot) {
                return;
            }
            Slot<R>[] block = blocks[b];
            System.arraycopy(block, at + 1, block, at, sizes[b] - at - 1);
            block[--sizes[b]] = null;
            if (sizes[b] == 0) {
                removeBlock(b);
            } else if (b + 1 < count && sizes[b] + sizes[b + 1] <= BLOCK / 2) {
                reserve(b, sizes[b] + sizes[b + 1]);
                System.arraycopy(blocks[b + 1], 0, blocks[b], sizes[b], sizes[b + 1]);
                sizes[b] += sizes[b + 1];
                removeBlock(b + 1);
            }
        }

        private void insertBlock(int at, Slot<R>[] block, int size) {
            if (count == blocks.length) {
                blocks = Arrays.copyOf(blocks, count * 2);
                sizes = Arrays.copyOf(sizes, count * 2);
            }
            System.arraycopy(blocks, at, blocks, at + 1, count - at);
            System.arraycopy(sizes, at, sizes, at + 1, count - at);
            blocks[at] = block;
            sizes[at] = size;
            count++;
        }

        private void removeBlock(int at) {
            System.arraycopy(blocks, at + 1, blocks, at, count - at - 1);
            System.arraycopy(sizes, at + 1, sizes, at, count - at - 1);
            blocks[--count] = null;
        }

        @Override
        Collection<Slot<R>> get(Object key) {
            return key == null ? List.of() : range(key, key);
        }

        /**
         * Returns the slots whose value is within the bounds, both inclusive, either null for none;
         * no nulls. A view in the index's order, counted when made (not read).
         */
        Collection<Slot<R>> range(Object lower, Object upper) {
            if (lower != null && upper != null && Values.compare(lower, upper) > 0) {
                return List.of();
            }
            int from = lower == null ? 0 : rank(lower, Long.MIN_VALUE);
            int to = upper == null ? rank(null, Long.MIN_VALUE) : rank(upper, Long.MAX_VALUE);
            int size = Math.max(0, to - from);
            return new AbstractCollection<>() {
                @Override
                public Iterator<Slot<R>> iterator() {
                    return slotsFrom(from, size);
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }

        /** The {@code n} slots from the one {@code from} slots in, in order. */
        private Iterator<Slot<R>> slotsFrom(int from, int n) {
            int b = 0;
            int at = from;
            while (b < count && at >= sizes[b]) {
                at -= sizes[b++];
            }
            int startBlock = b;
            int startAt = at;
            return new Iterator<>() {
                private int block = startBlock;
                private int place = startAt;
                private int left = n;

                @Override
                public boolean hasNext() {
                    return left > 0;
                }

                @Override
                public Slot<R> next() {
                    if (left <= 0) {
                        throw new java.util.NoSuchElementException();
                    }
                    while (place >= sizes[block]) {
                        block++;
                        place = 0;
                    }
                    left--;
                    return blocks[block][place++];
                }
            };
        }

        /**
         * Visits the slots {@code keep} accepts in the column's order, descending if asked (nulls
         * then first), ties in insertion order both ways, until {@code visit} returns false. A slot
         * not kept costs only the test.
         */
        void walk(boolean descending, Predicate<Slot<R>> keep, Predicate<Slot<R>> visit) {
            if (!descending) {
                for (int b = 0; b < count; b++) {
                    for (int i = 0; i < sizes[b]; i++) {
                        if (keep.test(blocks[b][i]) && !visit.test(blocks[b][i])) {
                            return;
                        }
                    }
                }
                return;
            }
            // descending: runs of equal values come out reversed, so turn each run of kept slots back
            List<Slot<R>> run = new ArrayList<>();
            Object runValue = null;
            for (int b = count - 1; b >= 0; b--) {
                for (int i = sizes[b] - 1; i >= 0; i--) {
                    Slot<R> slot = blocks[b][i];
                    if (!keep.test(slot)) {
                        continue;
                    }
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
