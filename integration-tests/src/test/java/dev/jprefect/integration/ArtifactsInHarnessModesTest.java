package dev.jprefect.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.client.PrefectHttpStatusException;
import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.PrefectTestHarness.Mode;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The artifacts resource through the harness, in process and over HTTP: keyed versions, the latest
 * by key, filters and counts, through the client's whole pipeline and transport. (The typed client
 * calls are the api's; this checks the server side the same way in both modes.)
 */
class ArtifactsInHarnessModesTest {

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"IN_PROCESS", "SERVER"})
    void keyedArtifactsAreVersionedInBothModes(Mode mode) {
        try (PrefectTestHarness harness = PrefectTestHarness.start(mode)) {
            ApiResponse first = send(harness, "POST", "artifacts/", "{\"key\": \"report\", \"type\": \"markdown\", \"data\": \"# v1\"}");
            assertThat(first.status()).isEqualTo(201);
            ApiResponse second = send(harness, "POST", "artifacts/", "{\"key\": \"report\", \"type\": \"markdown\", \"data\": \"# v2\"}");
            assertThat(second.status()).isEqualTo(201);

            assertThat(send(harness, "GET", "artifacts/report/latest", null).bodyAsString()).contains("\"data\":\"# v2\"");
            assertThat(send(harness, "POST", "artifacts/count", "{}").bodyAsString()).isEqualTo("2");
            assertThat(send(harness, "POST", "artifacts/latest/count", "{}").bodyAsString()).isEqualTo("1");
            assertThat(send(harness, "POST", "artifacts/filter", "{\"sort\": \"CREATED_DESC\", \"limit\": 1}").bodyAsString())
                    .contains("\"data\":\"# v2\"").doesNotContain("# v1");

            String secondId = id(second);
            assertThat(send(harness, "DELETE", "artifacts/" + secondId, null).status()).isEqualTo(204);
            assertThat(send(harness, "GET", "artifacts/report/latest", null).bodyAsString()).contains("\"data\":\"# v1\"");
            assertThatThrownBy(() -> send(harness, "GET", "artifacts/" + secondId, null))
                    .isInstanceOfSatisfying(PrefectHttpStatusException.class, e -> assertThat(e.status()).isEqualTo(404));
        }
    }

    private static ApiResponse send(PrefectTestHarness harness, String method, String path, String json) {
        ApiRequest.Builder request = ApiRequest.builder(method, URI.create(path));
        if (json != null) {
            request.header("Content-Type", "application/json").body(json.getBytes(StandardCharsets.UTF_8));
        }
        return harness.client().send(request.build());
    }

    private static String id(ApiResponse response) {
        String body = response.bodyAsString();
        int at = body.indexOf("\"id\":\"") + 6;
        return body.substring(at, body.indexOf('"', at));
    }
}
