package dev.jprefect.server.internal.models;

import java.time.Duration;

/**
 * How far ahead the scheduler makes runs, per active schedule, as Prefect's
 * {@code PREFECT_SERVER_SERVICES_SCHEDULER_*} settings: at most {@code maxRuns} runs and none later
 * than {@code maxScheduledTime} from now; and it stops once it has at least {@code minRuns} runs
 * reaching at least {@code minScheduledTime} from now.
 *
 * @param maxRuns {@code PREFECT_SERVER_SERVICES_SCHEDULER_MAX_RUNS} (100)
 * @param minRuns {@code PREFECT_SERVER_SERVICES_SCHEDULER_MIN_RUNS} (3)
 * @param maxScheduledTime {@code PREFECT_SERVER_SERVICES_SCHEDULER_MAX_SCHEDULED_TIME} (100 days)
 * @param minScheduledTime {@code PREFECT_SERVER_SERVICES_SCHEDULER_MIN_SCHEDULED_TIME} (1 hour)
 */
public record SchedulerPolicy(int maxRuns, int minRuns, Duration maxScheduledTime, Duration minScheduledTime) {
}
