package dev.jprefect.client.schemas;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * One schedule of a deployment as the server stores it, Prefect's {@code DeploymentSchedule}.
 *
 * @param id the schedule's id
 * @param created when it was created
 * @param updated when it was last updated
 * @param deploymentId its deployment
 * @param schedule when runs are due
 * @param active whether it makes runs (an inactive schedule makes none)
 * @param maxScheduledRuns at most this many runs scheduled ahead, or null (the server's setting)
 * @param parameters parameters overriding the deployment's for its runs; never null
 * @param slug a name unique within the deployment, or null
 */
public record DeploymentSchedule(
        UUID id,
        OffsetDateTime created,
        OffsetDateTime updated,
        UUID deploymentId,
        Schedule schedule,
        boolean active,
        Integer maxScheduledRuns,
        Map<String, Object> parameters,
        String slug) {

    /** Copies the parameters. */
    public DeploymentSchedule {
        parameters = Copies.map(parameters);
    }
}
