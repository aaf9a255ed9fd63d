package dev.jprefect.client.schemas;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The body of {@code POST /deployments/}, Prefect's {@code DeploymentCreate}. The server upserts by
 * flow and name: a second create of the same name updates the deployment and replaces its
 * schedules. Null components are not sent, so the server applies its defaults.
 *
 * <pre>{@code
 * DeploymentCreate body = DeploymentCreate.of(flow.id(), "nightly")
 *         .withSchedules(List.of(DeploymentScheduleCreate.of(CronSchedule.of("0 2 * * *", "Europe/Paris"))))
 *         .withTags(List.of("etl"));
 * }</pre>
 *
 * @param name its name, unique per flow, required
 * @param flowId the flow it runs, required
 * @param version its version, or null
 * @param description its description, or null
 * @param paused whether it is paused, or null (not paused)
 * @param schedules its schedules, or null (none)
 * @param concurrencyLimit at most this many runs at once, or null
 * @param parameters default parameters of its runs, or null
 * @param parameterOpenapiSchema the JSON schema of the flow's parameters, or null
 * @param enforceParameterSchema whether the server checks run parameters against that schema, or null (the server's default, true)
 * @param tags its tags, or null
 * @param labels its labels, or null
 * @param workQueueName its work queue, or null
 * @param workPoolName its work pool, or null
 * @param path the working directory its runs start in, or null
 * @param entrypoint where the flow is found, e.g. {@code com.example.Flows#etl}, or null
 * @param jobVariables variables for the work pool's job template, or null
 * @param pullSteps steps a worker runs before the flow, or null
 */
public record DeploymentCreate(
        String name,
        UUID flowId,
        String version,
        String description,
        Boolean paused,
        List<DeploymentScheduleCreate> schedules,
        Integer concurrencyLimit,
        Map<String, Object> parameters,
        Map<String, Object> parameterOpenapiSchema,
        Boolean enforceParameterSchema,
        List<String> tags,
        Map<String, Object> labels,
        String workQueueName,
        String workPoolName,
        String path,
        String entrypoint,
        Map<String, Object> jobVariables,
        List<Map<String, Object>> pullSteps) {

    /** Checks the flow and name, and copies the collections. */
    public DeploymentCreate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(flowId, "flowId");
        schedules = Copies.listOrNull(schedules);
        parameters = Copies.mapOrNull(parameters);
        parameterOpenapiSchema = Copies.mapOrNull(parameterOpenapiSchema);
        tags = Copies.listOrNull(tags);
        labels = Copies.mapOrNull(labels);
        jobVariables = Copies.mapOrNull(jobVariables);
        pullSteps = Copies.listOrNull(pullSteps);
    }

    /** Returns a body for the deployment {@code name} of {@code flowId}, every other component at its default. */
    public static DeploymentCreate of(UUID flowId, String name) {
        return new DeploymentCreate(name, flowId, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    /** Returns a copy with another version. */
    public DeploymentCreate withVersion(String value) {
        return new DeploymentCreate(name, flowId, value, description, paused, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, labels, workQueueName, workPoolName, path, entrypoint, jobVariables, pullSteps);
    }

    /** Returns a copy with another description. */
    public DeploymentCreate withDescription(String value) {
        return new DeploymentCreate(name, flowId, version, value, paused, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, labels, workQueueName, workPoolName, path, entrypoint, jobVariables, pullSteps);
    }

    /** Returns a copy with another paused. */
    public DeploymentCreate withPaused(Boolean value) {
        return new DeploymentCreate(name, flowId, version, description, value, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, labels, workQueueName, workPoolName, path, entrypoint, jobVariables, pullSteps);
    }

    /** Returns a copy with other schedules. */
    public DeploymentCreate withSchedules(List<DeploymentScheduleCreate> value) {
        return new DeploymentCreate(name, flowId, version, description, paused, value, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, labels, workQueueName, workPoolName, path, entrypoint, jobVariables, pullSteps);
    }

    /** Returns a copy with another concurrencyLimit. */
    public DeploymentCreate withConcurrencyLimit(Integer value) {
        return new DeploymentCreate(name, flowId, version, description, paused, schedules, value, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, labels, workQueueName, workPoolName, path, entrypoint, jobVariables, pullSteps);
    }

    /** Returns a copy with other parameters. */
    public DeploymentCreate withParameters(Map<String, Object> value) {
        return new DeploymentCreate(name, flowId, version, description, paused, schedules, concurrencyLimit, value, parameterOpenapiSchema, enforceParameterSchema, tags, labels, workQueueName, workPoolName, path, entrypoint, jobVariables, pullSteps);
    }

    /** Returns a copy with another parameterOpenapiSchema. */
    public DeploymentCreate withParameterOpenapiSchema(Map<String, Object> value) {
        return new DeploymentCreate(name, flowId, version, description, paused, schedules, concurrencyLimit, parameters, value, enforceParameterSchema, tags, labels, workQueueName, workPoolName, path, entrypoint, jobVariables, pullSteps);
    }

    /** Returns a copy with another enforceParameterSchema. */
    public DeploymentCreate withEnforceParameterSchema(Boolean value) {
        return new DeploymentCreate(name, flowId, version, description, paused, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, value, tags, labels, workQueueName, workPoolName, path, entrypoint, jobVariables, pullSteps);
    }

    /** Returns a copy with other tags. */
    public DeploymentCreate withTags(List<String> value) {
        return new DeploymentCreate(name, flowId, version, description, paused, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, value, labels, workQueueName, workPoolName, path, entrypoint, jobVariables, pullSteps);
    }

    /** Returns a copy with other labels. */
    public DeploymentCreate withLabels(Map<String, Object> value) {
        return new DeploymentCreate(name, flowId, version, description, paused, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, value, workQueueName, workPoolName, path, entrypoint, jobVariables, pullSteps);
    }

    /** Returns a copy with another workQueueName. */
    public DeploymentCreate withWorkQueueName(String value) {
        return new DeploymentCreate(name, flowId, version, description, paused, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, labels, value, workPoolName, path, entrypoint, jobVariables, pullSteps);
    }

    /** Returns a copy with another workPoolName. */
    public DeploymentCreate withWorkPoolName(String value) {
        return new DeploymentCreate(name, flowId, version, description, paused, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, labels, workQueueName, value, path, entrypoint, jobVariables, pullSteps);
    }

    /** Returns a copy with another path. */
    public DeploymentCreate withPath(String value) {
        return new DeploymentCreate(name, flowId, version, description, paused, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, labels, workQueueName, workPoolName, value, entrypoint, jobVariables, pullSteps);
    }

    /** Returns a copy with another entrypoint. */
    public DeploymentCreate withEntrypoint(String value) {
        return new DeploymentCreate(name, flowId, version, description, paused, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, labels, workQueueName, workPoolName, path, value, jobVariables, pullSteps);
    }

    /** Returns a copy with other jobVariables. */
    public DeploymentCreate withJobVariables(Map<String, Object> value) {
        return new DeploymentCreate(name, flowId, version, description, paused, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, labels, workQueueName, workPoolName, path, entrypoint, value, pullSteps);
    }

    /** Returns a copy with other pullSteps. */
    public DeploymentCreate withPullSteps(List<Map<String, Object>> value) {
        return new DeploymentCreate(name, flowId, version, description, paused, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, labels, workQueueName, workPoolName, path, entrypoint, jobVariables, value);
    }
}
