package dev.jprefect.server.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.PrimitiveIterator;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link Postings} against a {@code TreeSet} given the same changes: random adds and removes over
 * several chunks, dense enough that chunks turn from arrays into bitmaps and back, then
 * intersections, unions and copies, member for member and in order.
 */
class PostingsTest {
    private final Random random = new Random(13);

    @Test
    void addsRemovesAndReadsAsASortedSetDoes() {
        for (int round = 0; round < 6; round++) {
            TreeSet<Long> expected = new TreeSet<>();
            Postings tested = new Postings();
            change(tested, expected, 30_000, density(round));
            same(tested, expected);
            java.util.function.LongPredicate flat = tested.flat();
            for (long probe = 0; probe < 4 * 65_536; probe += 1 + random.nextInt(50)) {
                assertThat(tested.contains(probe)).isEqualTo(expected.contains(probe));
                assertThat(flat.test(probe)).isEqualTo(expected.contains(probe));
            }
            Postings far = tested.copy(); // chunks far apart: the flat test falls back to the chunks
            far.add(1L << 40);
            assertThat(far.flat().test(1L << 40)).isTrue();
            assertThat(far.flat().test((1L << 40) + 1)).isFalse();
            assertThat(far.flat().test(expected.isEmpty() ? 0 : expected.first())).isEqualTo(!expected.isEmpty());
        }
    }

    @Test
    void intersectsAndJoinsAsSetsDo() {
        for (int round = 0; round < 12; round++) {
            TreeSet<Long> a = new TreeSet<>();
            TreeSet<Long> b = new TreeSet<>();
            Postings pa = new Postings();
            Postings pb = new Postings();
            change(pa, a, 20_000, density(round));
            change(pb, b, 20_000, density(round / 2));
            Postings aBefore = pa.copy();

            TreeSet<Long> both = new TreeSet<>(a);
            both.retainAll(b);
            same(Postings.and(pa, pb), both);
            same(Postings.and(pb, pa), both);

            TreeSet<Long> either = new TreeSet<>(a);
            either.addAll(b);
            Postings union = pa.copy();
            union.addAll(pb);
            same(union, either);
            same(pa, a); // the operands are not changed
            same(pb, b);
            same(aBefore, a);

            union.remove(a.isEmpty() ? 0 : a.first()); // a copy changes apart from its original
            same(pa, a);
        }
    }

    @Test
    void aChunkTurnsIntoABitmapAtItsMostAndBackWhenHalfEmptied() {
        Postings tested = new Postings();
        TreeSet<Long> expected = new TreeSet<>();
        for (long i = 0; i < Postings.ARRAY_MOST + 10; i++) {
            tested.add(i * 7);
            expected.add(i * 7);
        }
        same(tested, expected);
        for (long i = 0; i < Postings.ARRAY_MOST; i++) {
            assertThat(tested.remove(i * 7)).isTrue();
            expected.remove(i * 7);
            if (i % 500 == 0) {
                same(tested, expected);
            }
        }
        same(tested, expected);
        assertThat(tested.remove(3)).isFalse();
        assertThat(tested.add(1)).isTrue();
        assertThat(tested.add(1)).isFalse();
    }

    /** How far apart the numbers of a round lie: from dense (bitmaps) to sparse (arrays over many chunks). */
    private static int density(int round) {
        return List.of(1, 3, 20, 2, 200, 8).get(round % 6);
    }

    private void change(Postings tested, TreeSet<Long> expected, int changes, int spread) {
        List<Long> held = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
            if (!held.isEmpty() && random.nextInt(4) == 0) {
                long gone = held.remove(random.nextInt(held.size()));
                assertThat(tested.remove(gone)).isEqualTo(expected.remove(gone));
            } else {
                long seq = random.nextInt(spread * 16_384);
                assertThat(tested.add(seq)).isEqualTo(expected.add(seq));
                held.add(seq);
            }
        }
    }

    private static void same(Postings tested, TreeSet<Long> expected) {
        assertThat(tested.cardinality()).isEqualTo(expected.size());
        assertThat(tested.isEmpty()).isEqualTo(expected.isEmpty());
        List<Long> members = new ArrayList<>();
        for (PrimitiveIterator.OfLong it = tested.iterator(); it.hasNext(); ) {
            members.add(it.nextLong());
        }
        assertThat(members).containsExactlyElementsOf(expected);
        if (expected.size() == 1) {
            assertThat(tested.only()).isEqualTo(expected.first());
        }
    }
}
