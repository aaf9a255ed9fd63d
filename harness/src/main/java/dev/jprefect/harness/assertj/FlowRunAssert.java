package dev.jprefect.harness.assertj;

import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.Log;
import dev.jprefect.client.schemas.State;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.client.schemas.TaskRun;
import dev.jprefect.harness.TestRuns;
import dev.jprefect.harness.internal.RunReport;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a flow run, as the server has it when the assertion starts. Obtain with
 * {@link PrefectAssertions#assertThat(FlowRun)}.
 */
public final class FlowRunAssert extends AbstractAssert<FlowRunAssert, FlowRun> {

    private final TestRuns runs;

    FlowRunAssert(FlowRun run, TestRuns runs) {
        super(run == null ? null : runs.reload(run), FlowRunAssert.class);
        this.runs = runs;
    }

    /** Verifies that the run is {@link StateType#COMPLETED}. */
    public FlowRunAssert isCompleted() {
        return isInState(StateType.COMPLETED);
    }

    /** Verifies that the run is {@link StateType#FAILED}. */
    public FlowRunAssert isFailed() {
        return isInState(StateType.FAILED);
    }

    /** Verifies that the run is {@link StateType#CRASHED}. */
    public FlowRunAssert isCrashed() {
        return isInState(StateType.CRASHED);
    }

    /** Verifies that the run is {@link StateType#CANCELLED}. */
    public FlowRunAssert isCancelled() {
        return isInState(StateType.CANCELLED);
    }

    /** Verifies that the run's current state has type {@code type}. */
    public FlowRunAssert isInState(StateType type) {
        isNotNull();
        if (actual.stateType() != type) {
            failWithMessage("Expecting flow run %s to be %s, but it is %s.%n%s", name(), type, actual.stateType(), details());
        }
        return this;
    }

    /** Verifies that the run's current state has the name {@code stateName}, e.g. {@code "TimedOut"}. */
    public FlowRunAssert hasStateName(String stateName) {
        isNotNull();
        if (!stateName.equals(actual.stateName())) {
            failWithMessage("Expecting flow run %s to be in a state named '%s', but it is in '%s'.%n%s",
                    name(), stateName, actual.stateName(), details());
        }
        return this;
    }

    /** Verifies that the message of the run's current state contains {@code text}. */
    public FlowRunAssert hasMessageContaining(String text) {
        isNotNull();
        String message = actual.state() == null ? null : actual.state().message();
        if (message == null || !message.contains(text)) {
            failWithMessage("Expecting the state message of flow run %s to contain '%s', but it is %s.%n%s",
                    name(), text, message == null ? "empty" : "'" + message + "'", details());
        }
        return this;
    }

    /** Verifies that the run went through exactly these state types, in this order. */
    public FlowRunAssert hasStateHistory(StateType... types) {
        isNotNull();
        List<State> states = runs.states(actual);
        List<StateType> actualTypes = states.stream().map(State::type).collect(Collectors.toList());
        if (!actualTypes.equals(Arrays.asList(types))) {
            failWithMessage("Expecting flow run %s to have the state history %s, but it has %s.%n%s",
                    name(), Arrays.toString(types), actualTypes, details());
        }
        return this;
    }

    /** Verifies that the run was in a state named {@code stateName} at some point, e.g. {@code "AwaitingRetry"}. */
    public FlowRunAssert hasPassedThrough(String stateName) {
        isNotNull();
        if (runs.states(actual).stream().noneMatch(s -> stateName.equals(s.name()))) {
            failWithMessage("Expecting flow run %s to have been in a state named '%s', but it never was.%n%s",
                    name(), stateName, details());
        }
        return this;
    }

    /** Verifies how many times the run entered Running. */
    public FlowRunAssert hasRunCount(int count) {
        isNotNull();
        if (actual.runCount() != count) {
            failWithMessage("Expecting flow run %s to have run %d times, but it ran %d times.%n%s",
                    name(), count, actual.runCount(), details());
        }
        return this;
    }

    /** Verifies that the run runs the flow named {@code flowName}. */
    public FlowRunAssert hasFlowName(String flowName) {
        isNotNull();
        String actualName = runs.flowName(actual);
        if (!flowName.equals(actualName)) {
            failWithMessage("Expecting flow run '%s' to run flow '%s', but it runs '%s'.", actual.name(), flowName, actualName);
        }
        return this;
    }

    /** Verifies how many task runs the run has (a subflow's placeholder task run counts, as in Prefect). */
    public FlowRunAssert hasTaskRuns(int count) {
        isNotNull();
        List<TaskRun> taskRuns = runs.taskRuns(actual);
        if (taskRuns.size() != count) {
            failWithMessage("Expecting flow run %s to have %d task runs, but it has %d.%n%s",
                    name(), count, taskRuns.size(), details());
        }
        return this;
    }

    /**
     * Verifies that the run has exactly one run of the task named {@code taskName} ({@code name} or
     * {@code name-N}) and returns assertions on it.
     */
    public TaskRunAssert hasTaskRun(String taskName) {
        isNotNull();
        TaskRun taskRun = null;
        try {
            taskRun = runs.taskRun(actual, taskName);
        } catch (NoSuchElementException e) {
            failWithMessage("Expecting flow run %s to have a run of task '%s': %s.%n%s", name(), taskName, e.getMessage(), details());
        }
        return new TaskRunAssert(taskRun, runs);
    }

    /** Verifies how many subflow runs the run started directly. */
    public FlowRunAssert hasSubflowRuns(int count) {
        isNotNull();
        List<FlowRun> subflows = runs.subflowRuns(actual);
        if (subflows.size() != count) {
            failWithMessage("Expecting flow run %s to have %d subflow runs, but it has %d.%n%s",
                    name(), count, subflows.size(), details());
        }
        return this;
    }

    /** Verifies that the run started exactly one subflow run of the flow named {@code flowName}, and returns assertions on it. */
    public FlowRunAssert hasSubflowRun(String flowName) {
        isNotNull();
        List<FlowRun> matches = runs.subflowRuns(actual).stream()
                .filter(run -> flowName.equals(runs.flowName(run)))
                .collect(Collectors.toList());
        if (matches.size() != 1) {
            failWithMessage("Expecting flow run %s to have exactly one subflow run of flow '%s', but it has %d.%n%s",
                    name(), flowName, matches.size(), details());
        }
        return new FlowRunAssert(matches.get(0), runs);
    }

    /** Verifies that some log line of the run or its task runs contains {@code text}. */
    public FlowRunAssert hasLogContaining(String text) {
        isNotNull();
        List<Log> logs = runs.logs(actual);
        if (logs.stream().noneMatch(log -> log.message() != null && log.message().contains(text))) {
            failWithMessage("Expecting a log line of flow run %s to contain '%s', but none of its %d lines does.%n%s",
                    name(), text, logs.size(), details());
        }
        return this;
    }

    private String name() {
        return "'" + actual.name() + "' of flow '" + runs.flowName(actual) + "'";
    }

    /** The run's state history and task runs, for failure messages. */
    private String details() {
        StringBuilder out = new StringBuilder("Flow run: ").append(RunReport.describe(actual, runs.flowName(actual)))
                .append(String.format("%n  states: ")).append(RunReport.history(runs.states(actual)));
        List<TaskRun> taskRuns = runs.taskRuns(actual);
        out.append(String.format("%n  task runs: "));
        if (taskRuns.isEmpty()) {
            out.append("none");
        } else {
            out.append(taskRuns.stream().map(RunReport::describe).collect(Collectors.joining(", ")));
        }
        return out.toString();
    }
}
