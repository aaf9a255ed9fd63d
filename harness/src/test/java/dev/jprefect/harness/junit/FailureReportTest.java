package dev.jprefect.harness.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.jprefect.Flow;
import dev.jprefect.RunLogger;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.client.schemas.TaskRun;
import dev.jprefect.harness.Runs;
import dev.jprefect.settings.Settings;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs small test classes with JUnit's engine test kit and checks what the extension reports. */
class FailureReportTest {

    /** A test that makes a flow run with a failed task run, then fails. Run only by the kit. */
    @PrefectTest
    static class FailingTest {
        @Test
        void fails_after_making_runs(PrefectClient client) {
            FlowRun run = Runs.flowRun(client, "nightly-etl", StateType.PENDING, StateType.RUNNING);
            TaskRun load = Runs.taskRun(client, run, "load", 0, StateType.PENDING, StateType.RUNNING);
            Runs.fail(client, load, "connection refused by warehouse");
            Runs.taskRun(client, run, "extract", 0, StateType.PENDING, StateType.RUNNING, StateType.COMPLETED);
            client.setFlowRunState(run.id(), dev.jprefect.client.schemas.StateCreate.of(StateType.FAILED)
                    .withMessage("1/2 states failed"), false);
            throw new AssertionError("the test under test fails");
        }

        @Test
        void passes(PrefectClient client) {
            Runs.flowRun(client, "flow-of-the-passing-test", StateType.PENDING);
        }
    }

    /** A test whose flow logs, then fails: the report must hold the log lines, sent before it was written. */
    @PrefectTest
    static class FailingFlowTest {
        @Test
        void a_flow_that_logs_and_fails() {
            Flow<Void, String> flow = Flow.of("noisy", () -> {
                RunLogger.current().info("fetched %d rows", 42);
                RunLogger.current().warning("row 7 looks odd");
                throw new IllegalStateException("boom in the flow");
            });
            flow.call();
        }
    }

    /** A test whose flow's subflow fails: the report must hold the subflow's lines, the engine's too. */
    @PrefectTest
    static class FailingSubflowTest {
        @Test
        void a_flow_whose_subflow_fails() {
            Flow<Void, String> load = Flow.<String>of("load", () -> {
                RunLogger.current().info("loading into the warehouse");
                throw new IllegalStateException("warehouse is down");
            });
            Flow<Void, String> etl = Flow.<String>of("etl", () -> {
                RunLogger.current().info("extracted 3 rows");
                return load.call();
            });
            etl.call();
        }
    }

    @Test
    void the_report_holds_a_failed_subflow_s_log_lines_under_it() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(FailingSubflowTest.class))
                .execute();

        results.testEvents().assertStatistics(stats -> stats.failed(1));
        String report = reports(results).get(0);
        assertThat(report)
                .contains("extracted 3 rows")
                .contains("loading into the warehouse")
                .contains("ERROR prefect.flow_runs: Flow run failed with exception: IllegalStateException: warehouse is down");
        assertThat(report.indexOf("loading into the warehouse")).as("the subflow's lines come under the subflow run")
                .isGreaterThan(report.indexOf("subflow run '"));
    }

    @Test
    void the_report_holds_the_flow_s_last_log_lines_and_its_failure() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(FailingFlowTest.class))
                .execute();

        results.testEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(reports(results)).singleElement().asString()
                .contains("of flow 'noisy' [FAILED")
                .contains("boom in the flow")
                .contains("logs:")
                .contains("INFO")
                .contains("fetched 42 rows")
                .contains("WARNING")
                .contains("row 7 looks odd")
                .contains("ERROR prefect.flow_runs: Flow run failed with exception: IllegalStateException: boom in the flow")
                .contains("ERROR prefect.flow_runs: Finished in state Failed");
    }

    private static List<String> reports(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(event -> event.getPayload(ReportEntry.class))
                .flatMap(Optional::stream)
                .flatMap(entry -> entry.getKeyValuePairs().entrySet().stream())
                .filter(pair -> pair.getKey().equals(PrefectTestExtension.REPORT_KEY))
                .map(pair -> pair.getValue())
                .collect(Collectors.toList());
    }

    @Test
    void a_failing_test_reports_its_runs_with_state_histories_and_a_passing_one_reports_nothing() {
        Optional<String> before = Settings.current().raw("PREFECT_API_URL");

        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(FailingTest.class))
                .execute();

        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(1));
        List<String> reports = reports(results);
        assertThat(reports).hasSize(1);
        String report = reports.get(0);
        assertThat(report)
                .startsWith("Prefect runs of failed test fails_after_making_runs(PrefectClient) (IN_PROCESS harness at inmemory://")
                .contains("flow run '")
                .contains("of flow 'nightly-etl' [FAILED: 1/2 states failed]")
                .containsPattern("states: \\d\\d:\\d\\d:\\d\\d\\.\\d{3} PENDING -> \\d\\d:\\d\\d:\\d\\d\\.\\d{3} RUNNING -> "
                        + "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} FAILED \\(\"1/2 states failed\"\\)")
                .contains("task run 'load-0' [FAILED: connection refused by warehouse]")
                .contains("task run 'extract-0' [COMPLETED]")
                .doesNotContain("flow-of-the-passing-test"); // not a word of generated run names (quiet-ibis)
        assertThat(Settings.current().raw("PREFECT_API_URL")).as("settings restored after the tests").isEqualTo(before);
    }

    @Test
    void the_failure_itself_is_what_junit_reports() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(FailingTest.class))
                .execute();

        Event failed = results.testEvents().failed().list().get(0);
        assertThat(failed.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow()).hasMessage("the test under test fails");
    }
}
