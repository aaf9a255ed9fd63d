package dev.jprefect.client.internal;

import static dev.jprefect.client.internal.Clients.NO_JITTER;
import static dev.jprefect.client.internal.Clients.client;
import static dev.jprefect.client.internal.Clients.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Headers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeadersTest {
    private final ScriptedTransport transport = new ScriptedTransport().otherwise(r -> ApiResponse.json(200, "true"));
    private final VirtualSleeper sleeper = new VirtualSleeper();

    private Headers sentWith(Map<String, String> settings) {
        client(transport, sleeper, settings(NO_JITTER, settings.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new)))
                .health().join();
        return transport.requests().get(0).headers();
    }

    @Test
    void sendsTheUserAgentAndTheApiVersion() {
        Headers headers = sentWith(Map.of());

        assertThat(headers.first("User-Agent")).hasValueSatisfying(ua ->
                assertThat(ua).matches("jprefect/[0-9][^ ]* \\(API 0\\.8\\.4\\)"));
        assertThat(headers.first("X-Prefect-Api-Version")).contains("0.8.4");
        assertThat(headers.first("Accept")).contains("application/json");
    }

    @Test
    void sendsTheApiKeyAsABearerToken() {
        assertThat(sentWith(Map.of("PREFECT_API_KEY", "pnu_secret")).first("Authorization")).contains("Bearer pnu_secret");
    }

    @Test
    void sendsTheAuthStringAsBasicAuth() {
        String expected = "Basic " + Base64.getEncoder().encodeToString("admin:pass".getBytes(StandardCharsets.UTF_8));
        assertThat(sentWith(Map.of("PREFECT_API_AUTH_STRING", "admin:pass")).first("Authorization")).contains(expected);
    }

    @Test
    void theApiKeyWinsOverTheAuthStringAsInPrefect() {
        assertThat(sentWith(Map.of("PREFECT_API_KEY", "k", "PREFECT_API_AUTH_STRING", "a:b")).first("Authorization"))
                .contains("Bearer k");
    }

    @Test
    void sendsNoAuthorizationWithoutCredentials() {
        assertThat(sentWith(Map.of()).contains("Authorization")).isFalse();
    }

    @Test
    void sendsTheCustomHeaders() {
        Headers headers = sentWith(Map.of("PREFECT_CLIENT_CUSTOM_HEADERS", "{\"X-Team\": \"data\", \"X-Env\": \"prod\"}"));

        assertThat(headers.first("X-Team")).contains("data");
        assertThat(headers.first("X-Env")).contains("prod");
    }

    @Test
    void protectedHeadersCannotBeSetByCustomHeadersAndAWarningSaysSo() {
        List<String> warnings = new ArrayList<>();
        HeadersInterceptor step = HeadersInterceptor.of(Optional.empty(), Optional.empty(), Map.of(
                "user-agent", "evil/1.0", "Prefect-Csrf-Token", "forged", "PREFECT-CSRF-CLIENT", "x", "X-Ok", "1"),
                warnings::add);
        List<ApiRequest> seen = new ArrayList<>();
        ApiRequest request = ApiRequest.get(URI.create("http://prefect.test/api/health"));

        step.intercept(new Chain(request, seen)).join();

        Headers sent = seen.get(0).headers();
        assertThat(sent.first("User-Agent")).hasValueSatisfying(ua -> assertThat(ua).startsWith("jprefect/"));
        assertThat(sent.contains("Prefect-Csrf-Token")).isFalse();
        assertThat(sent.contains("Prefect-Csrf-Client")).isFalse();
        assertThat(sent.first("X-Ok")).contains("1");
        assertThat(warnings).hasSize(3).allSatisfy(w -> assertThat(w).contains("is ignored because it conflicts")
                .contains("User-Agent, Prefect-Csrf-Token, Prefect-Csrf-Client"));
    }

    @Test
    void keepsTheRequestsOwnHeadersButNotItsUserAgent() {
        var client = client(transport, sleeper, settings(NO_JITTER, "PREFECT_CLIENT_CUSTOM_HEADERS", "{\"X-Team\": \"data\"}"));

        client.send(ApiRequest.builder("GET", URI.create("health")).header("X-Team", "mine")
                .header("User-Agent", "other/1").build()).join();

        Headers sent = transport.requests().get(0).headers();
        assertThat(sent.all("X-Team")).containsExactly("mine");
        assertThat(sent.first("User-Agent")).hasValueSatisfying(ua -> assertThat(ua).startsWith("jprefect/"));
        assertThat(transport.requests().get(0).uri()).hasToString("http://prefect.test/api/health");
    }

    @Test
    void marksJsonBodies() {
        var client = client(transport, sleeper, settings(NO_JITTER, "PREFECT_CLIENT_CSRF_SUPPORT_ENABLED", "false"));

        client.createLogs(List.of()).join();

        assertThat(transport.requests().get(0).headers().first("Content-Type")).contains("application/json");
    }

    /** A chain that records what the step passed on. */
    private static final class Chain implements dev.jprefect.client.Interceptor.Chain {
        private final ApiRequest request;
        private final List<ApiRequest> seen;

        Chain(ApiRequest request, List<ApiRequest> seen) {
            this.request = request;
            this.seen = seen;
        }

        @Override
        public ApiRequest request() {
            return request;
        }

        @Override
        public java.util.concurrent.CompletableFuture<ApiResponse> proceed(ApiRequest next) {
            seen.add(next);
            return java.util.concurrent.CompletableFuture.completedFuture(ApiResponse.json(200, "true"));
        }
    }
}
