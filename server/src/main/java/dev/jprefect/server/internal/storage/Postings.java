package dev.jprefect.server.internal.storage;

import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.function.LongPredicate;

/**
 * A set of row sequence numbers (a {@link MemoryIndex.Slot}'s {@code seq}), compressed as Roaring
 * bitmaps are: the numbers are cut into chunks of 65,536 by their high bits, and each chunk holds
 * its low 16 bits either as a sorted {@code char[]} (up to {@value #ARRAY_MOST} of them: 2 bytes a
 * member) or as a bitmap of 1,024 longs (8 KB: 1 bit a number in the chunk). A key held by many
 * rows (a state type, a tag) costs about a bit per row, one held by few two bytes per holder, and
 * two sets intersect or join chunk by chunk: word by word ({@code AND}/{@code OR} and a popcount)
 * where both are bitmaps, by membership where one is an array. Members iterate in ascending order,
 * which is insertion order. Not thread-safe (touched under the store's lock).
 */
final class Postings {
    /** The most members a chunk holds as an array; more, and it becomes a bitmap. */
    static final int ARRAY_MOST = 4096;
    /** A bitmap chunk with this many members or fewer after a removal becomes an array again. */
    private static final int ARRAY_AGAIN = ARRAY_MOST / 2;
    private static final int WORDS = 1024;

    /** The chunks' high bits ({@code seq >>> 16}), ascending, {@code size} of them. */
    private long[] highs;
    /** Each chunk: a {@code char[]} whose first {@code counts[i]} are its members, or a {@code long[WORDS]}. */
    private Object[] chunks;
    private int[] counts;
    private int size;
    private long cardinality;

    Postings() {
        this(1);
    }

    private Postings(int capacity) {
        highs = new long[capacity];
        chunks = new Object[capacity];
        counts = new int[capacity];
    }

    /** Returns a set of the one number {@code seq}. */
    static Postings of(long seq) {
        Postings p = new Postings();
        p.add(seq);
        return p;
    }

    /** Returns how many numbers this set holds. */
    long cardinality() {
        return cardinality;
    }

    boolean isEmpty() {
        return cardinality == 0;
    }

    /** Adds {@code seq}; returns false if it was a member already. */
    boolean add(long seq) {
        long high = seq >>> 16;
        char low = (char) seq;
        int i = size > 0 && highs[size - 1] == high ? size - 1 : find(high);
        if (i < 0) {
            i = -i - 1;
            insertChunk(i, high, new char[] {low}, 1);
            cardinality++;
            return true;
        }
        int count = counts[i];
        if (chunks[i] instanceof long[] words) {
            long bit = 1L << low;
            if ((words[low >>> 6] & bit) != 0) {
                return false;
            }
            words[low >>> 6] |= bit;
        } else {
            char[] members = (char[]) chunks[i];
            int at = count > 0 && members[count - 1] < low ? -count - 1 : Arrays.binarySearch(members, 0, count, low);
            if (at >= 0) {
                return false;
            }
            at = -at - 1;
            if (count == ARRAY_MOST) {
                long[] words = toWords(members, count);
                words[low >>> 6] |= 1L << low;
                chunks[i] = words;
            } else {
                if (count == members.length) {
                    members = Arrays.copyOf(members, Math.min(ARRAY_MOST, count + Math.max(4, count >> 1)));
                    chunks[i] = members;
                }
                System.arraycopy(members, at, members, at + 1, count - at);
                members[at] = low;
            }
        }
        counts[i] = count + 1;
        cardinality++;
        return true;
    }

    /** Removes {@code seq}; returns false if it was not a member. */
    boolean remove(long seq) {
        int i = find(seq >>> 16);
        if (i < 0) {
            return false;
        }
        char low = (char) seq;
        int count = counts[i];
        if (chunks[i] instanceof long[] words) {
            long bit = 1L << low;
            if ((words[low >>> 6] & bit) == 0) {
                return false;
            }
            words[low >>> 6] &= ~bit;
            if (count - 1 <= ARRAY_AGAIN) {
                chunks[i] = toArray(words, count - 1);
            }
        } else {
            char[] members = (char[]) chunks[i];
            int at = Arrays.binarySearch(members, 0, count, low);
            if (at < 0) {
                return false;
            }
            System.arraycopy(members, at + 1, members, at, count - at - 1);
        }
        cardinality--;
        if (count == 1) {
            removeChunk(i);
        } else {
            counts[i] = count - 1;
        }
        return true;
    }

    boolean contains(long seq) {
        int i = find(seq >>> 16);
        return i >= 0 && chunkContains(i, (char) seq);
    }

    private boolean chunkContains(int i, char low) {
        if (chunks[i] instanceof long[] words) {
            return (words[low >>> 6] & (1L << low)) != 0;
        }
        return Arrays.binarySearch((char[]) chunks[i], 0, counts[i], low) >= 0;
    }

    /**
     * Returns a test of membership for a caller that asks about many numbers (a walk of a sorted
     * index): one array read, over a flat bitmap of the chunks' span made now, unless the chunks lie
     * far apart (then {@link #contains}). It sees this set as it is now.
     */
    LongPredicate flat() {
        if (size == 0) {
            return seq -> false;
        }
        long first = highs[0];
        long span = highs[size - 1] - first + 1;
        if (span > 2L * size + 16) {
            Postings frozen = copy();
            return frozen::contains;
        }
        long[] words = new long[(int) span * WORDS];
        for (int i = 0; i < size; i++) {
            int base = (int) (highs[i] - first) * WORDS;
            if (chunks[i] instanceof long[] bits) {
                System.arraycopy(bits, 0, words, base, WORDS);
            } else {
                char[] members = (char[]) chunks[i];
                for (int k = 0; k < counts[i]; k++) {
                    words[base + (members[k] >>> 6)] |= 1L << members[k];
                }
            }
        }
        long lowest = first << 16;
        long end = (first + span) << 16;
        return seq -> seq >= lowest && seq < end && (words[(int) ((seq - lowest) >>> 6)] & (1L << seq)) != 0;
    }

    /** Returns the numbers both sets hold, as a new set. */
    static Postings and(Postings a, Postings b) {
        Postings out = new Postings(Math.max(1, Math.min(a.size, b.size)));
        int i = 0;
        int j = 0;
        while (i < a.size && j < b.size) {
            if (a.highs[i] < b.highs[j]) {
                i++;
            } else if (a.highs[i] > b.highs[j]) {
                j++;
            } else {
                out.andChunks(a, i, b, j);
                i++;
                j++;
            }
        }
        return out;
    }

    private void andChunks(Postings a, int i, Postings b, int j) {
        if (a.chunks[i] instanceof long[] x && b.chunks[j] instanceof long[] y) {
            long[] words = new long[WORDS];
            int count = 0;
            for (int w = 0; w < WORDS; w++) {
                words[w] = x[w] & y[w];
                count += Long.bitCount(words[w]);
            }
            if (count > 0) {
                appendChunk(a.highs[i], count > ARRAY_MOST ? words : toArray(words, count), count);
            }
            return;
        }
        // at least one array: keep its members the other holds
        Postings small = a.chunks[i] instanceof char[] ? a : b;
        int s = small == a ? i : j;
        Postings other = small == a ? b : a;
        int o = small == a ? j : i;
        char[] members = (char[]) small.chunks[s];
        char[] kept = new char[small.counts[s]];
        int count = 0;
        for (int k = 0; k < small.counts[s]; k++) {
            if (other.chunkContains(o, members[k])) {
                kept[count++] = members[k];
            }
        }
        if (count > 0) {
            appendChunk(small.highs[s], kept, count);
        }
    }

    /** Returns a set of the same numbers, changed apart from this one. */
    Postings copy() {
        Postings out = new Postings(Math.max(1, size));
        for (int i = 0; i < size; i++) {
            out.appendChunk(highs[i], copyOf(chunks[i], counts[i]), counts[i]);
        }
        return out;
    }

    /** Adds every number {@code other} holds (which is not changed). */
    void addAll(Postings other) {
        for (int j = 0; j < other.size; j++) {
            int i = find(other.highs[j]);
            if (i < 0) {
                insertChunk(-i - 1, other.highs[j], copyOf(other.chunks[j], other.counts[j]), other.counts[j]);
                cardinality += other.counts[j];
                continue;
            }
            if (chunks[i] instanceof char[] a && other.chunks[j] instanceof char[] b) {
                mergeArrays(i, a, b, other.counts[j]);
                continue;
            }
            long[] words = chunks[i] instanceof long[] x ? x : toWords((char[]) chunks[i], counts[i]);
            if (other.chunks[j] instanceof long[] y) {
                for (int w = 0; w < WORDS; w++) {
                    words[w] |= y[w];
                }
            } else {
                char[] members = (char[]) other.chunks[j];
                for (int k = 0; k < other.counts[j]; k++) {
                    words[members[k] >>> 6] |= 1L << members[k];
                }
            }
            int count = 0;
            for (long w : words) {
                count += Long.bitCount(w);
            }
            cardinality += count - counts[i];
            counts[i] = count;
            chunks[i] = count > ARRAY_MOST ? words : toArray(words, count);
        }
    }

    /** Puts the union of array chunk {@code i} ({@code a}) and the {@code bCount} members of {@code b} in chunk {@code i}. */
    private void mergeArrays(int i, char[] a, char[] b, int bCount) {
        int aCount = counts[i];
        char[] merged = new char[aCount + bCount];
        int x = 0;
        int y = 0;
        int count = 0;
        while (x < aCount || y < bCount) {
            if (y >= bCount || (x < aCount && a[x] < b[y])) {
                merged[count++] = a[x++];
            } else if (x >= aCount || a[x] > b[y]) {
                merged[count++] = b[y++];
            } else {
                merged[count++] = a[x++];
                y++;
            }
        }
        cardinality += count - aCount;
        counts[i] = count;
        chunks[i] = count > ARRAY_MOST ? toWords(merged, count) : merged;
    }

    private static Object copyOf(Object chunk, int count) {
        return chunk instanceof long[] words ? words.clone() : Arrays.copyOf((char[]) chunk, count);
    }

    /** Returns the members in ascending order. */
    PrimitiveIterator.OfLong iterator() {
        return new PrimitiveIterator.OfLong() {
            private int chunk;
            private int next; // an index into an array chunk, or the next bit of a bitmap chunk
            private int seen; // members of this chunk returned so far

            @Override
            public boolean hasNext() {
                while (chunk < size && seen == counts[chunk]) {
                    chunk++;
                    next = 0;
                    seen = 0;
                }
                return chunk < size;
            }

            @Override
            public long nextLong() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long high = highs[chunk] << 16;
                seen++;
                if (chunks[chunk] instanceof long[] words) {
                    int w = next >>> 6;
                    long word = words[w] & (-1L << next);
                    while (word == 0) {
                        word = words[++w];
                    }
                    int bit = (w << 6) + Long.numberOfTrailingZeros(word);
                    next = bit + 1;
                    return high | bit;
                }
                return high | ((char[]) chunks[chunk])[next++];
            }
        };
    }

    /** Returns the only member of a set of one. */
    long only() {
        if (cardinality != 1) {
            throw new IllegalStateException("not a set of one: " + cardinality);
        }
        return iterator().nextLong();
    }

    // ---- chunks --------------------------------------------------------------------------------

    private int find(long high) {
        return Arrays.binarySearch(highs, 0, size, high);
    }

    private void appendChunk(long high, Object chunk, int count) {
        insertChunk(size, high, chunk, count);
        cardinality += count;
    }

    private void insertChunk(int at, long high, Object chunk, int count) {
        if (size == highs.length) {
            int capacity = size + Math.max(1, size >> 1);
            highs = Arrays.copyOf(highs, capacity);
            chunks = Arrays.copyOf(chunks, capacity);
            counts = Arrays.copyOf(counts, capacity);
        }
        System.arraycopy(highs, at, highs, at + 1, size - at);
        System.arraycopy(chunks, at, chunks, at + 1, size - at);
        System.arraycopy(counts, at, counts, at + 1, size - at);
        highs[at] = high;
        chunks[at] = chunk;
        counts[at] = count;
        size++;
    }

    private void removeChunk(int at) {
        System.arraycopy(highs, at + 1, highs, at, size - at - 1);
        System.arraycopy(chunks, at + 1, chunks, at, size - at - 1);
        System.arraycopy(counts, at + 1, counts, at, size - at - 1);
        size--;
        chunks[size] = null;
    }

    private static long[] toWords(char[] members, int count) {
        long[] words = new long[WORDS];
        for (int k = 0; k < count; k++) {
            words[members[k] >>> 6] |= 1L << members[k];
        }
        return words;
    }

    private static char[] toArray(long[] words, int count) {
        char[] members = new char[count];
        int k = 0;
        for (int w = 0; w < WORDS && k < count; w++) {
            long word = words[w];
            while (word != 0) {
                members[k++] = (char) ((w << 6) + Long.numberOfTrailingZeros(word));
                word &= word - 1;
            }
        }
        return members;
    }
}
