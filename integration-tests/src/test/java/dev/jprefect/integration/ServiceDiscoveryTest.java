package dev.jprefect.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientBuilder;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.Transports;
import dev.jprefect.transport.spi.TransportProvider;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** On the class path, providers are found through META-INF/services and chosen by the settings. */
class ServiceDiscoveryTest {

    @Test
    void theClientRunsOnTheClassPath() {
        assertThat(PrefectClient.class.getModule().isNamed()).isFalse();
    }

    @Test
    void bothTransportsAreFoundOnTheClassPath() {
        assertThat(Transports.providers().stream().flatMap(p -> p.schemes().stream()).collect(Collectors.toSet()))
                .contains("http", "https", "inmemory");
    }

    @Test
    void theTransportSettingNamesAProviderExplicitly() {
        String inMemoryName = Transports.providers().stream().filter(p -> p.schemes().contains("inmemory"))
                .map(TransportProvider::name).findFirst().orElseThrow();
        ScriptedApp app = ScriptedApp.healthy();
        try (Via.Served served = Via.IN_MEMORY.serve(app);
                PrefectClient client = PrefectClientBuilder.create().settings(Settings.isolated(Map.of(
                        "PREFECT_API_URL", served.apiUrl().toString(),
                        "PREFECT_CLIENT_TRANSPORT", inMemoryName))).build()) {
            assertThat(client.health()).isTrue();
        }
    }
}
