package dev.jprefect.client.schemas;

/**
 * A task run's retry policy, Prefect's {@code TaskRunPolicy} ({@code empirical_policy} on the wire).
 *
 * @param maxRetries deprecated by Prefect in favour of {@code retries}; 0 by default
 * @param retryDelaySeconds deprecated by Prefect in favour of {@code retry_delay}; 0 by default
 * @param retries how many times the run may be retried, or null
 * @param retryDelay seconds between retries: a number, a list of numbers (one per retry), or null;
 *     read back as a {@link Double} or a {@code List<Double>}
 * @param retryJitterFactor the jitter applied to retry delays, or null
 */
public record TaskRunPolicy(
        int maxRetries,
        double retryDelaySeconds,
        Integer retries,
        Object retryDelay,
        Double retryJitterFactor) {

    private static final TaskRunPolicy DEFAULT = new TaskRunPolicy(0, 0, null, null, null);

    /** Returns Prefect's defaults: no retries. */
    public static TaskRunPolicy defaults() {
        return DEFAULT;
    }

    /** Returns a policy of {@code retries} retries {@code retryDelaySeconds} apart. */
    public static TaskRunPolicy retrying(int retries, double retryDelaySeconds) {
        return new TaskRunPolicy(0, 0, retries, retryDelaySeconds, null);
    }
}
