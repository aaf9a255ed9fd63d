package dev.jprefect.client.schemas;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A flow run as the server stores it, Prefect's {@code FlowRun} (the API answers with
 * {@code FlowRunResponse}, the same fields plus the work pool's).
 *
 * @param id the run's id
 * @param created when it was created
 * @param updated when it was last updated
 * @param name its name, e.g. {@code "crimson-fox"}
 * @param flowId the flow it runs
 * @param stateId its current state's id, or null
 * @param deploymentId its deployment, or null
 * @param deploymentVersion the deployment's version, or null
 * @param workQueueId its work queue, or null
 * @param workQueueName its work queue's name, or null
 * @param flowVersion the flow's version, or null
 * @param parameters the parameters it was called with; never null
 * @param idempotencyKey the key that makes creating it idempotent, or null
 * @param context free-form context; never null
 * @param empiricalPolicy the retry policy; never null
 * @param tags its tags; never null
 * @param labels its labels; never null
 * @param parentTaskRunId the task run in the parent flow run that represents this subflow run, or null
 * @param stateType the current state's type, or null
 * @param stateName the current state's name, or null
 * @param runCount how many times it has entered Running
 * @param expectedStartTime when it is expected to start, or null
 * @param nextScheduledStartTime the next scheduled start, or null
 * @param startTime when it actually started, or null
 * @param endTime when it ended, or null
 * @param totalRunTime seconds spent Running
 * @param estimatedRunTime estimated seconds of run time
 * @param estimatedStartTimeDelta estimated seconds of lateness
 * @param autoScheduled whether the scheduler created it
 * @param infrastructureDocumentId its infrastructure block document, or null
 * @param infrastructurePid its infrastructure's process id, or null
 * @param createdBy who created it, or null
 * @param workPoolId its work pool, or null
 * @param workPoolName its work pool's name, or null
 * @param state its current state, or null
 * @param jobVariables job variables, or null
 */
public record FlowRun(
        UUID id,
        OffsetDateTime created,
        OffsetDateTime updated,
        String name,
        UUID flowId,
        UUID stateId,
        UUID deploymentId,
        String deploymentVersion,
        UUID workQueueId,
        String workQueueName,
        String flowVersion,
        Map<String, Object> parameters,
        String idempotencyKey,
        Map<String, Object> context,
        FlowRunPolicy empiricalPolicy,
        List<String> tags,
        Map<String, Object> labels,
        UUID parentTaskRunId,
        StateType stateType,
        String stateName,
        int runCount,
        OffsetDateTime expectedStartTime,
        OffsetDateTime nextScheduledStartTime,
        OffsetDateTime startTime,
        OffsetDateTime endTime,
        double totalRunTime,
        double estimatedRunTime,
        double estimatedStartTimeDelta,
        boolean autoScheduled,
        UUID infrastructureDocumentId,
        String infrastructurePid,
        CreatedBy createdBy,
        UUID workPoolId,
        String workPoolName,
        State state,
        Map<String, Object> jobVariables) {

    /** Copies the collections; null collections and policy become empty/default. */
    public FlowRun {
        parameters = Copies.map(parameters);
        context = Copies.map(context);
        empiricalPolicy = empiricalPolicy == null ? FlowRunPolicy.defaults() : empiricalPolicy;
        tags = Copies.list(tags);
        labels = Copies.map(labels);
        jobVariables = Copies.mapOrNull(jobVariables);
    }
}
