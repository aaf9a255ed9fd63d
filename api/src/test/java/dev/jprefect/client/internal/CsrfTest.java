package dev.jprefect.client.internal;

import static dev.jprefect.client.internal.Clients.NO_JITTER;
import static dev.jprefect.client.internal.Clients.client;
import static dev.jprefect.client.internal.Clients.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.client.PrefectHttpStatusException;
import dev.jprefect.client.schemas.FlowCreate;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The CSRF rules, against a handler that issues numbered tokens and checks them like Prefect's server. */
class CsrfTest {
    private static final String FLOW = "{\"id\":\"5f1b5c8e-6d0a-4a57-9d3c-1a2b3c4d5e6f\",\"name\":\"etl\"}";

    private final VirtualSleeper sleeper = new VirtualSleeper();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile String valid;
    private volatile Instant expiration;

    /** Issues token-N valid for an hour of virtual time; accepts change requests that carry the last one. */
    private ApiResponse server(ApiRequest request) {
        if (request.path().endsWith("/csrf-token")) {
            valid = "token-" + issued.incrementAndGet();
            expiration = sleeper.now().plus(Duration.ofHours(1));
            return ApiResponse.json(200, "{\"token\":\"" + valid + "\",\"client\":\""
                    + request.rawQuery().substring("client=".length()) + "\",\"expiration\":\"" + expiration + "\"}");
        }
        if (!request.method().equals("GET")) {
            boolean ok = request.headers().first("Prefect-Csrf-Token").map(t -> t.equals(valid)).orElse(false)
                    && request.headers().contains("Prefect-Csrf-Client");
            if (!ok) {
                return ApiResponse.json(403, "{\"detail\":\"Invalid CSRF token or client identifier.\"}");
            }
        }
        return ApiResponse.json(200, FLOW);
    }

    private final ScriptedTransport transport = new ScriptedTransport().otherwise(this::server);

    @Test
    void fetchesATokenWithTheClientsOwnIdBeforeTheFirstChangeRequest() {
        RealAsyncClient client = client(transport, sleeper, NO_JITTER);

        client.createFlow(FlowCreate.of("etl")).join();

        String clientId = client.pipeline().csrfStep().clientId().toString();
        assertThat(transport.paths()).containsExactly("GET /api/csrf-token?client=" + clientId, "POST /api/flows/");
        ApiRequest post = transport.requests().get(1);
        assertThat(post.headers().first("Prefect-Csrf-Token")).contains("token-1");
        assertThat(post.headers().first("Prefect-Csrf-Client")).contains(clientId);
    }

    @Test
    void readsNeedNoToken() {
        client(transport, sleeper, NO_JITTER).readFlowByName("etl").join();

        assertThat(transport.paths()).containsExactly("GET /api/flows/name/etl");
        assertThat(transport.requests().get(0).headers().contains("Prefect-Csrf-Token")).isFalse();
    }

    @Test
    void reusesTheTokenUntilShortlyBeforeItExpires() {
        RealAsyncClient client = client(transport, sleeper, NO_JITTER);
        client.createFlow(FlowCreate.of("a")).join();
        client.deleteFlow(java.util.UUID.randomUUID()).join();
        assertThat(issued).hasValue(1);

        sleeper.advance(Duration.ofHours(1).minus(CsrfInterceptor.REFRESH_MARGIN).minusSeconds(1));
        client.createFlow(FlowCreate.of("b")).join();
        assertThat(issued).hasValue(1);

        sleeper.advance(Duration.ofSeconds(1)); // now within the margin before expiry
        client.createFlow(FlowCreate.of("c")).join();
        assertThat(issued).hasValue(2);
        assertThat(transport.requests().get(transport.requests().size() - 1).headers().first("Prefect-Csrf-Token"))
                .contains("token-2");
    }

    @Test
    void refetchesTheTokenAndRetriesWhenTheServerRejectsIt() {
        RealAsyncClient client = client(transport, sleeper, NO_JITTER);
        client.createFlow(FlowCreate.of("a")).join();
        valid = "rotated-by-the-server";

        client.createFlow(FlowCreate.of("b")).join();

        assertThat(issued).hasValue(2);
        List<String> paths = transport.paths();
        assertThat(paths.subList(2, paths.size()))
                .containsExactly("POST /api/flows/", paths.get(0), "POST /api/flows/");
        assertThat(sleeper.sleepSeconds()).containsExactly(2.0); // the seed backs off before the retry
    }

    @Test
    void switchesCsrfOffWhenTheServerHasNoTokenEndpoint() {
        ScriptedTransport old = new ScriptedTransport().thenRespond(404, "{\"detail\":\"Not Found\"}")
                .otherwise(r -> ApiResponse.json(200, FLOW));
        RealAsyncClient client = client(old, sleeper, NO_JITTER);

        client.createFlow(FlowCreate.of("a")).join();
        client.createFlow(FlowCreate.of("b")).join();

        assertThat(old.paths()).hasSize(3).element(0).asString().startsWith("GET /api/csrf-token");
        assertThat(old.requests().get(1).headers().contains("Prefect-Csrf-Token")).isFalse();
        assertThat(client.pipeline().csrfStep().isEnabled()).isFalse();
    }

    @Test
    void switchesCsrfOffWhenTheServerSaysProtectionIsDisabled() {
        ScriptedTransport unprotected = new ScriptedTransport()
                .thenRespond(422, "{\"detail\":\"CSRF protection is disabled.\"}")
                .otherwise(r -> ApiResponse.json(200, FLOW));
        RealAsyncClient client = client(unprotected, sleeper, NO_JITTER);

        client.createFlow(FlowCreate.of("a")).join();
        client.createFlow(FlowCreate.of("b")).join();

        assertThat(unprotected.paths()).filteredOn(p -> p.contains("csrf-token")).hasSize(1);
        assertThat(client.pipeline().csrfStep().isEnabled()).isFalse();
    }

    @Test
    void anyOtherTokenEndpointErrorFailsTheChangeRequest() {
        ScriptedTransport broken = new ScriptedTransport()
                .thenRespond(422, "{\"detail\":[{\"loc\":[\"query\",\"client\"],\"msg\":\"field required\"}]}")
                .otherwise(r -> ApiResponse.json(200, FLOW));
        RealAsyncClient client = client(broken, sleeper, NO_JITTER);

        assertThat(catchFailure(() -> client.createFlow(FlowCreate.of("a")).join()))
                .isInstanceOf(PrefectHttpStatusException.class).hasMessageContaining("csrf-token");
        assertThat(broken.paths()).hasSize(1);
        assertThat(client.pipeline().csrfStep().isEnabled()).isTrue();
    }

    @Test
    void theSettingTurnsCsrfSupportOff() {
        ScriptedTransport plain = new ScriptedTransport().otherwise(r -> ApiResponse.json(200, FLOW));
        RealAsyncClient client = client(plain, sleeper,
                settings(NO_JITTER, "PREFECT_CLIENT_CSRF_SUPPORT_ENABLED", "false"));

        client.createFlow(FlowCreate.of("a")).join();

        assertThat(plain.paths()).containsExactly("POST /api/flows/");
        assertThat(client.pipeline().csrfStep()).isNull();
    }

    private static Throwable catchFailure(Runnable call) {
        try {
            call.run();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }
}
