package dev.jprefect.server.internal.orchestration;

import dev.jprefect.server.internal.storage.StateRow;
import dev.jprefect.server.internal.storage.StateType;
import java.time.Instant;
import java.util.UUID;

/** Makes the states orchestration writes: new ones, and the ones rules write in place of a proposal. */
public final class States {
    private States() {
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

    /** A new state of {@code type} at {@code now}, named after its type if {@code name} is null. */
    public static StateRow of(StateType type, String name, String message, Instant now) {
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
