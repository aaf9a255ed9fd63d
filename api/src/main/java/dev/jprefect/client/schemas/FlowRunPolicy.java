package dev.jprefect.client.schemas;

import java.util.List;

/**
 * A flow run's retry policy, Prefect's {@code FlowRunPolicy} ({@code empirical_policy} on the wire).
 *
 * @param maxRetries deprecated by Prefect in favour of {@code retries}; 0 by default
 * @param retryDelaySeconds deprecated by Prefect in favour of {@code retry_delay}; 0 by default
 * @param retries how many times the run may be retried, or null
 * @param retryDelay seconds between retries, or null
 * @param pauseKeys the keys of pauses already taken, or null
 * @param resuming whether the run is resuming from a pause
 * @param retryType {@code "in_process"}, {@code "reschedule"} or null
 */
public record FlowRunPolicy(
        int maxRetries,
        double retryDelaySeconds,
        Integer retries,
        Integer retryDelay,
        List<String> pauseKeys,
        Boolean resuming,
        String retryType) {

    private static final FlowRunPolicy DEFAULT = new FlowRunPolicy(0, 0, null, null, null, false, null);

    /** Returns Prefect's defaults: no retries. */
    public static FlowRunPolicy defaults() {
        return DEFAULT;
    }

    /** Returns a policy of {@code retries} retries {@code retryDelaySeconds} apart. */
    public static FlowRunPolicy retrying(int retries, int retryDelaySeconds) {
        return new FlowRunPolicy(0, 0, retries, retryDelaySeconds, null, false, null);
    }
}
