package dev.jprefect.client.schemas;

import java.util.Map;

/**
 * The body of {@code PATCH /deployments/{id}/schedules/{schedule_id}}, Prefect's
 * {@code DeploymentScheduleUpdate}: only the non-null components change.
 *
 * @param schedule a new schedule, or null
 * @param active whether it makes runs, or null
 * @param maxScheduledRuns at most this many runs scheduled ahead, or null
 * @param parameters new parameters of its own, or null
 * @param slug a new slug, or null
 */
public record DeploymentScheduleUpdate(
        Schedule schedule,
        Boolean active,
        Integer maxScheduledRuns,
        Map<String, Object> parameters,
        String slug) {

    /** Copies the parameters. */
    public DeploymentScheduleUpdate {
        parameters = Copies.mapOrNull(parameters);
    }

    /** Returns an update that only makes the schedule active or inactive. */
    public static DeploymentScheduleUpdate active(boolean value) {
        return new DeploymentScheduleUpdate(null, value, null, null, null);
    }

    /** Returns an update that only replaces the schedule. */
    public static DeploymentScheduleUpdate schedule(Schedule value) {
        return new DeploymentScheduleUpdate(value, null, null, null, null);
    }
}
