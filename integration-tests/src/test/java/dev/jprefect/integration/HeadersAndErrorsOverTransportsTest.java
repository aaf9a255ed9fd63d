package dev.jprefect.integration;

import static dev.jprefect.integration.Clients.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.client.Interceptor;
import dev.jprefect.client.ObjectNotFoundException;
import dev.jprefect.client.PrefectAsyncClient;
import dev.jprefect.client.PrefectHttpStatusException;
import dev.jprefect.client.schemas.FlowQuery;
import dev.jprefect.server.PrefectServer;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Headers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What arrives at the server: the header rules, auth, interceptors; and the error a client gets. */
class HeadersAndErrorsOverTransportsTest {
    private final RecordingSleeper sleeper = new RecordingSleeper();

    private Headers receivedWith(Via via, String... settings) {
        ScriptedApp app = ScriptedApp.healthy();
        try (Via.Served served = via.serve(app); PrefectAsyncClient client = client(served.apiUrl(), sleeper, settings)) {
            client.health().join();
        }
        return app.received().get(0).headers();
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void theServerSeesTheUserAgentAndApiVersion(Via via) {
        Headers headers = receivedWith(via);

        assertThat(headers.first("User-Agent")).hasValueSatisfying(ua -> assertThat(ua).startsWith("jprefect/")
                .endsWith("(API 0.8.4)"));
        assertThat(headers.first("X-Prefect-Api-Version")).contains("0.8.4");
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void theServerSeesCustomHeadersButNotOverriddenProtectedOnes(Via via) {
        Headers headers = receivedWith(via, "PREFECT_CLIENT_CUSTOM_HEADERS",
                "{\"X-Team\": \"data\", \"User-Agent\": \"spoof/1\", \"Prefect-Csrf-Token\": \"forged\"}");

        assertThat(headers.first("X-Team")).contains("data");
        assertThat(headers.all("User-Agent")).singleElement().asString().startsWith("jprefect/");
        assertThat(headers.contains("Prefect-Csrf-Token")).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void theApiKeyArrivesAsABearerToken(Via via) {
        assertThat(receivedWith(via, "PREFECT_API_KEY", "pnu_abc").first("Authorization")).contains("Bearer pnu_abc");
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void theAuthStringArrivesAsBasicAuth(Via via) {
        String basic = Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(receivedWith(via, "PREFECT_API_AUTH_STRING", "admin:s3cret").first("Authorization"))
                .contains("Basic " + basic);
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aNotFoundCarriesMethodUrlStatusAndTheServersDetail(Via via) {
        UUID id = UUID.randomUUID();
        ScriptedApp app = new ScriptedApp(r -> ApiResponse.json(404, "{\"detail\":\"Flow run not found\"}"));
        try (Via.Served served = via.serve(app); PrefectAsyncClient client = client(served.apiUrl(), sleeper)) {

            assertThatThrownBy(() -> client.blocking().readFlowRun(id))
                    .isInstanceOf(ObjectNotFoundException.class)
                    .hasMessageContaining("404 Not Found")
                    .hasMessageContaining("GET " + served.apiUrl() + "/flow_runs/" + id)
                    .hasMessageContaining("Flow run not found")
                    .satisfies(e -> assertThat(((PrefectHttpStatusException) e).response().status()).isEqualTo(404));
        }
    }

    @Test
    void anApiUrlWithoutApiFailsWithA404ThatSaysToAddIt() {
        try (Via.Served served = Via.NETTY.serve(PrefectServer.builder().settings(Settings.isolated(Map.of())).build())) {
            URI origin = served.apiUrl().resolve("/");
            String withoutApi = origin.toString().substring(0, origin.toString().length() - 1);
            try (PrefectAsyncClient client = client(URI.create(withoutApi), sleeper)) {

                assertThatThrownBy(() -> client.blocking().readFlows(FlowQuery.all()))
                        .isInstanceOf(ObjectNotFoundException.class)
                        .hasMessageContaining("POST " + withoutApi + "/flows/filter")
                        .hasMessageContaining("The URL has no /api")
                        .hasMessageContaining("PREFECT_API_URL=" + withoutApi + "/api");
            }
            try (PrefectAsyncClient client = client(served.apiUrl(), sleeper)) {
                assertThatThrownBy(() -> client.blocking().readFlowRun(UUID.randomUUID()))
                        .isInstanceOf(ObjectNotFoundException.class)
                        .message().doesNotContain("/api:");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aUserInterceptorSeesEveryAttemptOnTheWire(Via via) {
        List<Integer> statuses = new ArrayList<>();
        Interceptor observe = chain -> chain.proceed(chain.request().withHeader("X-Attempt", "seen"))
                .thenApply(response -> {
                    synchronized (statuses) {
                        statuses.add(response.status());
                    }
                    return response;
                });
        ScriptedApp app = ScriptedApp.healthy().thenRespond(503, "{}");
        try (Via.Served served = via.serve(app); PrefectAsyncClient client = client(served.apiUrl(), sleeper, observe)) {

            assertThat(client.health().join()).isTrue();

            assertThat(statuses).containsExactly(503, 200);
            assertThat(app.received()).allSatisfy(r -> assertThat(r.headers().first("X-Attempt")).contains("seen"));
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void anInterceptorThatProceedsTwiceFailsNamingItsIndex(Via via) {
        Interceptor fine = chain -> chain.proceed(chain.request());
        Interceptor twice = chain -> chain.proceed(chain.request()).thenCompose(r -> chain.proceed(chain.request()));
        ScriptedApp app = ScriptedApp.healthy();
        try (Via.Served served = via.serve(app);
                PrefectAsyncClient client = Clients.builder(served.apiUrl(), sleeper).interceptor(fine)
                        .interceptor(twice).buildAsync()) {

            CompletableFuture<Boolean> health = client.health();

            assertThatThrownBy(health::join).cause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("interceptor 1").hasMessageContaining("proceed()");
        }
    }
}
