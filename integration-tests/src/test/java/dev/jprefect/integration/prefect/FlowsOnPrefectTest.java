package dev.jprefect.integration.prefect;

import static dev.jprefect.harness.assertj.PrefectAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.Flow;
import dev.jprefect.Flows;
import dev.jprefect.RunLogger;
import dev.jprefect.RunState;
import dev.jprefect.Task;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientBuilder;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.IdFilter;
import dev.jprefect.client.schemas.Log;
import dev.jprefect.client.schemas.LogFilter;
import dev.jprefect.client.schemas.LogQuery;
import dev.jprefect.client.schemas.State;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.client.schemas.TaskRun;
import dev.jprefect.client.schemas.TaskRunFilter;
import dev.jprefect.client.schemas.TaskRunQuery;
import dev.jprefect.harness.HarnessSession;
import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.TestRuns;
import dev.jprefect.harness.junit.PrefectTest;
import dev.jprefect.integration.LostAnswers;
import dev.jprefect.settings.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The flow and task engine against the real Prefect server: the real server's orchestration
 * decides retries, cache hits and terminal states, and each test reads back what it recorded.
 */
@ExtendWith(RealPrefect.class)
@Timeout(value = RealPrefect.TEST_TIMEOUT_MINUTES, unit = TimeUnit.MINUTES)
@PrefectTest(mode = PrefectTestHarness.Mode.PREFECT_SERVER, scope = PrefectTest.Scope.PER_RUN)
class FlowsOnPrefectTest {

    /** Real time passes on the real server: short delays keep the suite quick. */
    private static final Duration RETRY_DELAY = Duration.ofMillis(200);

    private static List<String> names(List<State> states) {
        return states.stream().map(State::name).collect(Collectors.toList());
    }

    @Test
    void a_failed_flow_run_is_retried_by_the_real_server(TestRuns runs, PrefectClient client) {
        AtomicInteger attempts = new AtomicInteger();
        Flow<Void, String> flaky = Flow.of("flaky", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("attempt " + attempts.get());
            }
            return "ok";
        }).withRetries(2).withRetryDelay(RETRY_DELAY);

        RunState<String> state = flaky.callForState();

        assertThat(state.result()).isEqualTo("ok");
        assertThat(names(client.readFlowRunStates(state.runId()))).containsExactly("Pending", "Running",
                "AwaitingRetry", "Retrying", "AwaitingRetry", "Retrying", "Completed");
        assertThat(runs.onlyFlowRun()).isCompleted().hasRunCount(3);
    }

    /**
     * Issue 12, finding 8: every state proposal's first answer is lost (the server applied it) and
     * the client retries it. The real server rejects a flow run's repeated {@code transition_id}
     * with the state it is in, so the flow run's history has each state once; it does not
     * deduplicate task runs (Prefect's client sends no transition id for them), so the task run's
     * repeated proposals are applied again, and the engine goes on with what they answer.
     */
    @SuppressWarnings("try") // the client scope is held for its effect
    @Test
    void lost_answers_to_state_proposals_are_retried_and_the_flow_completes(HarnessSession session) {
        LostAnswers lost = LostAnswers.ofStateProposals();
        Task<Void, String> work = Task.of("work", () -> "ok");
        Flow<Void, String> flow = Flow.of("stalled", () -> work.call());
        RunState<String> state;
        try (PrefectClient lossy = PrefectClientBuilder.create()
                .settings(Settings.isolated(Map.of(
                        "PREFECT_API_URL", session.harness().apiUrl().toString())))
                .interceptor(lost)
                .build();
                Flows.ClientScope scope = Flows.using(lossy)) {
            state = flow.callForState();
        }

        assertThat(state.result()).isEqualTo("ok");
        assertThat(lost.lost()).isEqualTo(4); // Running and Completed of the flow run and of the task run
        assertThat(lost.answered()).isEqualTo(4);
        PrefectClient client = session.client();
        assertThat(names(client.readFlowRunStates(state.runId()))).containsExactly("Pending", "Running", "Completed");
        FlowRun run = client.readFlowRun(state.runId());
        assertThat(run.runCount()).isEqualTo(1);
        TaskRun task = client.readTaskRuns(TaskRunQuery.all().withTaskRuns(
                TaskRunFilter.all().withFlowRunId(IdFilter.anyOf(run.id())))).get(0);
        assertThat(task.stateType()).isEqualTo(StateType.COMPLETED);
        assertThat(names(client.readTaskRunStates(task.id()))).as("Prefect applies a task run's repeats")
                .containsExactly("Pending", "Running", "Rerunning", "Completed", "Completed");
    }

    @Test
    void a_flow_run_whose_retries_are_exhausted_fails(TestRuns runs) {
        Flow<Void, String> broken = Flow.<String>of("broken", () -> {
            throw new IllegalStateException("always");
        }).withRetries(1).withRetryDelay(RETRY_DELAY);

        RunState<String> state = broken.callForState();

        assertThat(state.type()).isEqualTo(StateType.FAILED);
        assertThat(runs.onlyFlowRun()).isFailed().hasRunCount(2).hasPassedThrough("AwaitingRetry");
    }

    @Test
    void a_failed_task_run_is_retried_by_the_real_server_and_its_flow_completes(TestRuns runs, PrefectClient client) {
        AtomicInteger attempts = new AtomicInteger();
        Task<Void, String> flaky = Task.of("flaky-task", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("attempt " + attempts.get());
            }
            return "ok";
        }).withRetries(2).withRetryDelay(RETRY_DELAY);
        Flow<Void, String> flow = Flow.of("retrying-task", () -> flaky.call());

        assertThat(flow.call()).isEqualTo("ok");

        FlowRun run = runs.onlyFlowRun();
        assertThat(run).isCompleted();
        TaskRun task = runs.taskRun(run, "flaky-task");
        assertThat(names(client.readTaskRunStates(task.id()))).containsExactly("Pending", "Running",
                "AwaitingRetry", "Retrying", "AwaitingRetry", "Retrying", "Completed");
        assertThat(task.runCount()).isEqualTo(3);
        assertThat(task.empiricalPolicy().retries()).isEqualTo(2);
    }

    @Test
    void a_failed_task_fails_its_flow_run(TestRuns runs) {
        Task<Void, String> failing = Task.<String>of("failing", () -> {
            throw new IllegalArgumentException("bad input");
        });
        Flow<Void, String> flow = Flow.of("fails-by-task", () -> failing.call());

        RunState<String> state = flow.callForState();

        assertThat(state.type()).isEqualTo(StateType.FAILED);
        FlowRun run = runs.onlyFlowRun();
        assertThat(run).isFailed().hasTaskRun("failing").isFailed().hasMessageContaining("bad input");
    }

    @Test
    void the_real_server_answers_a_second_run_with_the_same_cache_key_from_its_cache(TestRuns runs) {
        AtomicInteger calls = new AtomicInteger();
        String key = "fetch:" + java.util.UUID.randomUUID();
        Task<String, String> fetch = Task.of("fetch", (String k) -> k + "#" + calls.incrementAndGet())
                .withCacheKey(k -> key + ":" + k, Duration.ofHours(1));
        Flow<Void, List<RunState<String>>> flow = Flow.of("cached",
                () -> List.of(fetch.callForState("a"), fetch.callForState("a"), fetch.callForState("b")));

        List<RunState<String>> states = flow.call();

        assertThat(states).extracting(RunState::name).containsExactly("Completed", "Cached", "Completed");
        assertThat(states).extracting(RunState::result).containsExactly("a#1", "a#1", "b#2");
        assertThat(calls).hasValue(2);
        List<TaskRun> recorded = runs.taskRuns(runs.onlyFlowRun());
        assertThat(recorded).extracting(TaskRun::stateName).containsExactlyInAnyOrder("Completed", "Cached", "Completed");
    }

    @Test
    void a_task_run_that_takes_too_long_times_out(TestRuns runs, PrefectClient client) {
        CountDownLatch never = new CountDownLatch(1);
        Task<Void, String> slow = Task.of("slow-task", () -> {
            try {
                never.await(30, TimeUnit.SECONDS); // bounded: the interrupt is what should end it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "late";
        }).withTimeout(Duration.ofMillis(100));
        Flow<Void, RunState<String>> flow = Flow.of("waits", () -> slow.callForState(null));

        RunState<String> taskState = flow.call();

        assertThat(taskState.name()).isEqualTo("TimedOut");
        TaskRun recorded = client.readTaskRun(taskState.runId());
        assertThat(recorded.stateName()).isEqualTo("TimedOut");
        assertThat(recorded.stateType()).isEqualTo(StateType.FAILED);
    }

    @Test
    void a_flow_run_that_takes_too_long_times_out(TestRuns runs) {
        CountDownLatch never = new CountDownLatch(1);
        Flow<Void, String> slow = Flow.of("slow", () -> {
            try {
                never.await(30, TimeUnit.SECONDS); // bounded: the interrupt is what should end it
                return "finished";
            } catch (InterruptedException e) {
                return "interrupted";
            }
        }).withTimeout(Duration.ofMillis(100));

        RunState<String> state = slow.callForState();

        assertThat(state.name()).isEqualTo("TimedOut");
        assertThat(runs.onlyFlowRun()).isFailed().hasStateName("TimedOut")
                .hasMessageContaining("Flow run exceeded timeout of 0.1 second(s)");
    }

    @Test
    void subflows_nest_each_linked_by_a_task_run_in_its_parent(TestRuns runs) {
        Flow<Integer, Integer> inner = Flow.of("level-3", (Integer n) -> n * 10);
        Flow<Integer, Integer> middle = Flow.of("level-2", (Integer n) -> inner.call(n + 1));
        Flow<Integer, Integer> top = Flow.of("level-1", (Integer n) -> middle.call(n + 1));

        assertThat(top.call(1)).isEqualTo(30);

        FlowRun run = runs.flowRun("level-1");
        assertThat(run).isCompleted().hasSubflowRuns(1)
                .hasSubflowRun("level-2").isCompleted().hasSubflowRuns(1)
                .hasSubflowRun("level-3").isCompleted();
        assertThat(runs.taskRuns(run)).singleElement()
                .satisfies(t -> assertThat(t).isCompleted().hasStateName("Completed"));
    }

    @SuppressWarnings("try") // the session scope is held for its effect
    @Test
    void run_logs_reach_the_real_server_tagged_with_their_runs(HarnessSession session, PrefectClient client) {
        Task<Void, Integer> work = Task.of("work", () -> {
            RunLogger.current().info("working on %d items", 3);
            return 3;
        });
        Flow<Void, Integer> flow = Flow.of("logging", () -> {
            RunLogger.current().warning("starting");
            return work.call();
        });

        RunState<Integer> state;
        try (HarnessSession.Scope scope = session.enter()) {
            state = flow.callForState();
        } // leaving the scope sends the queued logs

        List<Log> logs = client.readLogs(LogQuery.of(LogFilter.all().withFlowRunId(IdFilter.anyOf(state.runId()))));
        assertThat(logs).anySatisfy(log -> {
            assertThat(log.message()).isEqualTo("starting");
            assertThat(log.level()).isEqualTo(30);
            assertThat(log.name()).isEqualTo("prefect.flow_runs");
            assertThat(log.taskRunId()).isNull();
        });
        assertThat(logs).anySatisfy(log -> {
            assertThat(log.message()).isEqualTo("working on 3 items");
            assertThat(log.level()).isEqualTo(20);
            assertThat(log.name()).isEqualTo("prefect.task_runs");
            assertThat(log.taskRunId()).isNotNull();
        });
    }
}
