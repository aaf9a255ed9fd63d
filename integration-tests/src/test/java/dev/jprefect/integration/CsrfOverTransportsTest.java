package dev.jprefect.integration;

import static dev.jprefect.integration.Clients.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.client.PrefectAsyncClient;
import dev.jprefect.client.PrefectHttpStatusException;
import dev.jprefect.client.schemas.VariableCreate;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The CSRF rules against a server that protects its change routes the way Prefect's does. */
class CsrfOverTransportsTest {
    private static final String VARIABLE = "{\"id\":\"5f1b5c8e-6d0a-4a57-9d3c-1a2b3c4d5e6f\",\"name\":\"v\",\"value\":1}";

    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile String validToken;
    private volatile String validClient;

    /** Issues token-N for an hour; answers change requests only with the last token and its client. */
    private ApiResponse protectedServer(ApiRequest request) {
        if (request.path().equals("/api/csrf-token")) {
            validClient = request.rawQuery().substring("client=".length());
            validToken = "token-" + issued.incrementAndGet();
            return ApiResponse.json(200, "{\"token\":\"" + validToken + "\",\"client\":\"" + validClient
                    + "\",\"expiration\":\"" + sleeper.now().plus(Duration.ofHours(1)) + "\"}");
        }
        if (!request.method().equals("GET")) {
            boolean ok = request.headers().first("Prefect-Csrf-Token").map(t -> t.equals(validToken)).orElse(false)
                    && request.headers().first("Prefect-Csrf-Client").map(c -> c.equals(validClient)).orElse(false);
            if (!ok) {
                return ApiResponse.json(403, "{\"detail\":\"Invalid CSRF token or client identifier.\"}");
            }
        }
        return ApiResponse.json(201, VARIABLE);
    }

    private static List<String> routes(ScriptedApp app) {
        return app.received().stream().map(r -> r.method() + " " + r.path()).collect(Collectors.toList());
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void sendsTheTokenFetchedForThisClientOnChangeRequests(Via via) {
        ScriptedApp app = new ScriptedApp(this::protectedServer);
        try (Via.Served served = via.serve(app); PrefectAsyncClient client = client(served.apiUrl(), sleeper)) {

            client.createVariable(VariableCreate.of("v", 1)).join();
            client.createVariable(VariableCreate.of("w", 2)).join();

            assertThat(routes(app)).containsExactly("GET /api/csrf-token", "POST /api/variables/", "POST /api/variables/");
            ApiRequest post = app.received().get(2);
            assertThat(post.headers().first("Prefect-Csrf-Token")).contains("token-1");
            assertThat(post.headers().first("Prefect-Csrf-Client")).contains(validClient);
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void refreshesTheTokenWhenTheServerRejectsIt(Via via) {
        ScriptedApp app = new ScriptedApp(this::protectedServer);
        try (Via.Served served = via.serve(app); PrefectAsyncClient client = client(served.apiUrl(), sleeper)) {
            client.createVariable(VariableCreate.of("v", 1)).join();
            validToken = "rotated";

            client.createVariable(VariableCreate.of("w", 2)).join();

            assertThat(routes(app)).containsExactly("GET /api/csrf-token", "POST /api/variables/",
                    "POST /api/variables/", "GET /api/csrf-token", "POST /api/variables/");
            assertThat(app.received().get(4).headers().first("Prefect-Csrf-Token")).contains("token-2");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void refreshesTheTokenBeforeItExpires(Via via) {
        ScriptedApp app = new ScriptedApp(this::protectedServer);
        try (Via.Served served = via.serve(app); PrefectAsyncClient client = client(served.apiUrl(), sleeper)) {
            client.createVariable(VariableCreate.of("v", 1)).join();
            sleeper.advance(Duration.ofMinutes(59).plusSeconds(55));

            client.createVariable(VariableCreate.of("w", 2)).join();

            assertThat(issued).hasValue(2);
            assertThat(routes(app)).containsExactly("GET /api/csrf-token", "POST /api/variables/",
                    "GET /api/csrf-token", "POST /api/variables/");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void turnsCsrfOffForAServerWithoutTheTokenRoute(Via via) {
        ScriptedApp app = new ScriptedApp(r -> r.path().equals("/api/csrf-token")
                ? ApiResponse.json(404, "{\"detail\":\"Not Found\"}") : ApiResponse.json(201, VARIABLE));
        try (Via.Served served = via.serve(app); PrefectAsyncClient client = client(served.apiUrl(), sleeper)) {

            client.createVariable(VariableCreate.of("v", 1)).join();
            client.createVariable(VariableCreate.of("w", 2)).join();

            assertThat(routes(app)).containsExactly("GET /api/csrf-token", "POST /api/variables/", "POST /api/variables/");
            assertThat(app.received().get(1).headers().contains("Prefect-Csrf-Token")).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void turnsCsrfOffWhenTheServerSaysItIsDisabled(Via via) {
        ScriptedApp app = new ScriptedApp(r -> r.path().equals("/api/csrf-token")
                ? ApiResponse.json(422, "{\"detail\":\"CSRF protection is disabled.\"}")
                : ApiResponse.json(201, VARIABLE));
        try (Via.Served served = via.serve(app); PrefectAsyncClient client = client(served.apiUrl(), sleeper)) {

            client.createVariable(VariableCreate.of("v", 1)).join();
            client.createVariable(VariableCreate.of("w", 2)).join();

            assertThat(routes(app)).containsExactly("GET /api/csrf-token", "POST /api/variables/", "POST /api/variables/");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aProtectedServerRefusesAClientWithCsrfSupportOff(Via via) {
        ScriptedApp app = new ScriptedApp(this::protectedServer);
        try (Via.Served served = via.serve(app); PrefectAsyncClient client = client(served.apiUrl(), sleeper,
                "PREFECT_CLIENT_CSRF_SUPPORT_ENABLED", "false", "PREFECT_CLIENT_MAX_RETRIES", "1")) {

            assertThatThrownBy(() -> client.createVariable(VariableCreate.of("v", 1)).join()).cause()
                    .isInstanceOf(PrefectHttpStatusException.class).hasMessageContaining("403");
            assertThat(routes(app)).containsExactly("POST /api/variables/", "POST /api/variables/");
        }
    }
}
