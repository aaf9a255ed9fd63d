package dev.jprefect.internal.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class JitterTest {

    @Test
    void clampedStaysWithinItsBoundsAndAveragesAboutTheInterval() {
        Random random = new Random(42);
        Jitter jitter = new Jitter(random::nextDouble);
        double lower = 10 * Jitter.lowerClampMultiple(1.3);
        double sum = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            double d = jitter.clamped(10, 0.3);
            assertThat(d).isBetween(lower, 13.0);
            sum += d;
        }
        assertThat(sum / n).isCloseTo(10, within(0.5));
    }

    @Test
    void clampedMatchesPrefectsFormula() {
        // Prefect: -log(max(1 - uniform(lo_rv, hi_rv), 1e-10)) * avg with lo/hi from the exponential CDF
        double avg = 4;
        double factor = 0.2;
        double lo = 1 - Math.exp(-(avg * Jitter.lowerClampMultiple(1.2)) / avg);
        double hi = 1 - Math.exp(-(avg * 1.2) / avg);
        double u = lo + (hi - lo) * 0.25;
        assertThat(new Jitter(() -> 0.25).clamped(avg, factor)).isCloseTo(-Math.log(1 - u) * avg, within(1e-12));
    }

    @Test
    void lowerClampMultipleBalancesTheMedian() {
        assertThat(Jitter.lowerClampMultiple(1.3)).isCloseTo(Math.log(Math.pow(2, 1.3) / (Math.pow(2, 1.3) - 1)) / Math.log(2),
                within(1e-12));
        assertThat(Jitter.lowerClampMultiple(50)).isZero();
    }

    @Test
    void boundedNeverLeavesItsRange() {
        Random random = new Random(7);
        Jitter jitter = new Jitter(random::nextDouble);
        for (int i = 0; i < 10_000; i++) {
            assertThat(jitter.bounded(5, 6)).isBetween(5.0, 6.0);
        }
        assertThat(new Jitter(() -> 0.0).bounded(5, 6)).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void aNonPositiveFactorIsRejected() {
        assertThatThrownBy(() -> new Jitter(() -> 0.5).clamped(2, 0)).hasMessageContaining("jitter factor");
    }
}
