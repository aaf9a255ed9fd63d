package dev.jprefect.internal.engine;

import dev.jprefect.FlowRunException;
import dev.jprefect.RunException;
import dev.jprefect.RunState;
import dev.jprefect.TaskRunException;
import dev.jprefect.client.schemas.State;
import dev.jprefect.client.schemas.StateType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * A run's state with its result or failure: the engine's {@link RunState}.
 *
 * @param run which run: flow or task, names and id
 * @param state the state
 * @param value the result, if completed
 * @param error why it did not complete; null if it completed or has not ended yet
 * @param <R> the result's type
 */
record FinalState<R>(RunLabel run, State state, R value, RunException error) implements RunState<R> {

    /** Returns how a driven run ended as its state: completed with its value, or failed with its problem. */
    @SuppressWarnings("unchecked")
    static <R> RunState<R> of(FinalState.RunLabel label, RunDriver.Finish finish) {
        return finish.problem() == null
                ? FinalState.completed(label, finish.state(), (R) finish.value())
                : FinalState.failed(label, finish.state(), finish.problem(), finish.cause());
    }

    /**
     * Names a run in messages: "Flow 'etl' run 'brave-otter' (id)".
     *
     * @param flow true for a flow run, false for a task run
     * @param definition the flow's or task's name
     * @param runName the run's name
     * @param runId the run's id (null before it is created)
     */
    record RunLabel(boolean flow, String definition, String runName, UUID runId) {
        @Override
        public String toString() {
            return (flow ? "Flow '" : "Task '") + definition + "' run '" + runName + "'"
                    + (runId == null ? "" : " (" + runId + ")");
        }

        /** Returns the exception for this run: {@code what} happened, caused by {@code cause} (may be null). */
        RunException exception(String what, Throwable cause, State state) {
            String message = this + " " + what;
            return flow
                    ? new FlowRunException(message, cause, definition, runId, state)
                    : new TaskRunException(message, cause, definition, runId, state);
        }
    }

    /** Returns a completed state with {@code value}. */
    static <R> FinalState<R> completed(RunLabel run, State state, R value) {
        return new FinalState<>(run, state, value, null);
    }

    /** Returns a state that did not complete, for the reason {@code problem}, caused by {@code cause}. */
    static <R> FinalState<R> failed(RunLabel run, State state, String problem, Throwable cause) {
        return new FinalState<>(run, state, null,
                run.exception("ended in state " + state.name() + ": " + problem, cause, state));
    }

    /** Returns a state the run is in for now (e.g. Pending, Running). */
    static <R> FinalState<R> interim(RunLabel run, State state) {
        return new FinalState<>(run, state, null, null);
    }

    /** Returns a state made here rather than by the server, e.g. Pending before a submitted run is created. */
    static State local(StateType type, String name, String message, Instant now) {
        return new State(null, type, name, now.atOffset(ZoneOffset.UTC), message, null, null);
    }

    @Override
    public UUID runId() {
        return run.runId();
    }

    @Override
    public R result() {
        if (error != null) {
            throw error;
        }
        if (!isCompleted()) {
            throw run.exception("has not ended: it is " + state.name(), null, state);
        }
        return value;
    }

    @Override
    public Optional<RunException> failure() {
        return Optional.ofNullable(error);
    }

    /** Returns the state as Prefect's logs show it, e.g. {@code Completed()} or {@code Failed('boom')}. */
    @Override
    public String toString() {
        return state.name() + "(" + (state.message() == null ? "" : "'" + state.message() + "'") + ")";
    }
}
