package dev.jprefect.harness.assertj;

import dev.jprefect.client.schemas.State;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.client.schemas.TaskRun;
import dev.jprefect.harness.TestRuns;
import dev.jprefect.harness.internal.RunReport;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a task run, as the server has it when the assertion starts. Obtain with
 * {@link PrefectAssertions#assertThat(TaskRun)} or {@link FlowRunAssert#hasTaskRun(String)}.
 */
public final class TaskRunAssert extends AbstractAssert<TaskRunAssert, TaskRun> {

    private final TestRuns runs;

    TaskRunAssert(TaskRun run, TestRuns runs) {
        super(run == null ? null : runs.reload(run), TaskRunAssert.class);
        this.runs = runs;
    }

    /** Verifies that the run is {@link StateType#COMPLETED}. */
    public TaskRunAssert isCompleted() {
        return isInState(StateType.COMPLETED);
    }

    /** Verifies that the run is {@link StateType#FAILED}. */
    public TaskRunAssert isFailed() {
        return isInState(StateType.FAILED);
    }

    /** Verifies that the run is {@link StateType#CRASHED}. */
    public TaskRunAssert isCrashed() {
        return isInState(StateType.CRASHED);
    }

    /** Verifies that the run's current state has type {@code type}. */
    public TaskRunAssert isInState(StateType type) {
        isNotNull();
        if (actual.stateType() != type) {
            failWithMessage("Expecting task run '%s' to be %s, but it is %s.%n%s", actual.name(), type, actual.stateType(), details());
        }
        return this;
    }

    /** Verifies that the run's current state has the name {@code stateName}, e.g. {@code "Cached"}. */
    public TaskRunAssert hasStateName(String stateName) {
        isNotNull();
        if (!stateName.equals(actual.stateName())) {
            failWithMessage("Expecting task run '%s' to be in a state named '%s', but it is in '%s'.%n%s",
                    actual.name(), stateName, actual.stateName(), details());
        }
        return this;
    }

    /** Verifies that the message of the run's current state contains {@code text}. */
    public TaskRunAssert hasMessageContaining(String text) {
        isNotNull();
        String message = actual.state() == null ? null : actual.state().message();
        if (message == null || !message.contains(text)) {
            failWithMessage("Expecting the state message of task run '%s' to contain '%s', but it is %s.%n%s",
                    actual.name(), text, message == null ? "empty" : "'" + message + "'", details());
        }
        return this;
    }

    /** Verifies that the run went through exactly these state types, in this order. */
    public TaskRunAssert hasStateHistory(StateType... types) {
        isNotNull();
        List<StateType> actualTypes = runs.states(actual).stream().map(State::type).collect(Collectors.toList());
        if (!actualTypes.equals(Arrays.asList(types))) {
            failWithMessage("Expecting task run '%s' to have the state history %s, but it has %s.%n%s",
                    actual.name(), Arrays.toString(types), actualTypes, details());
        }
        return this;
    }

    /** Verifies that the run was in a state named {@code stateName} at some point, e.g. {@code "Retrying"}. */
    public TaskRunAssert hasPassedThrough(String stateName) {
        isNotNull();
        if (runs.states(actual).stream().noneMatch(s -> stateName.equals(s.name()))) {
            failWithMessage("Expecting task run '%s' to have been in a state named '%s', but it never was.%n%s",
                    actual.name(), stateName, details());
        }
        return this;
    }

    /** Verifies how many times the run entered Running: 1 plus its retries. */
    public TaskRunAssert hasRunCount(int count) {
        isNotNull();
        if (actual.runCount() != count) {
            failWithMessage("Expecting task run '%s' to have run %d times, but it ran %d times.%n%s",
                    actual.name(), count, actual.runCount(), details());
        }
        return this;
    }

    /** The run's state history, for failure messages. */
    private String details() {
        return "Task run: " + RunReport.describe(actual) + String.format("%n  states: ")
                + RunReport.history(runs.states(actual));
    }
}
