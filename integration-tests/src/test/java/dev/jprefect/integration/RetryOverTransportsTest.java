package dev.jprefect.integration;

import static dev.jprefect.integration.Clients.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.client.PrefectAsyncClient;
import dev.jprefect.client.PrefectHttpStatusException;
import dev.jprefect.transport.ApiResponse;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The retry rules, with the faults injected by a real server behind each transport. */
class RetryOverTransportsTest {
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @ParameterizedTest
    @EnumSource(Via.class)
    void retries408429502And503WithExponentialBackOff(Via via) {
        ScriptedApp app = ScriptedApp.healthy().thenRespond(408, "{}").thenRespond(429, "{}")
                .thenRespond(502, "{}").thenRespond(503, "{}");
        try (Via.Served served = via.serve(app); PrefectAsyncClient client = client(served.apiUrl(), sleeper)) {

            assertThat(client.health().join()).isTrue();

            assertThat(app.received()).hasSize(5);
            assertThat(sleeper.waits()).containsExactly(2.0, 4.0, 8.0, 16.0);
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void givesUpAfterMaxRetriesWithTheLastStatus(Via via) {
        ScriptedApp app = new ScriptedApp(r -> ApiResponse.json(503, "{\"detail\":\"down for good\"}"));
        try (Via.Served served = via.serve(app);
                PrefectAsyncClient client = client(served.apiUrl(), sleeper, "PREFECT_CLIENT_MAX_RETRIES", "2")) {

            assertThatThrownBy(() -> client.health().join()).cause()
                    .isInstanceOf(PrefectHttpStatusException.class).hasMessageContaining("503")
                    .hasMessageContaining("down for good");

            assertThat(app.received()).hasSize(3);
            assertThat(sleeper.waits()).containsExactly(2.0, 4.0);
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void retriesTheExtraCodes(Via via) {
        ScriptedApp app = ScriptedApp.healthy().thenRespond(500, "{}");
        try (Via.Served served = via.serve(app);
                PrefectAsyncClient client = client(served.apiUrl(), sleeper, "PREFECT_CLIENT_RETRY_EXTRA_CODES", "[500]")) {

            assertThat(client.health().join()).isTrue();
            assertThat(app.received()).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void doesNotRetryAnInternalServerErrorByDefault(Via via) {
        ScriptedApp app = ScriptedApp.healthy().thenRespond(500, "{\"detail\":\"boom\"}");
        try (Via.Served served = via.serve(app); PrefectAsyncClient client = client(served.apiUrl(), sleeper)) {

            assertThatThrownBy(() -> client.health().join()).cause().isInstanceOf(PrefectHttpStatusException.class);
            assertThat(app.received()).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void honoursRetryAfterInSecondsAndAsAnHttpDate(Via via) {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(sleeper.now().plusSeconds(45).atOffset(ZoneOffset.UTC));
        ScriptedApp app = ScriptedApp.healthy()
                .thenRespond(ApiResponse.builder(429).header("Retry-After", "13").build())
                .thenRespond(ApiResponse.builder(503).header("Retry-After", date).build());
        try (Via.Served served = via.serve(app); PrefectAsyncClient client = client(served.apiUrl(), sleeper)) {

            assertThat(client.health().join()).isTrue();
            assertThat(sleeper.waits()).containsExactly(13.0, 45.0 - 13.0); // the clock moved 13 s first
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void neverWaitsLessThanRetryAfterWithJitter(Via via) {
        ScriptedApp app = ScriptedApp.healthy();
        for (int i = 0; i < 5; i++) {
            app.thenRespond(ApiResponse.builder(429).header("Retry-After", "10").build());
        }
        try (Via.Served served = via.serve(app); PrefectAsyncClient client = client(served.apiUrl(), sleeper,
                "PREFECT_CLIENT_RETRY_JITTER_FACTOR", "0.5")) {

            assertThat(client.health().join()).isTrue();
            assertThat(sleeper.waits()).hasSize(5).allSatisfy(w -> assertThat(w).isBetween(10.0, 15.0));
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void maintenanceAnswersDoNotCountAgainstTheLimit(Via via) {
        ScriptedApp app = ScriptedApp.healthy();
        for (int i = 0; i < 3; i++) {
            app.thenRespond(ApiResponse.builder(503).header("Prefect-Maintenance", "true").build());
        }
        try (Via.Served served = via.serve(app);
                PrefectAsyncClient client = client(served.apiUrl(), sleeper, "PREFECT_CLIENT_MAX_RETRIES", "0")) {

            assertThat(client.health().join()).isTrue();
            assertThat(app.received()).hasSize(4);
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void theBlockingClientRetriesTheSame(Via via) {
        ScriptedApp app = ScriptedApp.healthy().thenRespond(503, "{}");
        try (Via.Served served = via.serve(app); PrefectAsyncClient client = client(served.apiUrl(), sleeper)) {

            assertThat(client.blocking().health()).isTrue();
            assertThat(sleeper.waits()).containsExactly(2.0);
        }
    }
}
