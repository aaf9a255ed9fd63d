package dev.jprefect.server.internal.orchestration;

import dev.jprefect.server.internal.schema.Obj;
import dev.jprefect.server.internal.storage.StateDetails;
import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.StateType;
import java.time.Instant;
import java.util.UUID;

/** Makes states: from a client's {@code StateCreate}, and the ones rules write in its place. */
public final class States {
    private States() {
    }

    /**
     * Returns the state a client proposes: a validated {@code StateCreate}, stamped {@code now}, named
     * after its type if unnamed, and, if scheduled without a time, scheduled for {@code now} (as
     * Prefect's state validators do).
     */
    public static StateRow fromCreate(Obj create, Instant now) {
        StateRow s = base(StateType.valueOf(create.string("type")), create.string("name"), now);
        s.message = create.string("message");
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

    /** A Scheduled state named {@code name} for {@code at}. */
    static StateRow scheduled(Instant now, String name, Instant at) {
        StateRow s = base(StateType.SCHEDULED, name, now);
        s.details.scheduledTime = at;
        return s;
    }

    /** Prefect's {@code AwaitingRetry}: Scheduled for {@code at}, keeping the failure's message and data. */
    static StateRow awaitingRetry(Instant now, Instant at, String message, Object data) {
        StateRow s = scheduled(now, "AwaitingRetry", at);
        s.message = message;
        s.data = data;
        return s;
    }

    static StateRow of(StateType type, String name, String message, Instant now) {
        StateRow s = base(type, name, now);
        s.message = message;
        return s;
    }

    /** A copy of {@code state} with a new id and timestamp, as Prefect's {@code fresh_copy}. */
    static StateRow freshCopy(StateRow state, Instant now) {
        StateRow s = state.copy();
        s.id = UUID.randomUUID();
        s.timestamp = now;
        s.created = now;
        s.updated = now;
        s.runId = null;
        return s;
    }

    private static StateRow base(StateType type, String name, Instant now) {
        StateRow s = new StateRow();
        s.id = UUID.randomUUID();
        s.type = type;
        s.name = name == null ? type.defaultName() : name;
        s.timestamp = now;
        s.created = now;
        s.updated = now;
        return s;
    }
}
