package dev.jprefect.harness.assertj;

import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.TaskRun;
import dev.jprefect.harness.HarnessSession;
import dev.jprefect.harness.TestRuns;
import dev.jprefect.harness.internal.CurrentSession;
import java.util.Objects;

/**
 * AssertJ entry points for Prefect runs: {@code assertThat(run).isCompleted().hasTaskRuns(3)}.
 *
 * <p>Assertions read the run afresh from the server, and look up its states, task runs and
 * subflow runs there, through the harness session entered on the current thread (the test's own,
 * under {@code @PrefectTest}); outside one, pass the {@link TestRuns} to read with. Failure messages
 * show the run's name, flow, state history and task runs.
 *
 * <pre>{@code
 * import static dev.jprefect.harness.assertj.PrefectAssertions.assertThat;
 *
 * FlowRun run = runs.flowRun("etl");
 * assertThat(run).isCompleted().hasTaskRuns(3);
 * assertThat(run).hasTaskRun("load").isFailed().hasMessageContaining("connection refused");
 * }</pre>
 */
public final class PrefectAssertions {

    private PrefectAssertions() {
    }

    /**
     * Returns assertions on {@code run}, read through the harness session entered on this thread.
     *
     * @throws IllegalStateException if no harness session is entered on this thread
     */
    public static FlowRunAssert assertThat(FlowRun run) {
        return new FlowRunAssert(run, current());
    }

    /** Returns assertions on {@code run}, read through {@code runs}. */
    public static FlowRunAssert assertThat(FlowRun run, TestRuns runs) {
        return new FlowRunAssert(run, Objects.requireNonNull(runs, "runs"));
    }

    /**
     * Returns assertions on {@code run}, read through the harness session entered on this thread.
     *
     * @throws IllegalStateException if no harness session is entered on this thread
     */
    public static TaskRunAssert assertThat(TaskRun run) {
        return new TaskRunAssert(run, current());
    }

    /** Returns assertions on {@code run}, read through {@code runs}. */
    public static TaskRunAssert assertThat(TaskRun run, TestRuns runs) {
        return new TaskRunAssert(run, Objects.requireNonNull(runs, "runs"));
    }

    private static TestRuns current() {
        return CurrentSession.get().map(HarnessSession::runs).orElseThrow(() -> new IllegalStateException(
                "no Prefect test harness is entered on thread " + Thread.currentThread().getName()
                        + ", so there is nothing to read the run from: annotate the test with @PrefectTest, start a"
                        + " harness with PrefectTestHarness.start(), or pass the runs: assertThat(run, harness.runs())"));
    }
}
