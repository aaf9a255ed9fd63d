package dev.jprefect.client.schemas;

import java.util.Map;
import java.util.Objects;

/**
 * A schedule to add to a deployment, Prefect's {@code DeploymentScheduleCreate}: in
 * {@code DeploymentCreate.schedules} and the body of {@code POST /deployments/{id}/schedules}.
 * Null components are not sent.
 *
 * <pre>{@code
 * DeploymentScheduleCreate s = DeploymentScheduleCreate.of(CronSchedule.of("0 2 * * *", "UTC")).withActive(false);
 * }</pre>
 *
 * @param schedule when runs are due, required
 * @param active whether it makes runs, or null (true)
 * @param maxScheduledRuns at most this many runs scheduled ahead, or null
 * @param parameters parameters overriding the deployment's for its runs, or null
 * @param slug a name unique within the deployment, or null
 */
public record DeploymentScheduleCreate(
        Schedule schedule,
        Boolean active,
        Integer maxScheduledRuns,
        Map<String, Object> parameters,
        String slug) {

    /** Checks the schedule and copies the parameters. */
    public DeploymentScheduleCreate {
        Objects.requireNonNull(schedule, "schedule");
        parameters = Copies.mapOrNull(parameters);
    }

    /** Returns an active schedule with no parameters of its own. */
    public static DeploymentScheduleCreate of(Schedule schedule) {
        return new DeploymentScheduleCreate(schedule, null, null, null, null);
    }

    /** Returns a copy that is active or not (paused). */
    public DeploymentScheduleCreate withActive(boolean value) {
        return new DeploymentScheduleCreate(schedule, value, maxScheduledRuns, parameters, slug);
    }

    /** Returns a copy with parameters of its own. */
    public DeploymentScheduleCreate withParameters(Map<String, Object> value) {
        return new DeploymentScheduleCreate(schedule, active, maxScheduledRuns, value, slug);
    }

    /** Returns a copy with another slug. */
    public DeploymentScheduleCreate withSlug(String value) {
        return new DeploymentScheduleCreate(schedule, active, maxScheduledRuns, parameters, value);
    }

    /** Returns a copy that schedules at most {@code value} runs ahead. */
    public DeploymentScheduleCreate withMaxScheduledRuns(int value) {
        return new DeploymentScheduleCreate(schedule, active, value, parameters, slug);
    }
}
