package dev.jprefect.client.schemas;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A deployment as the server stores it, Prefect's {@code DeploymentResponse}: a flow made runnable
 * from the API, by schedules, by a runner ({@code serve}) or by a work pool's workers.
 *
 * @param id its id
 * @param created when it was created
 * @param updated when it was last updated
 * @param name its name, unique per flow
 * @param version its version, or null
 * @param description its description, or null
 * @param flowId the flow it runs
 * @param paused whether it is paused (a paused deployment's schedules make no runs)
 * @param status {@code READY} when a runner or worker polled it recently, else {@code NOT_READY}
 * @param schedules its schedules; never null
 * @param concurrencyLimit at most this many runs at once, or null
 * @param jobVariables variables for the work pool's job template; never null
 * @param parameters default parameters of its runs; never null
 * @param parameterOpenapiSchema the JSON schema of the flow's parameters, or null
 * @param enforceParameterSchema whether the server checks run parameters against that schema
 * @param tags its tags; never null
 * @param labels its labels; never null
 * @param workQueueName its work queue, or null
 * @param workQueueId its work queue's id, or null
 * @param workPoolName its work pool, or null
 * @param lastPolled when a runner or worker last polled for its runs, or null
 * @param path the working directory its runs start in, or null
 * @param entrypoint where the flow is found, e.g. {@code com.example.Flows#etl}, or null
 * @param pullSteps steps a worker runs before the flow, or null
 * @param createdBy who created it, or null
 */
public record Deployment(
        UUID id,
        OffsetDateTime created,
        OffsetDateTime updated,
        String name,
        String version,
        String description,
        UUID flowId,
        boolean paused,
        String status,
        List<DeploymentSchedule> schedules,
        Integer concurrencyLimit,
        Map<String, Object> jobVariables,
        Map<String, Object> parameters,
        Map<String, Object> parameterOpenapiSchema,
        boolean enforceParameterSchema,
        List<String> tags,
        Map<String, Object> labels,
        String workQueueName,
        UUID workQueueId,
        String workPoolName,
        OffsetDateTime lastPolled,
        String path,
        String entrypoint,
        List<Map<String, Object>> pullSteps,
        CreatedBy createdBy) {

    /** Copies the collections; null collections become empty. */
    public Deployment {
        schedules = Copies.list(schedules);
        jobVariables = Copies.map(jobVariables);
        parameters = Copies.map(parameters);
        parameterOpenapiSchema = Copies.mapOrNull(parameterOpenapiSchema);
        tags = Copies.list(tags);
        labels = Copies.map(labels);
        pullSteps = Copies.listOrNull(pullSteps);
    }
}
