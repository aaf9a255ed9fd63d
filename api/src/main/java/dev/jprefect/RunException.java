package dev.jprefect;

import dev.jprefect.client.schemas.State;
import java.util.UUID;

/**
 * A flow run or task run that did not complete: it failed, timed out, crashed, was aborted by the
 * server, or could not start because an upstream task run did not complete.
 *
 * <p>The message names the flow or task, the run and its final state; the cause is what the run's
 * function threw (for a timeout, a {@link java.util.concurrent.TimeoutException}; for a crash, the
 * {@link Error} or the interruption).
 */
public abstract sealed class RunException extends RuntimeException permits FlowRunException, TaskRunException {
    private static final long serialVersionUID = 1L;

    private final UUID runId;
    private final transient State state;

    RunException(String message, Throwable cause, UUID runId, State state) {
        super(message, cause);
        this.runId = runId;
        this.state = state;
    }

    /** Returns the id of the run, or null if the run was never created. */
    public UUID runId() {
        return runId;
    }

    /** Returns the state the run ended in, or null if it never had one. */
    public State state() {
        return state;
    }
}
