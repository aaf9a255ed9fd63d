package dev.jprefect.server.internal.orchestration;

import java.util.function.DoubleSupplier;

/**
 * Randomized retry delays, after Prefect's {@code clamped_poisson_interval}: an exponentially
 * distributed interval around an average, clamped to within a factor of it.
 */
final class Jitter {
    /** Keeps the logarithm finite when the random draw is at its end. */
    private static final double SMALLEST = 1e-10;
    /** Beyond this clamping multiple the lower bound is zero anyway. */
    private static final double LARGE_MULTIPLE = 50;

    private Jitter() {
    }

    /**
     * Returns an interval averaging {@code average}, at most {@code average * (1 + clampingFactor)}.
     *
     * @param uniform draws uniformly from [0, 1)
     */
    static double clampedPoissonInterval(double average, double clampingFactor, DoubleSupplier uniform) {
        if (average <= 0) {
            return 0;
        }
        double upperMultiple = 1 + clampingFactor;
        double upper = average * upperMultiple;
        double lower = Math.max(0, average * lowerClampMultiple(upperMultiple));
        double upperRv = exponentialCdf(upper, average);
        double lowerRv = exponentialCdf(lower, average);
        double draw = lowerRv + (upperRv - lowerRv) * uniform.getAsDouble();
        return -Math.log(Math.max(1 - draw, SMALLEST)) * average;
    }

    private static double exponentialCdf(double x, double average) {
        return 1 - Math.exp(-x / average);
    }

    /** The lower clamp that keeps the average at the requested value for an upper clamp of {@code k}. */
    private static double lowerClampMultiple(double k) {
        if (k >= LARGE_MULTIPLE) {
            return 0;
        }
        double p = Math.pow(2, k);
        return Math.log(Math.max(p / (p - 1), SMALLEST)) / Math.log(2);
    }
}
