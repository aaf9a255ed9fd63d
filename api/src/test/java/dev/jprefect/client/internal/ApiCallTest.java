package dev.jprefect.client.internal;

import static dev.jprefect.client.internal.Clients.NO_JITTER;
import static dev.jprefect.client.internal.Clients.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.client.ApiCall;
import dev.jprefect.client.ObjectNotFoundException;
import dev.jprefect.client.PrefectClientException;
import dev.jprefect.client.schemas.FlowCreate;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** One description per call: the same {@link ApiCall} served to the asynchronous and the blocking client. */
class ApiCallTest {
    private final VirtualSleeper sleeper = new VirtualSleeper();

    /** A call the clients do not have: the text of {@code GET /admin/settings}. */
    private static final ApiCall<String> SETTINGS = new ApiCall<>() {
        @Override
        public ApiRequest request() {
            return ApiRequest.get(URI.create("admin/settings"));
        }

        @Override
        public String read(ApiResponse response) {
            return response.bodyAsString();
        }
    };

    @Test
    void aDescribedCallRunsOnBothClientsWithItsRelativeUriResolved() {
        ScriptedTransport transport = new ScriptedTransport()
                .thenRespond(200, "{\"a\":1}")
                .thenRespond(200, "{\"a\":2}");
        RealAsyncClient client = client(transport, sleeper, NO_JITTER);

        assertThat(client.call(SETTINGS).join()).isEqualTo("{\"a\":1}");
        assertThat(client.blocking().call(SETTINGS)).isEqualTo("{\"a\":2}");
        assertThat(transport.paths()).containsExactly("GET /api/admin/settings", "GET /api/admin/settings");
    }

    @Test
    void aStatusTheCallDoesNotAnswerFailsWithTheStatusException() {
        ScriptedTransport transport = new ScriptedTransport().thenRespond(404, "{\"detail\":\"Not Found\"}");
        RealAsyncClient client = client(transport, sleeper, NO_JITTER);

        assertThatThrownBy(() -> client.blocking().call(SETTINGS)).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void aReadIfPresentCallAnswersANotFoundWithEmpty() {
        ScriptedTransport transport = new ScriptedTransport().thenRespond(404, "{\"detail\":\"Variable not found\"}");
        RealAsyncClient client = client(transport, sleeper, NO_JITTER);

        assertThat(client.blocking().readVariableByName("missing")).isEmpty();
        assertThat(transport.paths()).containsExactly("GET /api/variables/name/missing");
    }

    @Test
    void aRequestThatCannotBeDescribedFailsTheFutureAndSendsNothing() {
        ScriptedTransport transport = new ScriptedTransport();
        RealAsyncClient client = client(transport, sleeper, NO_JITTER);
        ApiCall<String> broken = new ApiCall<>() {
            @Override
            public ApiRequest request() {
                throw new IllegalArgumentException("no such path");
            }

            @Override
            public String read(ApiResponse response) {
                return "unreachable";
            }
        };

        assertThat(client.call(broken)).isCompletedExceptionally();
        assertThatThrownBy(() -> client.call(broken).join())
                .isInstanceOf(CompletionException.class)
                .hasRootCauseMessage("no such path");
        assertThat(transport.requests()).isEmpty();
    }

    @Test
    void anAnswerThatCannotBeReadNamesTheRequest() {
        ScriptedTransport transport = new ScriptedTransport().thenRespond(200, "[1, 2]");
        RealAsyncClient client = client(transport, sleeper, NO_JITTER);
        UUID id = UUID.fromString("5f1b5c8e-6d0a-4a57-9d3c-1a2b3c4d5e6f");

        assertThatThrownBy(() -> client.blocking().readFlow(id))
                .isInstanceOf(PrefectClientException.class)
                .hasMessageContaining("cannot read the answer to GET http://prefect.test/api/flows/" + id);
    }

    @Test
    void aBodyIsEncodedOnceAsUtf8Json() {
        ScriptedTransport transport = new ScriptedTransport()
                .thenRespond(200, "{\"id\":\"5f1b5c8e-6d0a-4a57-9d3c-1a2b3c4d5e6f\",\"name\":\"étl\"}");
        RealAsyncClient client = client(transport, sleeper,
                Clients.settings(NO_JITTER, "PREFECT_CLIENT_CSRF_SUPPORT_ENABLED", "false"));

        assertThat(client.blocking().createFlow(FlowCreate.of("étl")).name()).isEqualTo("étl");
        assertThat(transport.requests().get(0).bodyAsString()).startsWith("{\"name\":\"étl\"");
    }
}
