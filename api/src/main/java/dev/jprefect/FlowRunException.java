package dev.jprefect;

import dev.jprefect.client.schemas.State;
import java.util.UUID;

/**
 * A flow run that did not complete, thrown by {@link Flow#call} and by {@link RunState#result()} of
 * a flow run. The message names the flow, the run (name and id) and its final state.
 *
 * <pre>{@code
 * try {
 *     etl.call(params);
 * } catch (FlowRunException e) {
 *     log(e.flowName() + " " + e.runId() + " ended " + e.state().name(), e.getCause());
 * }
 * }</pre>
 */
public final class FlowRunException extends RunException {
    private static final long serialVersionUID = 1L;

    private final String flowName;

    /**
     * Creates the exception; the engine makes these.
     *
     * @param message says which flow and run, and how it ended
     * @param cause what the flow's function threw, or null
     * @param flowName the flow's name
     * @param runId the flow run's id, or null if it was never created
     * @param state the final state, or null
     */
    public FlowRunException(String message, Throwable cause, String flowName, UUID runId, State state) {
        super(message, cause, runId, state);
        this.flowName = flowName;
    }

    /** Returns the name of the flow. */
    public String flowName() {
        return flowName;
    }
}
