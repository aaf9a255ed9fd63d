package dev.jprefect.integration.prefect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.client.EventSubscription;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientBuilder;
import dev.jprefect.client.PrefectClientException;
import dev.jprefect.client.schemas.Event;
import dev.jprefect.client.schemas.EventFilter;
import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.settings.Settings;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The event stream's authentication against a real Prefect server that requires it
 * ({@code PREFECT_SERVER_API_AUTH_STRING}): jprefect's client answers the stream's {@code auth}
 * handshake with its credentials ({@code PREFECT_API_AUTH_STRING}, or {@code PREFECT_API_KEY}
 * where Cloud's key is set), and a wrong one ends in an error that names the refusal.
 */
@ExtendWith(RealPrefect.class)
@Timeout(value = RealPrefect.TEST_TIMEOUT_MINUTES, unit = TimeUnit.MINUTES)
class EventsAuthOnPrefectTest {

    private static final long WAIT_SECONDS = 60;
    private static final String AUTH = "admin:s3cret";

    @Test
    void the_event_stream_takes_the_auth_string_and_refuses_a_wrong_one() throws Exception {
        try (PrefectTestHarness prefect = PrefectTestHarness.builder().mode(PrefectTestHarness.Mode.PREFECT_SERVER)
                .setting("PREFECT_SERVER_API_AUTH_STRING", AUTH).setting("PREFECT_API_AUTH_STRING", AUTH)
                .startDetached()) {
            String resource = "jprefect.test." + UUID.randomUUID();
            try (PrefectClient client = clientOf(prefect, AUTH);
                    EventSubscription events = client.subscribeEvents(
                            EventFilter.all().withResource(EventFilter.Resource.id(resource)))) {
                Event sent = Event.of("jprefect.test.authenticated", resource);
                client.emitEvents(List.of(sent));

                Event received = events.next().get(WAIT_SECONDS, TimeUnit.SECONDS);

                assertThat(received.id()).isEqualTo(sent.id());
            }

            try (PrefectClient wrong = clientOf(prefect, "admin:wrong")) {
                assertThatThrownBy(() -> wrong.subscribeEvents(EventFilter.all()).close())
                        .isInstanceOf(PrefectClientException.class)
                        .hasMessageContaining(prefect.apiUrl().getPort() + "/api/events/out");
            }
        }
    }

    private static PrefectClient clientOf(PrefectTestHarness prefect, String authString) {
        return PrefectClientBuilder.create().settings(Settings.isolated(Map.of(
                "PREFECT_API_URL", prefect.apiUrl().toString(), "PREFECT_API_AUTH_STRING", authString))).build();
    }
}
