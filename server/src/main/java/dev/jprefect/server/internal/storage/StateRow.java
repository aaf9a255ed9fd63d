package dev.jprefect.server.internal.storage;

import java.time.Instant;
import java.util.UUID;

/** A state of a flow run or task run, as Prefect's {@code State}. */
public final class StateRow extends Row<StateRow> {
    /** Index of the states of one run, by run id. */
    public static final Index<StateRow> BY_RUN = Index.many("run_id", s -> s.runId);
    /** The states of flow runs, each written once and never changed. */
    public static final TableSpec<StateRow> FLOW_RUN_STATES = TableSpec.of("flow_run_state", BY_RUN);
    /** The states of task runs, each written once and never changed. */
    public static final TableSpec<StateRow> TASK_RUN_STATES = TableSpec.of("task_run_state", BY_RUN);

    /** The flow run or task run this state belongs to. */
    public UUID runId;
    public StateType type;
    public String name;
    public Instant timestamp;
    public String message;
    /** The result or error the client attached: an immutable JSON tree, or null. */
    public Object data;
    public StateDetails details = new StateDetails();
    /**
     * The {@code transition_id} of the proposal this state was written in place of, when a rule
     * rejected that proposal with this state (a failed run's AwaitingRetry); null otherwise. Kept
     * for duplicate detection only, never shown: Prefect's state has no such field.
     */
    public UUID answeredTransitionId;

    @Override
    public StateRow copy() {
        StateRow c = copyBase(new StateRow());
        c.runId = runId;
        c.type = type;
        c.name = name;
        c.timestamp = timestamp;
        c.message = message;
        c.data = data;
        c.details = details.copy();
        c.answeredTransitionId = answeredTransitionId;
        return c;
    }
}
