package dev.jprefect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.PrefectClientBuilder;
import dev.jprefect.settings.Settings;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import dev.jprefect.transport.Transport;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link Artifacts} sends, outside any run (the artifact goes unlinked to the client flows
 * would use). Inside runs, linked to them, the integration tests publish to a real server.
 */
class ArtifactsTest {
    private static final UUID ID = UUID.fromString("5f1b5c8e-6d0a-4a57-9d3c-1a2b3c4d5e6f");

    private final List<ApiRequest> sent = new ArrayList<>();
    private PrefectClient client;
    private Flows.ClientScope scope;

    @BeforeEach
    void useARecordingClient() {
        Transport transport = new Transport() {
            @Override
            public CompletableFuture<ApiResponse> send(ApiRequest request) {
                synchronized (sent) {
                    sent.add(request);
                }
                return CompletableFuture.completedFuture(request.method().equals("PATCH")
                        ? ApiResponse.builder(204).build()
                        : ApiResponse.json(201, "{\"id\":\"" + ID + "\"}"));
            }

            @Override
            public void close() {
            }
        };
        client = PrefectClientBuilder.create()
                .settings(Settings.isolated(Map.of("PREFECT_CLIENT_CSRF_SUPPORT_ENABLED", "false")))
                .transport(transport, URI.create("http://prefect.test/api")).build();
        scope = Flows.using(client);
    }

    @AfterEach
    void close() {
        scope.close();
        client.close();
    }

    private String lastBody() {
        return sent.get(sent.size() - 1).bodyAsString();
    }

    @Test
    void markdownIsSentAsItsTextWithKeyAndDescription() {
        assertThat(Artifacts.createMarkdown("# Report", "sales-report", "daily")).isEqualTo(ID);
        assertThat(sent.get(0).method() + " " + sent.get(0).path()).isEqualTo("POST /api/artifacts/");
        assertThat(lastBody()).isEqualTo(
                "{\"key\":\"sales-report\",\"type\":\"markdown\",\"description\":\"daily\",\"data\":\"# Report\"}");
    }

    @Test
    void aTableIsSentAsJsonTextWithNaNAsNull() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("country", "CH");
        row.put("usd", Double.NaN);
        Artifacts.createTable(List.of(row), null, null);
        assertThat(lastBody()).isEqualTo("{\"type\":\"table\",\"data\":\"[{\\\"country\\\":\\\"CH\\\",\\\"usd\\\":null}]\"}");
    }

    @Test
    void aLinkIsMarkdownWithItsTextOrItself() {
        Artifacts.createLink("https://example.com/r", "the report", null, null);
        assertThat(lastBody()).isEqualTo("{\"type\":\"markdown\",\"data\":\"[the report](https://example.com/r)\"}");
        Artifacts.createLink("https://example.com/r", null, null, null);
        assertThat(lastBody()).isEqualTo("{\"type\":\"markdown\",\"data\":\"[https://example.com/r](https://example.com/r)\"}");
    }

    @Test
    void progressOutsideZeroToHundredIsTakenAsTheNearestBound() {
        Artifacts.createProgress(140, "load", null);
        assertThat(lastBody()).isEqualTo("{\"key\":\"load\",\"type\":\"progress\",\"data\":100.0}");
        assertThat(Artifacts.updateProgress(ID, 42.5, null)).isEqualTo(ID);
        assertThat(sent.get(1).method() + " " + sent.get(1).path()).isEqualTo("PATCH /api/artifacts/" + ID);
        assertThat(lastBody()).isEqualTo("{\"data\":42.5}");
        Artifacts.updateProgress(ID, -3, "starting");
        assertThat(lastBody()).isEqualTo("{\"data\":0.0,\"description\":\"starting\"}");
    }

    @Test
    void aKeyWithOtherCharactersIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> Artifacts.createMarkdown("x", "Sales_Report", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must only contain lowercase letters, numbers, and dashes");
        assertThatThrownBy(() -> Artifacts.createTable("not a table", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(sent).isEmpty();
    }
}
