package dev.jprefect;

import dev.jprefect.client.schemas.State;
import java.util.UUID;

/**
 * A task run that did not complete, thrown by {@link Task#call}, {@link TaskFuture#join()} and
 * {@link RunState#result()} of a task run. The message names the task, the run (name and id) and
 * its final state. Uncaught in a flow's function, it fails the flow run.
 */
public final class TaskRunException extends RunException {
    private static final long serialVersionUID = 1L;

    private final String taskName;

    /**
     * Creates the exception; the engine makes these.
     *
     * @param message says which task and run, and how it ended
     * @param cause what the task's function threw, or null
     * @param taskName the task's name
     * @param runId the task run's id, or null if it was never created
     * @param state the final state, or null
     */
    public TaskRunException(String message, Throwable cause, String taskName, UUID runId, State state) {
        super(message, cause, runId, state);
        this.taskName = taskName;
    }

    /** Returns the name of the task. */
    public String taskName() {
        return taskName;
    }
}
