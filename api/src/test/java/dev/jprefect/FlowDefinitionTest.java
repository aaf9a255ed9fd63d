package dev.jprefect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jprefect.client.PrefectClientException;
import dev.jprefect.settings.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Defining flows and tasks, and what happens when there is nothing to run them on. The api module's
 * tests run without the server module and without any transport, so a call has nowhere to go.
 */
@SuppressWarnings("try") // settings scopes and leases are held for their effect, not referenced
class FlowDefinitionTest {

    @Test
    void definingFlowsAndTasksDoesNoIo() {
        try (Settings.Scope s = Settings.override(Map.of("PREFECT_API_URL", "http://127.0.0.1:9/api"))) {
            Flow<Integer, Integer> flow = Flow.of("etl", (Integer n) -> n).withRetries(3)
                    .withRetryDelay(Duration.ofSeconds(1)).withTimeout(Duration.ofMinutes(1)).withTags("a", "b")
                    .withDescription("d").withVersion("1").withLogToApi(false).withTaskRunnerThreads(4);
            Task<String, String> task = Task.of("t", (String x) -> x).withRetries(1).withCacheKey(x -> x,
                    Duration.ofHours(1)).withTimeout(Duration.ofSeconds(1)).withTags("x");

            assertThat(flow.name()).isEqualTo("etl");
            assertThat(flow).hasToString("Flow[etl, version 1]");
            assertThat(task.name()).isEqualTo("t");
        }
    }

    @Test
    void badOptionsAreRefusedNamingTheFlowOrTaskAndTheOption() {
        assertThatThrownBy(() -> Flow.of("a/b", () -> 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("flow name 'a/b' contains '/'");
        assertThatThrownBy(() -> Flow.of(" ", () -> 1)).hasMessageContaining("flow name must not be blank");
        assertThatThrownBy(() -> Flow.of("f", () -> 1).withRetries(-1))
                .hasMessage("retries of flow 'f' must be 0 or more, not -1");
        assertThatThrownBy(() -> Flow.of("f", () -> 1).withTimeout(Duration.ZERO))
                .hasMessageContaining("timeout of flow 'f' must be positive");
        assertThatThrownBy(() -> Flow.of("f", () -> 1).withTaskRunnerThreads(0))
                .hasMessageContaining("task runner threads of flow 'f' must be at least 1");
        assertThatThrownBy(() -> Task.of("t", () -> 1).withRetryDelay(Duration.ofSeconds(-1)))
                .hasMessageContaining("retry delay of task 't' must not be negative");
        assertThatThrownBy(() -> Task.of("t", (Integer i) -> i).withCacheKey(String::valueOf, Duration.ZERO))
                .hasMessageContaining("cache expiration of task 't' must be positive");
        assertThatThrownBy(() -> Task.of("t", () -> 1).withTags("ok", " "))
                .hasMessageContaining("a tag of task 't' is blank");
    }

    @Test
    void withoutTheServerModuleEphemeralModeNamesTheModuleToAdd() {
        assumeTrue(Settings.current().raw("PREFECT_API_URL").isEmpty(), "PREFECT_API_URL is set in this environment");
        try (Settings.Scope s = Settings.override(Map.of("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "true"))) {
            Flow<Void, Integer> flow = Flow.of("nowhere", () -> 1);

            assertThatThrownBy(flow::call).isInstanceOf(PrefectClientException.class)
                    .hasMessageContaining("dev.jprefect.server")
                    .hasMessageContaining("jprefect-server");
        }
    }

    @Test
    void withEphemeralModeOffAndNoApiUrlTheErrorSaysWhatToSet() {
        assumeTrue(Settings.current().raw("PREFECT_API_URL").isEmpty(), "PREFECT_API_URL is set in this environment");
        try (Settings.Scope s = Settings.override(Map.of("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "false"))) {
            Task<Void, Integer> task = Task.of("unconfigured", () -> 1);

            assertThatThrownBy(task::call).isInstanceOf(PrefectClientException.class)
                    .hasMessageContaining("PREFECT_API_URL")
                    .hasMessageContaining("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE");
        }
    }

    @Test
    void outsideARunThereIsNoContextNoLoggerAndNoSubmitting() {
        assertThat(RunContext.find()).isEmpty();
        assertThatThrownBy(RunContext::current).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No flow run or task run is active on thread");
        assertThatThrownBy(RunLogger::current).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Task.of("alone", () -> 1).submit()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("task 'alone' was submitted outside a flow run");
    }
}
