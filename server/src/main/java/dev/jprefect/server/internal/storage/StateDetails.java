package dev.jprefect.server.internal.storage;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** The details of a state, with the fields of Prefect's {@code StateDetails}; mutable, see {@link Row}. */
public final class StateDetails {
    public UUID flowRunId;
    public UUID taskRunId;
    public UUID childFlowRunId;
    public Instant scheduledTime;
    public String cacheKey;
    public Instant cacheExpiration;
    public Boolean deferred = Boolean.FALSE;
    public boolean untrackableResult;
    public Instant pauseTimeout;
    public boolean pauseReschedule;
    public String pauseKey;
    /** An immutable map of strings, or null. */
    public Map<String, Object> runInputKeyset;
    public Boolean refreshCache;
    public Boolean retriable;
    public UUID transitionId;
    public UUID taskParametersId;
    public String traceparent;
    public UUID deploymentConcurrencyLeaseId;

    public StateDetails copy() {
        StateDetails c = new StateDetails();
        c.flowRunId = flowRunId;
        c.taskRunId = taskRunId;
        c.childFlowRunId = childFlowRunId;
        c.scheduledTime = scheduledTime;
        c.cacheKey = cacheKey;
        c.cacheExpiration = cacheExpiration;
        c.deferred = deferred;
        c.untrackableResult = untrackableResult;
        c.pauseTimeout = pauseTimeout;
        c.pauseReschedule = pauseReschedule;
        c.pauseKey = pauseKey;
        c.runInputKeyset = runInputKeyset;
        c.refreshCache = refreshCache;
        c.retriable = retriable;
        c.transitionId = transitionId;
        c.taskParametersId = taskParametersId;
        c.traceparent = traceparent;
        c.deploymentConcurrencyLeaseId = deploymentConcurrencyLeaseId;
        return c;
    }
}
