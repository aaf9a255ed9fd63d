package dev.jprefect.client.schemas;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The body of {@code POST /deployments/{id}/create_flow_run}, Prefect's
 * {@code DeploymentFlowRunCreate}: a run of the deployment's flow, its parameters merged over the
 * deployment's defaults by the server. Null components are not sent (the server makes the run
 * Scheduled for now, named at random).
 *
 * <pre>{@code
 * FlowRun run = client.createFlowRunFromDeployment(id, DeploymentFlowRunCreate.ofParameters(Map.of("day", "2026-11-29")));
 * }</pre>
 *
 * @param name the run's name, or null
 * @param parameters parameters over the deployment's defaults, or null
 * @param context free-form context, or null
 * @param tags tags added to the deployment's, or null
 * @param idempotencyKey a second create with this key returns the first run, or null
 * @param state the initial state, or null (Scheduled, due now)
 * @param workQueueName a work queue other than the deployment's, or null
 * @param jobVariables job variables over the deployment's, or null
 * @param parentTaskRunId for a run started from another flow, its task run there, or null
 */
public record DeploymentFlowRunCreate(
        String name,
        Map<String, Object> parameters,
        Map<String, Object> context,
        List<String> tags,
        String idempotencyKey,
        StateCreate state,
        String workQueueName,
        Map<String, Object> jobVariables,
        UUID parentTaskRunId) {

    private static final DeploymentFlowRunCreate DEFAULTS = new DeploymentFlowRunCreate(null, null, null, null, null,
            null, null, null, null);

    /** Copies the collections. */
    public DeploymentFlowRunCreate {
        parameters = Copies.mapOrNull(parameters);
        context = Copies.mapOrNull(context);
        tags = Copies.listOrNull(tags);
        jobVariables = Copies.mapOrNull(jobVariables);
    }

    /** Returns the body that leaves every choice to the deployment and the server. */
    public static DeploymentFlowRunCreate defaults() {
        return DEFAULTS;
    }

    /** Returns a body with these parameters and every other component at its default. */
    public static DeploymentFlowRunCreate ofParameters(Map<String, Object> parameters) {
        return new DeploymentFlowRunCreate(null, parameters, null, null, null, null, null, null, null);
    }

    /** Returns a copy with another name. */
    public DeploymentFlowRunCreate withName(String value) {
        return new DeploymentFlowRunCreate(value, parameters, context, tags, idempotencyKey, state, workQueueName,
                jobVariables, parentTaskRunId);
    }

    /** Returns a copy with another initial state (e.g. Scheduled at a later time). */
    public DeploymentFlowRunCreate withState(StateCreate value) {
        return new DeploymentFlowRunCreate(name, parameters, context, tags, idempotencyKey, value, workQueueName,
                jobVariables, parentTaskRunId);
    }

    /** Returns a copy with other tags. */
    public DeploymentFlowRunCreate withTags(List<String> value) {
        return new DeploymentFlowRunCreate(name, parameters, context, value, idempotencyKey, state, workQueueName,
                jobVariables, parentTaskRunId);
    }

    /** Returns a copy with another idempotency key. */
    public DeploymentFlowRunCreate withIdempotencyKey(String value) {
        return new DeploymentFlowRunCreate(name, parameters, context, tags, value, state, workQueueName,
                jobVariables, parentTaskRunId);
    }
}
