package dev.jprefect.client.schemas;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The body of {@code POST /flow_runs/}, Prefect's {@code FlowRunCreate}. Null components are left
 * out of the JSON, so the server applies its defaults.
 *
 * <pre>{@code
 * FlowRunCreate body = FlowRunCreate.of(flow.id())
 *         .withName("nightly")
 *         .withParameters(Map.of("day", "2024-06-01"))
 *         .withState(StateCreate.of(StateType.PENDING));
 * }</pre>
 *
 * @param state the initial state, or null (the server makes it Pending)
 * @param name the run's name, or null (the server generates one)
 * @param flowId the flow to run, required
 * @param flowVersion the flow's version, or null
 * @param parameters the parameters; never null
 * @param context free-form context; never null
 * @param parentTaskRunId for a subflow run, the task run in the parent flow run that represents it
 * @param infrastructureDocumentId an infrastructure block document, or null
 * @param empiricalPolicy the retry policy; never null
 * @param tags its tags; never null
 * @param labels its labels, or null
 * @param idempotencyKey makes creation idempotent: a second create with the same key returns the first run
 * @param workPoolName a work pool, or null
 * @param workQueueName a work queue, or null
 * @param jobVariables job variables, or null
 */
public record FlowRunCreate(
        StateCreate state,
        String name,
        UUID flowId,
        String flowVersion,
        Map<String, Object> parameters,
        Map<String, Object> context,
        UUID parentTaskRunId,
        UUID infrastructureDocumentId,
        FlowRunPolicy empiricalPolicy,
        List<String> tags,
        Map<String, Object> labels,
        String idempotencyKey,
        String workPoolName,
        String workQueueName,
        Map<String, Object> jobVariables) {

    /** Checks the flow id and copies the collections. */
    public FlowRunCreate {
        Objects.requireNonNull(flowId, "flowId");
        parameters = Copies.map(parameters);
        context = Copies.map(context);
        empiricalPolicy = empiricalPolicy == null ? FlowRunPolicy.defaults() : empiricalPolicy;
        tags = Copies.list(tags);
        labels = Copies.mapOrNull(labels);
        jobVariables = Copies.mapOrNull(jobVariables);
    }

    /** Returns a body for a run of {@code flowId} with every other component at its default. */
    public static FlowRunCreate of(UUID flowId) {
        return new FlowRunCreate(null, null, flowId, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    /** Returns a copy with another initial state. */
    public FlowRunCreate withState(StateCreate value) {
        return new FlowRunCreate(value, name, flowId, flowVersion, parameters, context, parentTaskRunId,
                infrastructureDocumentId, empiricalPolicy, tags, labels, idempotencyKey, workPoolName,
                workQueueName, jobVariables);
    }

    /** Returns a copy with another name. */
    public FlowRunCreate withName(String value) {
        return new FlowRunCreate(state, value, flowId, flowVersion, parameters, context, parentTaskRunId,
                infrastructureDocumentId, empiricalPolicy, tags, labels, idempotencyKey, workPoolName,
                workQueueName, jobVariables);
    }

    /** Returns a copy with another flow version. */
    public FlowRunCreate withFlowVersion(String value) {
        return new FlowRunCreate(state, name, flowId, value, parameters, context, parentTaskRunId,
                infrastructureDocumentId, empiricalPolicy, tags, labels, idempotencyKey, workPoolName,
                workQueueName, jobVariables);
    }

    /** Returns a copy with other parameters. */
    public FlowRunCreate withParameters(Map<String, Object> value) {
        return new FlowRunCreate(state, name, flowId, flowVersion, value, context, parentTaskRunId,
                infrastructureDocumentId, empiricalPolicy, tags, labels, idempotencyKey, workPoolName,
                workQueueName, jobVariables);
    }

    /** Returns a copy with another context. */
    public FlowRunCreate withContext(Map<String, Object> value) {
        return new FlowRunCreate(state, name, flowId, flowVersion, parameters, value, parentTaskRunId,
                infrastructureDocumentId, empiricalPolicy, tags, labels, idempotencyKey, workPoolName,
                workQueueName, jobVariables);
    }

    /** Returns a copy with another parent task run (for a subflow run). */
    public FlowRunCreate withParentTaskRunId(UUID value) {
        return new FlowRunCreate(state, name, flowId, flowVersion, parameters, context, value,
                infrastructureDocumentId, empiricalPolicy, tags, labels, idempotencyKey, workPoolName,
                workQueueName, jobVariables);
    }

    /** Returns a copy with another retry policy. */
    public FlowRunCreate withEmpiricalPolicy(FlowRunPolicy value) {
        return new FlowRunCreate(state, name, flowId, flowVersion, parameters, context, parentTaskRunId,
                infrastructureDocumentId, value, tags, labels, idempotencyKey, workPoolName, workQueueName,
                jobVariables);
    }

    /** Returns a copy with other tags. */
    public FlowRunCreate withTags(List<String> value) {
        return new FlowRunCreate(state, name, flowId, flowVersion, parameters, context, parentTaskRunId,
                infrastructureDocumentId, empiricalPolicy, value, labels, idempotencyKey, workPoolName,
                workQueueName, jobVariables);
    }

    /** Returns a copy with other labels. */
    public FlowRunCreate withLabels(Map<String, Object> value) {
        return new FlowRunCreate(state, name, flowId, flowVersion, parameters, context, parentTaskRunId,
                infrastructureDocumentId, empiricalPolicy, tags, value, idempotencyKey, workPoolName,
                workQueueName, jobVariables);
    }

    /** Returns a copy with another idempotency key. */
    public FlowRunCreate withIdempotencyKey(String value) {
        return new FlowRunCreate(state, name, flowId, flowVersion, parameters, context, parentTaskRunId,
                infrastructureDocumentId, empiricalPolicy, tags, labels, value, workPoolName, workQueueName,
                jobVariables);
    }
}
