package dev.jprefect.client.schemas;

import com.squareup.moshi.Json;
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
        @Json(name = "flow_id") UUID flowId,
        @Json(name = "state_id") UUID stateId,
        @Json(name = "deployment_id") UUID deploymentId,
        @Json(name = "deployment_version") String deploymentVersion,
        @Json(name = "work_queue_id") UUID workQueueId,
        @Json(name = "work_queue_name") String workQueueName,
        @Json(name = "flow_version") String flowVersion,
        Map<String, Object> parameters,
        @Json(name = "idempotency_key") String idempotencyKey,
        Map<String, Object> context,
        @Json(name = "empirical_policy") FlowRunPolicy empiricalPolicy,
        List<String> tags,
        Map<String, Object> labels,
        @Json(name = "parent_task_run_id") UUID parentTaskRunId,
        @Json(name = "state_type") StateType stateType,
        @Json(name = "state_name") String stateName,
        @Json(name = "run_count") int runCount,
        @Json(name = "expected_start_time") OffsetDateTime expectedStartTime,
        @Json(name = "next_scheduled_start_time") OffsetDateTime nextScheduledStartTime,
        @Json(name = "start_time") OffsetDateTime startTime,
        @Json(name = "end_time") OffsetDateTime endTime,
        @Json(name = "total_run_time") double totalRunTime,
        @Json(name = "estimated_run_time") double estimatedRunTime,
        @Json(name = "estimated_start_time_delta") double estimatedStartTimeDelta,
        @Json(name = "auto_scheduled") boolean autoScheduled,
        @Json(name = "infrastructure_document_id") UUID infrastructureDocumentId,
        @Json(name = "infrastructure_pid") String infrastructurePid,
        @Json(name = "created_by") CreatedBy createdBy,
        @Json(name = "work_pool_id") UUID workPoolId,
        @Json(name = "work_pool_name") String workPoolName,
        State state,
        @Json(name = "job_variables") Map<String, Object> jobVariables) {

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
