package dev.jprefect.internal.math;

import java.util.function.DoubleSupplier;

/**
 * Random spreads of retry delays, as Prefect's {@code prefect.utilities.math}: delays are
 * "inter-arrival times" of a Poisson process (exponentially distributed), drawn by the inverse CDF
 * from a uniform number restricted to the range that yields the wanted bounds. Clients that fail
 * together therefore do not retry together.
 *
 * <p>The one implementation of Prefect's jitter: the client's retry back-off uses it, and the
 * server's task retry delays ({@code retry_jitter_factor}). Not exported, except to the server
 * ({@code exports dev.jprefect.internal.math to dev.jprefect.server} in api's module-info).
 */
public final class Jitter {

    /** log(0) is undefined; Prefect stabilises the argument at this floor. */
    private static final double LOG_FLOOR = 1e-10;

    /** Above this upper multiple, 2^k overflows the lower-clamp formula; Prefect returns 0 there. */
    private static final double MAX_CLAMP_MULTIPLE = 50;

    private final DoubleSupplier uniform;

    /** @param uniform draws uniformly from [0, 1), e.g. {@code ThreadLocalRandom.current()::nextDouble} */
    public Jitter(DoubleSupplier uniform) {
        this.uniform = uniform;
    }

    /**
     * Returns a delay around {@code average} of at most {@code average * (1 + factor)}, with a lower
     * bound chosen so the mean stays about {@code average} (Prefect's {@code clamped_poisson_interval});
     * 0 for an average of 0 or less.
     *
     * @throws IllegalArgumentException if {@code factor} is not above 0, as Prefect's refuses it
     */
    public double clamped(double average, double factor) {
        if (factor <= 0) {
            throw new IllegalArgumentException("jitter factor must be > 0, was " + factor);
        }
        if (average <= 0) {
            return 0;
        }
        double upperMultiple = 1 + factor;
        double upper = average * upperMultiple;
        double lower = Math.max(0, average * lowerClampMultiple(upperMultiple));
        return poisson(average, cdf(lower, average), cdf(upper, average));
    }

    /**
     * Returns a delay between {@code lower} and {@code upper} (Prefect's {@code bounded_poisson_interval}):
     * used for {@code Retry-After}, where the server's delay is a floor.
     */
    public double bounded(double lower, double upper) {
        double average = (lower + upper) / 2.0;
        return poisson(average, cdf(lower, average), cdf(upper, average));
    }

    /** An exponential variate of mean {@code average} from a uniform draw in [lowerRv, upperRv]. */
    private double poisson(double average, double lowerRv, double upperRv) {
        double u = lowerRv + (upperRv - lowerRv) * uniform.getAsDouble();
        return -Math.log(Math.max(1 - u, LOG_FLOOR)) * average;
    }

    private static double cdf(double x, double average) {
        return 1 - Math.exp(-x / average);
    }

    /**
     * The lower multiple whose probability mass up to the median equals the mass from the median to
     * the upper multiple {@code k}.
     */
    public static double lowerClampMultiple(double k) {
        if (k >= MAX_CLAMP_MULTIPLE) {
            return 0.0;
        }
        double p = Math.pow(2, k);
        return Math.log(Math.max(p / (p - 1), LOG_FLOOR)) / Math.log(2);
    }
}
