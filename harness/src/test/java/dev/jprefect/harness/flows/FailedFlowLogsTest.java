package dev.jprefect.harness.flows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.Flow;
import dev.jprefect.RunLogger;
import dev.jprefect.RunState;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.Log;
import dev.jprefect.harness.PrefectTestHarness.Mode;
import dev.jprefect.harness.TestRuns;
import dev.jprefect.harness.junit.PrefectTest;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A flow that fails under a harness: the engine's own closing lines (the exception and the final
 * state) reach the server like the flow's own lines, so a failing test's report can show them.
 */
@PrefectTest
class FailedFlowLogsTest {

    @Test
    void in_process(TestRuns runs) {
        assertEngineLinesReachTheServer(runs, failing());
    }

    @Test
    @PrefectTest(mode = Mode.SERVER)
    void over_http(TestRuns runs) {
        assertEngineLinesReachTheServer(runs, failing());
    }

    @Test
    @PrefectTest(timeSkipping = true)
    void with_time_skipping_and_exhausted_retries(TestRuns runs) {
        assertEngineLinesReachTheServer(runs, failing().withRetries(2).withRetryDelay(Duration.ofSeconds(30)));
    }

    @Test
    @PrefectTest(mode = Mode.SERVER, timeSkipping = true)
    void over_http_with_time_skipping(TestRuns runs) {
        assertEngineLinesReachTheServer(runs, failing().withRetries(1).withRetryDelay(Duration.ofSeconds(30)));
    }

    private static Flow<Void, String> failing() {
        return Flow.of("fails-loudly", () -> {
            RunLogger.current().info("loading %d rows", 3);
            throw new IllegalStateException("warehouse is down");
        });
    }

    private static void assertEngineLinesReachTheServer(TestRuns runs, Flow<Void, String> flow) {
        RunState<String> state = flow.callForState();

        assertThat(state.isCompleted()).isFalse();
        FlowRun run = runs.flowRuns().get(0);
        List<String> messages = runs.logs(run).stream().map(Log::message).collect(Collectors.toList());
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("Beginning flow run"));
        assertThat(messages).anySatisfy(m -> assertThat(m).isEqualTo("loading 3 rows"));
        assertThat(messages).anySatisfy(m -> assertThat(m)
                .startsWith("Flow run failed with exception: IllegalStateException: warehouse is down")
                .contains("at dev.jprefect"));
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("Finished in state Failed"));
        assertThat(messages.get(messages.size() - 1)).as("the last line, oldest first").startsWith("Finished in state");
    }
}
