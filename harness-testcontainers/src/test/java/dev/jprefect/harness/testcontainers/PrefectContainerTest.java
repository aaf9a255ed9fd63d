package dev.jprefect.harness.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientBuilder;
import dev.jprefect.client.schemas.Flow;
import dev.jprefect.client.schemas.FlowCreate;
import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.settings.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The container against the client. Needs a Docker engine: where Testcontainers finds none (as on
 * the machines this project is built on) the test that starts a container is skipped with one line,
 * also under {@code CI=true}, since CI machines have no Docker engine either.
 */
class PrefectContainerTest {

    @Test
    void the_image_is_the_version_the_build_tests_against() {
        assertThat(PrefectContainer.PREFECT_VERSION).isEqualTo(System.getProperty("jprefect.prefect.version"));
        assertThat(PrefectContainer.DEFAULT_IMAGE.asCanonicalNameString())
                .isEqualTo("prefecthq/prefect:" + PrefectContainer.PREFECT_VERSION + "-python3.11");
    }

    @Test
    void the_harness_finds_the_container_launcher_and_names_the_launchers_it_has() {
        assertThatThrownBy(() -> PrefectTestHarness.builder().mode(PrefectTestHarness.Mode.PREFECT_SERVER)
                .setting(PrefectTestHarness.PREFECT_SERVER_SETTING, "nope").startDetached())
                .hasMessageContaining("PREFECT_TESTING_PREFECT_SERVER='nope'")
                .hasMessageContaining("container")
                .hasMessageContaining("process");
    }

    @Test
    void the_harness_runs_on_the_real_server_in_a_container() {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "skipped: no Docker engine, so PrefectContainer is not run on this machine");
        try (PrefectTestHarness harness = PrefectTestHarness.builder().mode(PrefectTestHarness.Mode.PREFECT_SERVER)
                .setting(PrefectTestHarness.PREFECT_SERVER_SETTING, PrefectContainerLauncher.NAME)
                .startupTimeout(Duration.ofMinutes(5)).startDetached()) {
            assertThat(harness.client().serverVersion()).isEqualTo(PrefectContainer.PREFECT_VERSION);
            Flow flow = harness.client().createFlow(FlowCreate.of("harness-in-a-container"));
            assertThat(harness.client().readFlow(flow.id()).name()).isEqualTo("harness-in-a-container");
        }
    }

    @Test
    void the_real_server_in_a_container_answers_the_client() {
        Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "skipped: no Docker engine, so PrefectContainer is not run on this machine");
        try (PrefectContainer prefect = new PrefectContainer()) {
            prefect.start();
            try (PrefectClient client = PrefectClientBuilder.create()
                    .settings(Settings.isolated(Map.of("PREFECT_API_URL", prefect.apiUrl().toString()))).build()) {
                assertThat(client.health()).isTrue();
                assertThat(client.serverVersion()).isEqualTo(PrefectContainer.PREFECT_VERSION);
                Flow flow = client.createFlow(FlowCreate.of("in-a-container"));
                assertThat(client.readFlowByName("in-a-container").id()).isEqualTo(flow.id());
            }
        }
    }
}
