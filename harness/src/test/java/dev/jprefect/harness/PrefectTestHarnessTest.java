package dev.jprefect.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientException;
import dev.jprefect.client.schemas.Flow;
import dev.jprefect.client.schemas.FlowCreate;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.FlowRunCreate;
import dev.jprefect.client.schemas.StateCreate;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.harness.PrefectTestHarness.Mode;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.InProcessApps;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // scopes opened for their effect on the thread
class PrefectTestHarnessTest {

    private static FlowRun createRun(PrefectClient client, String flowName) {
        Flow flow = client.createFlow(FlowCreate.of(flowName));
        return client.createFlowRun(FlowRunCreate.of(flow.id()));
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"IN_PROCESS", "SERVER"}) // the embedded server; PREFECT_SERVER: PrefectServerModeTest
    void points_the_calling_thread_at_a_fresh_server_and_restores_the_settings_on_close(Mode mode) {
        try (Settings.Scope before = Settings.override(Map.of("PREFECT_API_URL", "http://example.invalid:4200/api"))) {
            URI apiUrl;
            try (PrefectTestHarness harness = PrefectTestHarness.start(mode)) {
                apiUrl = harness.apiUrl();
                assertThat(harness.mode()).isEqualTo(mode);
                assertThat(apiUrl.getScheme()).isEqualTo(mode == Mode.IN_PROCESS ? "inmemory" : "http");
                assertThat(Settings.current().get(Setting.API_URL)).contains(apiUrl);
                assertThat(harness.settings()).containsEntry("PREFECT_API_URL", apiUrl.toString());

                try (PrefectClient fromSettings = PrefectClient.create()) {
                    assertThat(fromSettings.apiUrl()).isEqualTo(apiUrl);
                    assertThat(fromSettings.health()).isTrue();
                    createRun(fromSettings, "etl");
                }
                assertThat(harness.runs().flowRuns()).hasSize(1);
                assertThat(harness.runs().flowName(harness.runs().onlyFlowRun())).isEqualTo("etl");
            }
            assertThat(Settings.current().raw("PREFECT_API_URL")).contains("http://example.invalid:4200/api");
            if (mode == Mode.IN_PROCESS) {
                assertThat(InProcessApps.lookup(apiUrl)).isEmpty();
            } else {
                assertThatThrownBy(() -> new Socket(apiUrl.getHost(), apiUrl.getPort()).close())
                        .isInstanceOf(ConnectException.class);
            }
        }
    }

    @Test
    void each_harness_has_its_own_empty_storage() {
        try (PrefectTestHarness first = PrefectTestHarness.builder().startDetached();
                PrefectTestHarness second = PrefectTestHarness.builder().startDetached()) {
            createRun(first.client(), "only-in-first");

            assertThat(first.runs().flowRuns()).hasSize(1);
            assertThat(second.runs().flowRuns()).isEmpty();
            assertThat(first.apiUrl()).isNotEqualTo(second.apiUrl());
        }
    }

    @Test
    void threads_started_inside_the_scope_see_the_harness() throws Exception {
        try (PrefectTestHarness harness = PrefectTestHarness.start()) {
            AtomicReference<URI> seen = new AtomicReference<>();
            Thread child = new Thread(() -> seen.set(Settings.current().get(Setting.API_URL).orElse(null)));
            child.start();
            child.join(10_000);

            assertThat(seen.get()).isEqualTo(harness.apiUrl());
        }
    }

    @Test
    void a_detached_harness_changes_no_settings_until_entered() {
        try (PrefectTestHarness harness = PrefectTestHarness.builder().startDetached()) {
            assertThat(Settings.current().get(Setting.API_URL)).isNotEqualTo(java.util.Optional.of(harness.apiUrl()));
            try (HarnessSession.Scope scope = harness.enter()) {
                assertThat(Settings.current().get(Setting.API_URL)).contains(harness.apiUrl());
            }
            assertThat(Settings.current().get(Setting.API_URL)).isNotEqualTo(java.util.Optional.of(harness.apiUrl()));
        }
    }

    @Test
    void sessions_of_one_harness_see_only_their_own_runs() {
        try (PrefectTestHarness harness = PrefectTestHarness.builder().startDetached();
                HarnessSession a = harness.openSession("a");
                HarnessSession b = harness.openSession("b")) {
            createRun(a.client(), "flow-a");
            try (HarnessSession.Scope scope = b.enter(); PrefectClient fromSettings = PrefectClient.create()) {
                createRun(fromSettings, "flow-b");
                createRun(fromSettings, "flow-b");
            }

            assertThat(a.runs().flowRuns()).extracting(a.runs()::flowName).containsExactly("flow-a");
            assertThat(b.runs().flowRuns()).extracting(b.runs()::flowName).containsExactly("flow-b", "flow-b");
            assertThat(harness.runs().flowRuns()).hasSize(3);
        }
    }

    @Test
    void closing_on_another_thread_than_the_starting_one_still_stops_the_server_and_says_why() throws Exception {
        PrefectTestHarness harness = PrefectTestHarness.start();
        URI apiUrl = harness.apiUrl();

        CompletableFuture<Throwable> closing = new CompletableFuture<>();
        Thread other = new Thread(() -> {
            try {
                harness.close();
                closing.complete(null);
            } catch (Throwable t) {
                closing.complete(t);
            }
        });
        other.start();
        other.join(10_000);

        assertThat(closing.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("must be closed on the thread");
        assertThat(InProcessApps.lookup(apiUrl)).isEmpty();
        try (PrefectClient stale = PrefectClient.create()) {
            assertThatThrownBy(stale::health).isInstanceOf(PrefectClientException.class);
        }

        harness.close(); // on the starting thread: leaves the scope the first close could not

        assertThat(Settings.current().get(Setting.API_URL)).isNotEqualTo(java.util.Optional.of(apiUrl));
    }

    @Test
    void the_state_history_of_a_run_is_readable() {
        try (PrefectTestHarness harness = PrefectTestHarness.builder().startDetached()) {
            PrefectClient client = harness.client();
            FlowRun run = createRun(client, "etl");
            client.setFlowRunState(run.id(), StateCreate.of(StateType.PENDING), false);
            client.setFlowRunState(run.id(), StateCreate.of(StateType.RUNNING), false);
            client.setFlowRunState(run.id(), StateCreate.of(StateType.COMPLETED), false);

            assertThat(harness.runs().states(run)).extracting(s -> s.type())
                    .containsExactly(StateType.PENDING, StateType.RUNNING, StateType.COMPLETED);
            assertThat(harness.runs().report())
                    .contains("flow run '" + run.name() + "' of flow 'etl' [COMPLETED]")
                    .contains("PENDING -> ")
                    .contains("RUNNING -> ");
        }
    }
}
