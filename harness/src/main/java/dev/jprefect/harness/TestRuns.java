package dev.jprefect.harness;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.Event;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.Log;
import dev.jprefect.client.schemas.State;
import dev.jprefect.client.schemas.TaskRun;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Queries over the flow runs and task runs a test produced, read fresh from the harness's server
 * on every call: a {@link HarnessSession}'s runs, or every run of a {@link PrefectTestHarness}.
 *
 * <p>Runs come oldest first. Task runs are found by task name: {@code "load"} matches a task run
 * named {@code load} or, as Prefect names the runs of a task, {@code load-0}, {@code load-1}, ...
 *
 * <pre>{@code
 * FlowRun run = runs.flowRun("etl");
 * TaskRun load = runs.taskRun(run, "load");
 * List<State> history = runs.states(load);
 * }</pre>
 */
public interface TestRuns {

    /** Returns the flow runs, subflow runs included, oldest first. */
    List<FlowRun> flowRuns();

    /** Returns the flow runs of the flow named {@code flowName}, oldest first. */
    List<FlowRun> flowRuns(String flowName);

    /**
     * Returns the one flow run of the flow named {@code flowName}.
     *
     * @throws NoSuchElementException if there is none, or more than one, listing what there is
     */
    FlowRun flowRun(String flowName);

    /**
     * Returns the one flow run that is not a subflow run.
     *
     * @throws NoSuchElementException if there is none, or more than one, listing what there is
     */
    FlowRun onlyFlowRun();

    /** Returns the subflow runs that {@code parent} started directly, oldest first. */
    List<FlowRun> subflowRuns(FlowRun parent);

    /** Returns the task runs, in or out of flows, oldest first. */
    List<TaskRun> taskRuns();

    /** Returns the task runs of {@code flowRun} (a subflow's placeholder task run included), oldest first. */
    List<TaskRun> taskRuns(FlowRun flowRun);

    /**
     * Returns the one task run of {@code flowRun} whose task is named {@code taskName}.
     *
     * @throws NoSuchElementException if there is none, or more than one, listing the task runs there are
     */
    TaskRun taskRun(FlowRun flowRun, String taskName);

    /** Returns the flow run as the server has it now. */
    FlowRun reload(FlowRun flowRun);

    /** Returns the task run as the server has it now. */
    TaskRun reload(TaskRun taskRun);

    /** Returns the name of the flow that {@code flowRun} runs. */
    String flowName(FlowRun flowRun);

    /** Returns the states {@code flowRun} went through, oldest first. */
    List<State> states(FlowRun flowRun);

    /** Returns the states {@code taskRun} went through, oldest first. */
    List<State> states(TaskRun taskRun);

    /** Returns the logs of {@code flowRun} and its task runs, oldest first. */
    List<Log> logs(FlowRun flowRun);

    /**
     * Returns the events about {@code flowRun}, oldest first: its state changes as the server emits
     * them ({@code prefect.flow-run.Pending} ...) and the events emitted inside it, which name it as
     * a related resource. (The real Prefect server of the {@code PREFECT_SERVER} mode runs without
     * its services, so it stores no events and this is empty there.)
     */
    List<Event> events(FlowRun flowRun);

    /**
     * Returns a readable account of every flow run (subflows nested under their parents) with its
     * state history, task runs and last log lines: what a failing test prints.
     */
    String report();

    /** Returns the client the queries use. */
    PrefectClient client();
}
