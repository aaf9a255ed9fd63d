package dev.jprefect.client.schemas;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code PATCH /deployments/{id}}, Prefect's {@code DeploymentUpdate}: only the
 * non-null components are sent, and only those change.
 *
 * <pre>{@code
 * client.updateDeployment(id, DeploymentUpdate.none().withDescription("nightly load").withTags(List.of("etl")));
 * }</pre>
 *
 * @param version a new version, or null
 * @param description a new description, or null
 * @param paused pause (true) or resume (false), or null
 * @param schedules the schedules it should have (matched by slug), or null
 * @param concurrencyLimit a new concurrency limit, or null
 * @param parameters new default parameters, or null
 * @param parameterOpenapiSchema a new parameter schema, or null
 * @param enforceParameterSchema whether the server checks run parameters, or null
 * @param tags new tags, or null
 * @param workQueueName a new work queue, or null
 * @param workPoolName a new work pool, or null
 * @param path a new working directory, or null
 * @param entrypoint a new entrypoint, or null
 * @param jobVariables new job variables, or null
 */
public record DeploymentUpdate(
        String version,
        String description,
        Boolean paused,
        List<DeploymentScheduleUpdate> schedules,
        Integer concurrencyLimit,
        Map<String, Object> parameters,
        Map<String, Object> parameterOpenapiSchema,
        Boolean enforceParameterSchema,
        List<String> tags,
        String workQueueName,
        String workPoolName,
        String path,
        String entrypoint,
        Map<String, Object> jobVariables) {

    private static final DeploymentUpdate NONE = new DeploymentUpdate(null, null, null, null, null, null, null, null,
            null, null, null, null, null, null);

    /** Copies the collections. */
    public DeploymentUpdate {
        schedules = Copies.listOrNull(schedules);
        parameters = Copies.mapOrNull(parameters);
        parameterOpenapiSchema = Copies.mapOrNull(parameterOpenapiSchema);
        tags = Copies.listOrNull(tags);
        jobVariables = Copies.mapOrNull(jobVariables);
    }

    /** Returns the update that changes nothing; add changes with the {@code with...} methods. */
    public static DeploymentUpdate none() {
        return NONE;
    }

    /** Returns a copy with another version. */
    public DeploymentUpdate withVersion(String value) {
        return new DeploymentUpdate(value, description, paused, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, workQueueName, workPoolName, path, entrypoint, jobVariables);
    }

    /** Returns a copy with another description. */
    public DeploymentUpdate withDescription(String value) {
        return new DeploymentUpdate(version, value, paused, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, workQueueName, workPoolName, path, entrypoint, jobVariables);
    }

    /** Returns a copy with the paused flag set. */
    public DeploymentUpdate withPaused(Boolean value) {
        return new DeploymentUpdate(version, description, value, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, workQueueName, workPoolName, path, entrypoint, jobVariables);
    }

    /** Returns a copy with other schedules. */
    public DeploymentUpdate withSchedules(List<DeploymentScheduleUpdate> value) {
        return new DeploymentUpdate(version, description, paused, value, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, workQueueName, workPoolName, path, entrypoint, jobVariables);
    }

    /** Returns a copy with another concurrencyLimit. */
    public DeploymentUpdate withConcurrencyLimit(Integer value) {
        return new DeploymentUpdate(version, description, paused, schedules, value, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, workQueueName, workPoolName, path, entrypoint, jobVariables);
    }

    /** Returns a copy with other parameters. */
    public DeploymentUpdate withParameters(Map<String, Object> value) {
        return new DeploymentUpdate(version, description, paused, schedules, concurrencyLimit, value, parameterOpenapiSchema, enforceParameterSchema, tags, workQueueName, workPoolName, path, entrypoint, jobVariables);
    }

    /** Returns a copy with another parameterOpenapiSchema. */
    public DeploymentUpdate withParameterOpenapiSchema(Map<String, Object> value) {
        return new DeploymentUpdate(version, description, paused, schedules, concurrencyLimit, parameters, value, enforceParameterSchema, tags, workQueueName, workPoolName, path, entrypoint, jobVariables);
    }

    /** Returns a copy with another enforceParameterSchema. */
    public DeploymentUpdate withEnforceParameterSchema(Boolean value) {
        return new DeploymentUpdate(version, description, paused, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, value, tags, workQueueName, workPoolName, path, entrypoint, jobVariables);
    }

    /** Returns a copy with other tags. */
    public DeploymentUpdate withTags(List<String> value) {
        return new DeploymentUpdate(version, description, paused, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, value, workQueueName, workPoolName, path, entrypoint, jobVariables);
    }

    /** Returns a copy with another workQueueName. */
    public DeploymentUpdate withWorkQueueName(String value) {
        return new DeploymentUpdate(version, description, paused, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, value, workPoolName, path, entrypoint, jobVariables);
    }

    /** Returns a copy with another workPoolName. */
    public DeploymentUpdate withWorkPoolName(String value) {
        return new DeploymentUpdate(version, description, paused, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, workQueueName, value, path, entrypoint, jobVariables);
    }

    /** Returns a copy with another path. */
    public DeploymentUpdate withPath(String value) {
        return new DeploymentUpdate(version, description, paused, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, workQueueName, workPoolName, value, entrypoint, jobVariables);
    }

    /** Returns a copy with another entrypoint. */
    public DeploymentUpdate withEntrypoint(String value) {
        return new DeploymentUpdate(version, description, paused, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, workQueueName, workPoolName, path, value, jobVariables);
    }

    /** Returns a copy with other jobVariables. */
    public DeploymentUpdate withJobVariables(Map<String, Object> value) {
        return new DeploymentUpdate(version, description, paused, schedules, concurrencyLimit, parameters, parameterOpenapiSchema, enforceParameterSchema, tags, workQueueName, workPoolName, path, entrypoint, value);
    }
}
