package dev.jprefect.integration.prefect;

import static dev.jprefect.harness.assertj.PrefectAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.RunState;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.IdFilter;
import dev.jprefect.client.schemas.Log;
import dev.jprefect.client.schemas.LogFilter;
import dev.jprefect.client.schemas.LogQuery;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.client.schemas.TaskRun;
import dev.jprefect.examples.SalesEtl;
import dev.jprefect.harness.HarnessSession;
import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.TestRuns;
import dev.jprefect.harness.junit.PrefectTest;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The example ETL against the real Prefect server: submitted tasks, retries the server schedules,
 * a cache hit the server answers, a subflow and run logs, each read back from what the real server
 * recorded. Nothing else in this JVM calls the example's flaky rate service, so its first request
 * per currency fails here and the retries happen.
 */
@ExtendWith(RealPrefect.class)
@Timeout(value = RealPrefect.TEST_TIMEOUT_MINUTES, unit = TimeUnit.MINUTES)
@PrefectTest(mode = PrefectTestHarness.Mode.PREFECT_SERVER, scope = PrefectTest.Scope.PER_RUN)
class SalesEtlOnPrefectTest {

    /** The orders in the example's orders.csv. */
    private static final int ORDERS = 12;

    private static List<TaskRun> runsOf(TestRuns runs, FlowRun flowRun, String task) {
        return runs.taskRuns(flowRun).stream().filter(t -> t.name().startsWith(task + "-")).collect(Collectors.toList());
    }

    @SuppressWarnings("try") // the session scope is held for its effect
    @Test
    void the_example_etl_runs_on_the_real_server_with_retries_a_cache_hit_a_subflow_and_logs(
            TestRuns runs, PrefectClient client, HarnessSession session) {
        RunState<SalesEtl.LoadReport> state;
        try (HarnessSession.Scope scope = session.enter()) {
            state = SalesEtl.ETL.callForState(new SalesEtl.Params("orders.csv", "USD"));
        } // leaving the scope sends the queued run logs

        assertThat(state.isCompleted()).as("final state %s: %s", state.name(), state.message()).isTrue();
        assertThat(state.result().orders()).isEqualTo(ORDERS);

        FlowRun run = runs.flowRun("daily-sales-etl");
        assertThat(run).isCompleted()
                .hasStateHistory(StateType.PENDING, StateType.RUNNING, StateType.COMPLETED)
                .hasSubflowRuns(1)
                .hasSubflowRun("load-warehouse").isCompleted().hasTaskRuns(2);
        assertThat(run.parameters()).containsEntry("source", "orders.csv").containsEntry("currency", "USD");
        assertThat(run.tags()).contains("example", "sales");
        assertThat(run).hasTaskRun("extract").isCompleted().hasRunCount(1);
        assertThat(runsOf(runs, run, "parse")).hasSize(ORDERS).allSatisfy(t -> assertThat(t).isCompleted());
        assertThat(runsOf(runs, run, "convert")).hasSize(ORDERS).allSatisfy(t -> assertThat(t).isCompleted());

        List<TaskRun> fetches = runsOf(runs, run, "fetch-rate");
        assertThat(fetches).as("a fetch per currency, and the cached one").hasSize(6);
        assertThat(fetches).as("rate fetches the real server sent to AwaitingRetry, then ran again")
                .anySatisfy(t -> assertThat(t).isCompleted().hasPassedThrough("AwaitingRetry").hasRunCount(2));
        assertThat(fetches).as("the second EUR fetch, answered from the real server's cache")
                .anySatisfy(t -> assertThat(t).hasStateName("Cached"));

        List<Log> logs = client.readLogs(LogQuery.of(LogFilter.all().withFlowRunId(IdFilter.anyOf(run.id()))));
        assertThat(logs).extracting(Log::message)
                .anySatisfy(m -> assertThat(m).isEqualTo("Extracted 12 orders from orders.csv"))
                .anySatisfy(m -> assertThat(m).startsWith("Loaded 12 orders: "));
    }
}
