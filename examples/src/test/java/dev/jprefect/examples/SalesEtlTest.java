package dev.jprefect.examples;

import static dev.jprefect.harness.assertj.PrefectAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.RunState;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.TaskRun;
import dev.jprefect.harness.PrefectTestHarness.Mode;
import dev.jprefect.harness.TestRuns;
import dev.jprefect.harness.VirtualClock;
import dev.jprefect.harness.junit.PrefectTest;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The sales ETL example run against the test harness, as a user would test their own flow.
 *
 * <p>The example's currency service fails the first request for each currency in a JVM, so the
 * test that checks the retries runs first ({@link Order}); later runs find the service answering.
 */
@PrefectTest(timeSkipping = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SalesEtlTest {

    private static final SalesEtl.Params PARAMS = new SalesEtl.Params("orders.csv", "USD");

    /** The orders in orders.csv. */
    private static final int ORDERS = 12;

    private static List<TaskRun> runsOf(TestRuns runs, FlowRun flowRun, String task) {
        return runs.taskRuns(flowRun).stream().filter(t -> t.name().startsWith(task + "-")).collect(Collectors.toList());
    }

    @Test
    @Order(1)
    void the_etl_completes_retrying_the_flaky_rate_service_without_waiting_for_the_delays(
            TestRuns runs, VirtualClock clock) {
        RunState<SalesEtl.LoadReport> state = SalesEtl.ETL.callForState(PARAMS);

        assertThat(state.isCompleted()).as("final state %s: %s", state.name(), state.message()).isTrue();
        assertThat(state.result().orders()).isEqualTo(ORDERS);
        assertThat(state.result().currency()).isEqualTo("USD");

        FlowRun run = runs.flowRun("daily-sales-etl");
        assertThat(run).isCompleted()
                .hasSubflowRuns(1)
                .hasSubflowRun("load-warehouse").isCompleted().hasTaskRuns(2);
        assertThat(run).hasTaskRun("extract").isCompleted().hasRunCount(1);
        assertThat(runsOf(runs, run, "parse")).hasSize(ORDERS).allSatisfy(t -> assertThat(t).isCompleted());
        assertThat(runsOf(runs, run, "convert")).hasSize(ORDERS);

        List<TaskRun> fetches = runsOf(runs, run, "fetch-rate");
        assertThat(fetches).as("a fetch per currency, and the cached one")
                .hasSize(6)
                .allSatisfy(t -> assertThat(t).isCompleted());
        assertThat(fetches).as("rate fetches retried after the service failed")
                .anySatisfy(t -> assertThat(t).hasPassedThrough("AwaitingRetry").hasRunCount(2));
        assertThat(fetches).as("the second EUR fetch answered from the cache")
                .anySatisfy(t -> assertThat(t).hasStateName("Cached"));
        assertThat(clock.skipped()).as("the retry delays passed in virtual time, not waited").isPositive();
    }

    @Test
    @Order(2)
    @PrefectTest(mode = Mode.SERVER)
    void the_etl_completes_against_the_harness_over_http(TestRuns runs) {
        SalesEtl.LoadReport report = SalesEtl.ETL.call(PARAMS);

        assertThat(report.orders()).isEqualTo(ORDERS);
        FlowRun run = runs.onlyFlowRun();
        assertThat(run).isCompleted().hasFlowName("daily-sales-etl").hasSubflowRun("load-warehouse").isCompleted();
        assertThat(run.parameters()).containsEntry("source", "orders.csv").containsEntry("currency", "USD");
        assertThat(run.tags()).contains("example", "sales");
    }
}
