package dev.jprefect.harness.assertj;

import static dev.jprefect.harness.assertj.PrefectAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.StateCreate;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.client.schemas.TaskRun;
import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.Runs;
import dev.jprefect.harness.TestRuns;
import dev.jprefect.harness.junit.PrefectTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@PrefectTest
class RunAssertionsTest {

    private FlowRun run;

    /** A failed flow run: task 'extract' completed, task 'load' failed after three runs. */
    @BeforeEach
    void makeRuns(PrefectClient client) {
        run = Runs.flowRun(client, "nightly-etl", StateType.PENDING, StateType.RUNNING);
        Runs.taskRun(client, run, "extract", 0, StateType.RUNNING, StateType.COMPLETED);
        TaskRun load = Runs.taskRun(client, run, "load", 0, StateType.RUNNING);
        client.setTaskRunState(load.id(), StateCreate.of(StateType.SCHEDULED, "AwaitingRetry"), true);
        client.setTaskRunState(load.id(), StateCreate.of(StateType.RUNNING, "Retrying"), true);
        Runs.fail(client, load, "connection refused by warehouse");
        client.setFlowRunState(run.id(), StateCreate.of(StateType.FAILED).withMessage("1/2 tasks failed"), false);
    }

    @Test
    void passing_assertions_read_naturally() {
        assertThat(run).isFailed()
                .hasFlowName("nightly-etl")
                .hasTaskRuns(2)
                .hasSubflowRuns(0)
                .hasMessageContaining("1/2 tasks failed")
                .hasStateHistory(StateType.PENDING, StateType.RUNNING, StateType.FAILED);
        assertThat(run).hasTaskRun("load").isFailed()
                .hasMessageContaining("connection refused")
                .hasPassedThrough("AwaitingRetry")
                .hasPassedThrough("Retrying")
                .hasRunCount(2);
        assertThat(run).hasTaskRun("extract").isCompleted().hasRunCount(1);
    }

    @Test
    void the_run_is_read_afresh_not_taken_as_given(PrefectClient client) {
        FlowRun stale = Runs.flowRun(client, "later", StateType.PENDING);
        client.setFlowRunState(stale.id(), StateCreate.of(StateType.RUNNING), false);
        client.setFlowRunState(stale.id(), StateCreate.of(StateType.COMPLETED), false);

        assertThat(stale).isCompleted();
    }

    @Test
    void a_failed_state_assertion_shows_the_run_its_history_and_task_runs() {
        assertThatThrownBy(() -> assertThat(run).isCompleted())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting flow run '" + run.name() + "' of flow 'nightly-etl' to be COMPLETED, but it is FAILED.")
                .hasMessageContaining("[FAILED: 1/2 tasks failed]")
                .hasMessageContaining("PENDING -> ")
                .hasMessageContaining("task runs: 'extract-0' [COMPLETED], 'load-0' [FAILED: connection refused by warehouse] after 2 runs");
    }

    @Test
    void a_missing_task_run_is_named_with_the_task_runs_there_are() {
        assertThatThrownBy(() -> assertThat(run).hasTaskRun("transform"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have a run of task 'transform'")
                .hasMessageContaining("no task run of task 'transform'")
                .hasMessageContaining("'extract-0' [COMPLETED]");
    }

    @Test
    void a_failed_task_run_assertion_shows_its_state_history() {
        assertThatThrownBy(() -> assertThat(run).hasTaskRun("load").isCompleted())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting task run 'load-0' to be COMPLETED, but it is FAILED.")
                .hasMessageContaining("SCHEDULED 'AwaitingRetry' -> ")
                .hasMessageContaining("RUNNING 'Retrying' -> ");
        assertThatThrownBy(() -> assertThat(run).hasTaskRun("load").hasMessageContaining("timeout"))
                .hasMessageContaining("to contain 'timeout', but it is 'connection refused by warehouse'");
        assertThatThrownBy(() -> assertThat(run).hasTaskRuns(3))
                .hasMessageContaining("to have 3 task runs, but it has 2.");
    }

    /** Runs {@code body} on a thread that inherits no harness session, and returns what it threw. */
    private static Throwable onAThreadWithoutSession(Runnable body) throws InterruptedException {
        Throwable[] thrown = new Throwable[1];
        Thread outside = new Thread(null, () -> {
            try {
                body.run();
            } catch (Throwable t) {
                thrown[0] = t;
            }
        }, "no-session", 0, false);
        outside.start();
        outside.join(30_000);
        return thrown[0];
    }

    @Test
    void explicit_runs_work_outside_a_harness_session(PrefectTestHarness harness) throws Exception {
        TestRuns all = harness.runs();
        FlowRun theRun = run;

        org.assertj.core.api.Assertions.assertThat(onAThreadWithoutSession(() -> assertThat(theRun, all).isFailed()))
                .isNull();
        org.assertj.core.api.Assertions.assertThat(onAThreadWithoutSession(() -> assertThat(theRun, all).isCompleted()))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void without_a_session_the_error_says_how_to_get_one() throws Exception {
        FlowRun theRun = run;

        org.assertj.core.api.Assertions.assertThat(onAThreadWithoutSession(() -> assertThat(theRun)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no Prefect test harness is entered on thread no-session")
                .hasMessageContaining("@PrefectTest");
    }
}
