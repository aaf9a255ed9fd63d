package dev.jprefect.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jprefect.Flow;
import dev.jprefect.Flows;
import dev.jprefect.RunContext;
import dev.jprefect.RunState;
import dev.jprefect.Task;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientBuilder;
import dev.jprefect.client.PrefectClientException;
import dev.jprefect.client.schemas.FlowCreate;
import dev.jprefect.client.schemas.FlowRunQuery;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.AppLifespans;
import dev.jprefect.transport.InProcessApps;
import dev.jprefect.transport.RequestHandler;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ephemeral mode: with no API URL the client starts the embedded server in-process, found through
 * ServiceLoader (here on the class path, from the server module's META-INF/services), once per JVM
 * with its lifespan counted per client; flows given no client report to it; with ephemeral mode
 * off, the error says what to set.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@SuppressWarnings("try") // settings scopes are held for their effect, not referenced
class EphemeralModeTest {

    private static PrefectClient ephemeral() {
        return PrefectClientBuilder.create().settings(Settings.isolated(Map.of())).build();
    }

    @Test
    void clientsShareOneEmbeddedServerWhoseLifespanIsCountedPerClient() {
        try (PrefectClient first = ephemeral()) {
            assertThat(first.apiUrl()).isEqualTo(URI.create("inmemory://jprefect-ephemeral/api"));
            RequestHandler server = InProcessApps.lookup("jprefect-ephemeral").orElseThrow();
            int before = AppLifespans.clients(server);
            assertThat(before).isPositive();

            first.createFlow(FlowCreate.of("ephemeral-flow"));
            try (PrefectClient second = ephemeral()) {
                assertThat(AppLifespans.clients(server)).isEqualTo(before + 1);
                assertThat(second.readFlowByName("ephemeral-flow").name()).isEqualTo("ephemeral-flow");
            }
            assertThat(AppLifespans.clients(server)).isEqualTo(before);
        }
    }

    @Test
    void closingAClientReleasesItsHoldOnTheServer() {
        PrefectClient client = ephemeral();
        RequestHandler server = InProcessApps.lookup("jprefect-ephemeral").orElseThrow();
        assertThat(client.health()).isTrue();
        int holding = AppLifespans.clients(server);

        client.close();
        client.close();

        assertThat(AppLifespans.clients(server)).isEqualTo(holding - 1);
    }


    /** The flow tests use the default client: they need an environment without PREFECT_API_URL. */
    private static void requireNoApiUrl() {
        assumeTrue(Settings.current().raw("PREFECT_API_URL").isEmpty(), "PREFECT_API_URL is set in this environment");
    }

    @AfterEach
    void shutDown() {
        Flows.shutdown();
    }

    @Test
    void aFlowRunsOnTheEmbeddedServerStartedOnFirstUse() {
        requireNoApiUrl();
        Task<Integer, Integer> twice = Task.of("twice", (Integer n) -> n * 2);
        Flow<Integer, List<Object>> flow = Flow.of("ephemeral", (Integer n) -> List.of(
                RunContext.current().client().apiUrl().toString(), twice.submit(n).join()));

        RunState<List<Object>> first = flow.callForState(21);
        RunState<List<Object>> second = flow.callForState(1);

        assertThat(first.type()).isEqualTo(StateType.COMPLETED);
        assertThat(first.result()).containsExactly("inmemory://jprefect-ephemeral/api", 42);
        assertThat(second.result()).containsExactly("inmemory://jprefect-ephemeral/api", 2);
        Flow<Void, Long> count = Flow.of("count", () -> RunContext.current().client().countFlowRuns(FlowRunQuery.all()));
        assertThat(count.call()).as("one embedded server holds every run").isGreaterThanOrEqualTo(3);
    }

    @Test
    void withEphemeralModeOffAndNoApiUrlTheErrorSaysWhatToSet() {
        requireNoApiUrl();
        try (Settings.Scope s = Settings.override(Map.of("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "false"))) {
            Flow<Void, Integer> flow = Flow.of("unconfigured", () -> 1);

            assertThatThrownBy(flow::call).isInstanceOf(PrefectClientException.class)
                    .hasMessageContaining("PREFECT_API_URL")
                    .hasMessageContaining("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE");
        }
    }

    @Test
    void afterShutdownTheNextFlowStartsAgain() {
        requireNoApiUrl();
        Flow<Void, String> flow = Flow.of("again", () -> "ok");

        assertThat(flow.call()).isEqualTo("ok");
        Flows.shutdown();
        assertThat(flow.call()).isEqualTo("ok");
    }
}
