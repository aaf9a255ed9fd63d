package dev.jprefect.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientBuilder;
import dev.jprefect.client.schemas.FlowCreate;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.AppLifespans;
import dev.jprefect.transport.InProcessApps;
import dev.jprefect.transport.RequestHandler;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without PREFECT_API_URL the client starts the embedded server in-process, found on the class path. */
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
}
