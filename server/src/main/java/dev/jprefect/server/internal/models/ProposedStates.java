package dev.jprefect.server.internal.models;

import dev.jprefect.server.internal.orchestration.States;
import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.storage.StateDetails;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.StateType;
import java.time.Instant;

/** The state a client proposes, made from its validated {@code StateCreate}: orchestration sees only the state. */
final class ProposedStates {
    private ProposedStates() {
    }

    /**
     * Returns the state of {@code create}, stamped {@code now}, named after its type if unnamed,
     * and, if scheduled without a time, scheduled for {@code now} (as Prefect's state validators do).
     */
    static StateRow fromCreate(Obj create, Instant now) {
        StateRow s = States.of(StateType.valueOf(create.string("type")), create.string("name"),
                create.string("message"), now);
        s.data = create.raw("data");
        Obj d = create.obj("state_details");
        if (d != null) {
            StateDetails details = s.details;
            details.flowRunId = d.uuid("flow_run_id");
            details.taskRunId = d.uuid("task_run_id");
            details.childFlowRunId = d.uuid("child_flow_run_id");
            details.scheduledTime = d.instant("scheduled_time");
            details.cacheKey = d.string("cache_key");
            details.cacheExpiration = d.instant("cache_expiration");
            details.deferred = d.bool("deferred");
            details.untrackableResult = d.isTrue("untrackable_result");
            details.pauseTimeout = d.instant("pause_timeout");
            details.pauseReschedule = d.isTrue("pause_reschedule");
            details.pauseKey = d.string("pause_key");
            details.runInputKeyset = d.map("run_input_keyset");
            details.refreshCache = d.bool("refresh_cache");
            details.retriable = d.bool("retriable");
            details.transitionId = d.uuid("transition_id");
            details.taskParametersId = d.uuid("task_parameters_id");
            details.traceparent = d.string("traceparent");
            details.deploymentConcurrencyLeaseId = d.uuid("deployment_concurrency_lease_id");
        }
        if (s.type == StateType.SCHEDULED && s.details.scheduledTime == null) {
            s.details.scheduledTime = now;
        }
        return s;
    }

    /** A Scheduled state for {@code at}, stamped {@code now}. */
    static StateRow scheduled(Instant at, Instant now) {
        StateRow s = States.of(StateType.SCHEDULED, null, null, now);
        s.details.scheduledTime = at;
        return s;
    }

    /** The Pending state a run is created in when the client proposes none. */
    static StateRow pending(Instant now) {
        return States.of(StateType.PENDING, null, null, now);
    }
}
