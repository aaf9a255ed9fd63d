package dev.jprefect.client.internal;

import static dev.jprefect.client.internal.Clients.NO_JITTER;
import static dev.jprefect.client.internal.Clients.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.client.ObjectAlreadyExistsException;
import dev.jprefect.client.ObjectNotFoundException;
import dev.jprefect.client.PrefectHttpStatusException;
import dev.jprefect.client.schemas.VariableCreate;
import dev.jprefect.transport.ApiResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StatusErrorTest {
    private final VirtualSleeper sleeper = new VirtualSleeper();
    private final UUID id = UUID.fromString("5f1b5c8e-6d0a-4a57-9d3c-1a2b3c4d5e6f");

    @Test
    void aNotFoundNamesMethodUrlStatusAndDetailAndKeepsTheResponse() {
        ScriptedTransport transport = new ScriptedTransport().thenRespond(404, "{\"detail\":\"Flow run not found\"}");
        var client = client(transport, sleeper, NO_JITTER).blocking();

        assertThatThrownBy(() -> client.readFlowRun(id))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("Client error '404 Not Found' for GET http://prefect.test/api/flow_runs/" + id)
                .hasMessageContaining("Flow run not found")
                .satisfies(e -> {
                    PrefectHttpStatusException status = (PrefectHttpStatusException) e;
                    assertThat(status.status()).isEqualTo(404);
                    assertThat(status.detail()).isEqualTo("Flow run not found");
                    assertThat(status.response().bodyAsString()).contains("Flow run not found");
                    assertThat(status.request().method()).isEqualTo("GET");
                });
    }

    @Test
    void aValidationErrorCarriesTheJsonDetailList() {
        String body = "{\"detail\":[{\"loc\":[\"body\",\"name\"],\"msg\":\"Field required\",\"type\":\"missing\"}]}";
        ScriptedTransport transport = new ScriptedTransport().thenRespond(422, body);
        var client = client(transport, sleeper, Clients.settings(NO_JITTER, "PREFECT_CLIENT_CSRF_SUPPORT_ENABLED", "false"))
                .blocking();

        assertThatThrownBy(() -> client.createVariable(VariableCreate.of("x", 1)))
                .isInstanceOf(PrefectHttpStatusException.class)
                .hasMessageContaining("'422 Unprocessable Entity' for POST http://prefect.test/api/variables/")
                .hasMessageContaining("Field required")
                .satisfies(e -> assertThat(((PrefectHttpStatusException) e).detail())
                        .isEqualTo("[{\"loc\":[\"body\",\"name\"],\"msg\":\"Field required\",\"type\":\"missing\"}]"));
    }

    @Test
    void aPrefectServerValidationErrorCarriesItsExceptionDetail() {
        String body = "{\"exception_message\":\"Invalid request received.\","
                + "\"exception_detail\":[{\"loc\":[\"body\",\"name\"],\"msg\":\"Field required\",\"type\":\"missing\"}],"
                + "\"request_body\":{}}";
        ScriptedTransport transport = new ScriptedTransport().thenRespond(422, body);
        var client = client(transport, sleeper, Clients.settings(NO_JITTER, "PREFECT_CLIENT_CSRF_SUPPORT_ENABLED", "false"))
                .blocking();

        assertThatThrownBy(() -> client.createVariable(VariableCreate.of("x", 1)))
                .isInstanceOf(PrefectHttpStatusException.class)
                .hasMessageContaining("Invalid request received.")
                .satisfies(e -> assertThat(((PrefectHttpStatusException) e).detail())
                        .isEqualTo("[{\"loc\":[\"body\",\"name\"],\"msg\":\"Field required\",\"type\":\"missing\"}]"));
    }

    @Test
    void aPrefectServerInternalErrorCarriesItsExceptionMessage() {
        ScriptedTransport transport = new ScriptedTransport()
                .thenRespond(401, "{\"exception_message\":\"Unauthorized\"}");

        assertThatThrownBy(() -> client(transport, sleeper, NO_JITTER).blocking().health())
                .isInstanceOf(PrefectHttpStatusException.class)
                .satisfies(e -> assertThat(((PrefectHttpStatusException) e).detail()).isEqualTo("Unauthorized"));
    }

    @Test
    void aConflictIsAnObjectAlreadyExists() {
        ScriptedTransport transport = new ScriptedTransport().thenRespond(409, "{\"detail\":\"exists\"}");
        var client = client(transport, sleeper, Clients.settings(NO_JITTER, "PREFECT_CLIENT_CSRF_SUPPORT_ENABLED", "false"))
                .blocking();

        assertThatThrownBy(() -> client.createVariable(VariableCreate.of("x", 1)))
                .isInstanceOf(ObjectAlreadyExistsException.class).hasMessageContaining("409 Conflict");
    }

    @Test
    void aServerErrorWithANonJsonBodyQuotesTheBody() {
        ScriptedTransport transport = new ScriptedTransport()
                .thenRespond(ApiResponse.builder(500).body("upstream exploded").build());

        assertThatThrownBy(() -> client(transport, sleeper, NO_JITTER).blocking().health())
                .isInstanceOf(PrefectHttpStatusException.class)
                .hasMessageContaining("Server error '500 Internal Server Error' for GET http://prefect.test/api/health")
                .hasMessageContaining("upstream exploded");
    }

    @Test
    void aMissingVariableIsEmptyNotAnError() {
        ScriptedTransport transport = new ScriptedTransport().thenRespond(404, "{\"detail\":\"Variable not found.\"}");

        assertThat(client(transport, sleeper, NO_JITTER).blocking().readVariableByName("nope")).isEmpty();
    }

    @Test
    void anUnreadableAnswerNamesTheCall() {
        ScriptedTransport transport = new ScriptedTransport().thenRespond(200, "{\"id\": 12}");

        assertThatThrownBy(() -> client(transport, sleeper, NO_JITTER).blocking().readFlow(id))
                .hasMessageContaining("cannot read the answer to GET http://prefect.test/api/flows/" + id)
                .hasMessageContaining("$.id");
    }
}
