package dev.jprefect;

import dev.jprefect.client.schemas.State;
import dev.jprefect.client.schemas.StateType;
import java.util.Optional;
import java.util.UUID;

/**
 * The state a flow run or task run is in, with its result once it has one: what
 * {@link Flow#callForState}, {@link Task#callForState} and {@link TaskFuture#state()} return.
 *
 * <p>A completed run's {@link #result()} is the value its function returned (or, for a cache hit,
 * the cached value); any other final state's {@link #result()} throws the run's
 * {@link RunException}, also available without throwing from {@link #failure()}.
 *
 * <pre>{@code
 * RunState<Integer> state = flow.callForState(input);
 * if (state.isCompleted()) {
 *     use(state.result());
 * } else {
 *     System.err.println(state.name() + ": " + state.message());   // e.g. "TimedOut: Flow run exceeded ..."
 * }
 * }</pre>
 *
 * @param <R> the type of the run's result
 */
public interface RunState<R> {

    /** Returns the run's id, or null for a submitted task whose run has not been created yet. */
    UUID runId();

    /** Returns the state as the server stored it (type, name, message, timestamp, details). */
    State state();

    /** Returns the state's type, e.g. {@link StateType#COMPLETED}. */
    default StateType type() {
        return state().type();
    }

    /** Returns the state's name, e.g. {@code "Completed"}, {@code "Cached"}, {@code "TimedOut"}. */
    default String name() {
        return state().name();
    }

    /** Returns the state's message, or null; a failed state's says why, e.g. the exception. */
    default String message() {
        return state().message();
    }

    /** Returns true if the run completed (including a cache hit): {@link #result()} then returns its value. */
    default boolean isCompleted() {
        return type() == StateType.COMPLETED;
    }

    /** Returns true if the run has ended: completed, failed (including timed out), crashed or cancelled. */
    default boolean isFinal() {
        return type().isFinal();
    }

    /**
     * Returns the run's result if it completed.
     *
     * @throws RunException (a {@link FlowRunException} or {@link TaskRunException}) if it ended in any
     *     other state, or has not ended yet
     */
    R result();

    /** Returns why the run did not complete, or empty if it completed. */
    Optional<RunException> failure();
}
