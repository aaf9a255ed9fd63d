package dev.jprefect.client.internal;

import static dev.jprefect.client.internal.Clients.NO_JITTER;
import static dev.jprefect.client.internal.Clients.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientBuilder;
import dev.jprefect.client.PrefectClientException;
import dev.jprefect.settings.InvalidSettingException;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.TransportNotFoundException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientLifecycleTest {
    private final ScriptedTransport transport = new ScriptedTransport().otherwise(r -> ApiResponse.json(200, "true"));

    @Test
    void closingReleasesTheTransportAndLaterCallsFail() {
        RealAsyncClient client = client(transport, new VirtualSleeper(), NO_JITTER);
        PrefectClient blocking = client.blocking();

        blocking.close();
        blocking.close();

        assertThat(transport.isClosed()).isTrue();
        assertThatThrownBy(blocking::health).isInstanceOf(PrefectClientException.class)
                .hasMessageContaining("closed").hasMessageContaining("http://prefect.test/api");
    }

    @Test
    void theBuilderTakesAnExplicitTransportAndUrl() {
        try (PrefectClient client = PrefectClientBuilder.create()
                .settings(Settings.isolated(Map.of("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "false")))
                .transport(transport, ScriptedTransport.api())
                .build()) {
            assertThat(client.health()).isTrue();
            assertThat(client.apiUrl()).isEqualTo(ScriptedTransport.api());
            assertThat(client.async().blocking()).isSameAs(client);
        }
        assertThat(transport.isClosed()).isTrue();
    }

    @Test
    void withoutAnApiUrlOrEphemeralModeTheErrorSaysWhatToSet() {
        PrefectClientBuilder builder = PrefectClientBuilder.create()
                .settings(Settings.isolated(Map.of("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "false")));

        assertThatThrownBy(builder::build).isInstanceOf(PrefectClientException.class)
                .hasMessageContaining("PREFECT_API_URL")
                .hasMessageContaining("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE");
    }

    @Test
    void ephemeralModeWithoutTheServerModuleNamesTheModuleToAdd() {
        // the api module's tests have no embedded server on the path
        PrefectClientBuilder builder = PrefectClientBuilder.create().settings(Settings.isolated(Map.of()));

        assertThatThrownBy(builder::buildAsync).isInstanceOf(PrefectClientException.class)
                .hasMessageContaining("dev.jprefect.server")
                .hasMessageContaining("dev.jprefect:jprefect-server")
                .hasMessageContaining("PREFECT_API_URL");
    }

    @Test
    void aUrlNoTransportServesNamesTheModuleToAdd() {
        PrefectClientBuilder builder = PrefectClientBuilder.create()
                .settings(Settings.isolated(Map.of("PREFECT_API_URL", "http://127.0.0.1:4200/api")));

        assertThatThrownBy(builder::build).isInstanceOf(TransportNotFoundException.class)
                .hasMessageContaining("http://127.0.0.1:4200/api")
                .hasMessageContaining("jprefect-transport-http");
    }

    @Test
    void aBadSettingNamesTheSetting() {
        PrefectClientBuilder builder = PrefectClientBuilder.create()
                .settings(Settings.isolated(Map.of("PREFECT_CLIENT_MAX_RETRIES", "many")))
                .transport(transport, ScriptedTransport.api());

        assertThatThrownBy(builder::build).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("PREFECT_CLIENT_MAX_RETRIES").hasMessageContaining("many");
    }

    @Test
    void theBlockingWaitIsBoundedByTheRetryBudget() {
        ClientOptions defaults = ClientOptions.from(Settings.isolated(Map.of()));
        // 6 attempts of (60 s request + 10 s connect) + back-offs 2..32 s at most 1.2x, twice, + margin
        assertThat(defaults.blockingTimeout().toSeconds()).isEqualTo((6 * 70 + (long) (62 * 1.2)) * 2 + 30);
    }
}
