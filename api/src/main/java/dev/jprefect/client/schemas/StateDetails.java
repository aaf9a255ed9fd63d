package dev.jprefect.client.schemas;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * The details attached to a {@link State} ({@code state_details} on the wire): the run it belongs
 * to, caching, pausing and retry information. Every component may be null (absent on the wire).
 *
 * @param flowRunId the flow run the state belongs to
 * @param taskRunId the task run the state belongs to
 * @param childFlowRunId the subflow run a parent task run's state refers to
 * @param scheduledTime when a scheduled state should start
 * @param cacheKey the cache key of a cached result
 * @param cacheExpiration when the cached result expires
 * @param deferred whether the task run was deferred
 * @param untrackableResult whether the result cannot be tracked
 * @param pauseTimeout when a pause times out
 * @param pauseReschedule whether a paused run is rescheduled
 * @param pauseKey the key of a pause
 * @param runInputKeyset the keys of run input
 * @param refreshCache whether to refresh the cache
 * @param retriable whether the run may be retried
 * @param transitionId the id of the transition
 * @param taskParametersId the id of stored task parameters
 * @param traceparent the W3C trace context
 * @param deploymentConcurrencyLeaseId a concurrency lease of the deployment
 */
public record StateDetails(
        UUID flowRunId,
        UUID taskRunId,
        UUID childFlowRunId,
        OffsetDateTime scheduledTime,
        String cacheKey,
        OffsetDateTime cacheExpiration,
        Boolean deferred,
        Boolean untrackableResult,
        OffsetDateTime pauseTimeout,
        Boolean pauseReschedule,
        String pauseKey,
        Map<String, String> runInputKeyset,
        Boolean refreshCache,
        Boolean retriable,
        UUID transitionId,
        UUID taskParametersId,
        String traceparent,
        UUID deploymentConcurrencyLeaseId) {

    private static final StateDetails EMPTY = new StateDetails(null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null);

    /** Returns details with every component null. */
    public static StateDetails empty() {
        return EMPTY;
    }

    /** Returns details that name the flow run the state belongs to. */
    public static StateDetails ofFlowRun(UUID flowRunId) {
        return EMPTY.withFlowRunId(flowRunId);
    }

    /** Returns details that name the task run (and its flow run, may be null) the state belongs to. */
    public static StateDetails ofTaskRun(UUID taskRunId, UUID flowRunId) {
        return EMPTY.withTaskRunId(taskRunId).withFlowRunId(flowRunId);
    }

    /** Returns a copy with another flow run id. */
    public StateDetails withFlowRunId(UUID id) {
        return new StateDetails(id, taskRunId, childFlowRunId, scheduledTime, cacheKey, cacheExpiration, deferred,
                untrackableResult, pauseTimeout, pauseReschedule, pauseKey, runInputKeyset, refreshCache, retriable,
                transitionId, taskParametersId, traceparent, deploymentConcurrencyLeaseId);
    }

    /** Returns a copy with another task run id. */
    public StateDetails withTaskRunId(UUID id) {
        return new StateDetails(flowRunId, id, childFlowRunId, scheduledTime, cacheKey, cacheExpiration, deferred,
                untrackableResult, pauseTimeout, pauseReschedule, pauseKey, runInputKeyset, refreshCache, retriable,
                transitionId, taskParametersId, traceparent, deploymentConcurrencyLeaseId);
    }

    /** Returns a copy with another child flow run id. */
    public StateDetails withChildFlowRunId(UUID id) {
        return new StateDetails(flowRunId, taskRunId, id, scheduledTime, cacheKey, cacheExpiration, deferred,
                untrackableResult, pauseTimeout, pauseReschedule, pauseKey, runInputKeyset, refreshCache, retriable,
                transitionId, taskParametersId, traceparent, deploymentConcurrencyLeaseId);
    }

    /** Returns a copy with another scheduled time. */
    public StateDetails withScheduledTime(OffsetDateTime time) {
        return new StateDetails(flowRunId, taskRunId, childFlowRunId, time, cacheKey, cacheExpiration, deferred,
                untrackableResult, pauseTimeout, pauseReschedule, pauseKey, runInputKeyset, refreshCache, retriable,
                transitionId, taskParametersId, traceparent, deploymentConcurrencyLeaseId);
    }

    /** Returns a copy with another cache key and expiration. */
    public StateDetails withCache(String key, OffsetDateTime expiration) {
        return new StateDetails(flowRunId, taskRunId, childFlowRunId, scheduledTime, key, expiration, deferred,
                untrackableResult, pauseTimeout, pauseReschedule, pauseKey, runInputKeyset, refreshCache, retriable,
                transitionId, taskParametersId, traceparent, deploymentConcurrencyLeaseId);
    }

    /** Returns a copy with another transition id (see {@code PreventDuplicateTransitions} in Prefect's server). */
    public StateDetails withTransitionId(UUID id) {
        return new StateDetails(flowRunId, taskRunId, childFlowRunId, scheduledTime, cacheKey, cacheExpiration,
                deferred, untrackableResult, pauseTimeout, pauseReschedule, pauseKey, runInputKeyset, refreshCache,
                retriable, id, taskParametersId, traceparent, deploymentConcurrencyLeaseId);
    }

    /** Returns a copy with another retriable flag. */
    public StateDetails withRetriable(Boolean value) {
        return new StateDetails(flowRunId, taskRunId, childFlowRunId, scheduledTime, cacheKey, cacheExpiration,
                deferred, untrackableResult, pauseTimeout, pauseReschedule, pauseKey, runInputKeyset, refreshCache,
                value, transitionId, taskParametersId, traceparent, deploymentConcurrencyLeaseId);
    }
}
