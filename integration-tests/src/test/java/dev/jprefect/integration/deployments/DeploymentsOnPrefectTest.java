package dev.jprefect.integration.deployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.FlowDeployment;
import dev.jprefect.Runner;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectHttpStatusException;
import dev.jprefect.client.schemas.Deployment;
import dev.jprefect.client.schemas.DeploymentFlowRunCreate;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.StateCreate;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.junit.PrefectTest;
import dev.jprefect.integration.prefect.RealPrefect;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deployments, their client calls and the SDK, against the real Prefect server (one for the whole
 * test run); plus what jprefect's server does not do yet: the event stream (a cancellation arriving
 * on it) and checking a run's parameters against the deployment's schema (a later issue).
 */
@ExtendWith(RealPrefect.class)
@PrefectTest(mode = PrefectTestHarness.Mode.PREFECT_SERVER, scope = PrefectTest.Scope.PER_RUN)
@Timeout(value = RealPrefect.TEST_TIMEOUT_MINUTES, unit = TimeUnit.MINUTES)
class DeploymentsOnPrefectTest extends DeploymentsContract {

    @Test
    @SuppressWarnings("try") // the settings scope is held for its effect
    void a_cancellation_arrives_on_the_event_stream_without_waiting_for_a_poll(PrefectClient client)
            throws Exception {
        String gate = unique("gate");
        FlowDeployment gated = FlowDeployment.fromEntrypoint(DeployedFlows.GATED_ENTRYPOINT, unique("evented"));
        Deployment deployment = gated.register(client);
        FlowRun run = client.createFlowRunFromDeployment(deployment.id(),
                DeploymentFlowRunCreate.ofParameters(Map.of("input", gate)));
        // The first poll, at start, picks the run up; the next one is ten minutes away, past every wait here.
        try (Settings.Scope slow = Settings.override(Map.of(Setting.RUNNER_POLL_FREQUENCY.name(), "600"));
                Runner runner = Runner.create(client)) {
            runner.add(gated).start();
            assertThat(DeployedFlows.gate(gate).entered().await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

            client.setFlowRunState(run.id(), StateCreate.of(StateType.CANCELLING), true);

            assertThat(runner.finished(run.id()).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(StateType.CANCELLED);
        }
    }

    @Test
    void the_server_checks_run_parameters_against_the_generated_schema(PrefectClient client) {
        Deployment deployment = FlowDeployment.fromEntrypoint(DeployedFlows.FULFIL_ENTRYPOINT, unique("schema"))
                .withParameters(Map.of("customer", "ada", "items", List.of())).register(client);

        FlowRun ok = client.createFlowRunFromDeployment(deployment.id(),
                DeploymentFlowRunCreate.ofParameters(Map.of("quantity", 2)));
        assertThat(ok.parameters()).containsEntry("quantity", 2L).containsEntry("customer", "ada");

        assertThatThrownBy(() -> client.createFlowRunFromDeployment(deployment.id(),
                DeploymentFlowRunCreate.ofParameters(Map.of("quantity", "two"))))
                .isInstanceOfSatisfying(PrefectHttpStatusException.class,
                        e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("quantity");
    }
}
