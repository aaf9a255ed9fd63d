package dev.jprefect.integration.prefect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.harness.PrefectTestHarness;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prefect's own Python SDK saves and loads blocks on jprefect's server: a {@code Secret} (text and
 * JSON), saved again under its name (refused, then overwritten), and custom {@code Block} classes
 * with a secret field, one nesting a saved block and one an unsaved one. The SDK registers each
 * block type and schema itself ({@code Block.save()}), as it does on Prefect's server; the server
 * then answers the secrets obfuscated unless asked for them.
 */
class PythonBlocksOnJprefectTest {

    @Test
    void blocksSavedByPrefectsPythonSdkLoadBackWithTheirSecrets(@TempDir Path home) throws Exception {
        try (PrefectTestHarness harness = PrefectTestHarness.start(PrefectTestHarness.Mode.SERVER)) {
            String api = harness.apiUrl().toString();
            List<String> output = PythonSdkOnJprefectTest.runScript("blocks.py", api, home);
            assertThat(PythonSdkOnJprefectTest.valueOf(output, "SECRET")).isEqualTo("s3cr3t");
            assertThat(PythonSdkOnJprefectTest.valueOf(output, "SAVED_AGAIN")).isEqualTo("refused");
            assertThat(PythonSdkOnJprefectTest.valueOf(output, "OVERWRITTEN")).isEqualTo("rotated");
            assertThat(PythonSdkOnJprefectTest.valueOf(output, "JSON")).isEqualTo("{\"token\": \"t0k\", \"user\": \"ada\"}");
            assertThat(PythonSdkOnJprefectTest.valueOf(output, "NESTED")).isEqualTo("db.local 5432 ada pw");
            assertThat(PythonSdkOnJprefectTest.valueOf(output, "INLINE")).isEqualTo("h2 bob pw2");

            HttpClient http = HttpClient.newHttpClient();
            Map<?, ?> secret = (Map<?, ?>) PythonSdkOnJprefectTest.call(http, "GET",
                    api + "/block_types/slug/secret/block_documents/name/api-key", null);
            assertThat(secret.get("data")).isEqualTo(Map.of("value", "********"));
            Map<?, ?> main = (Map<?, ?>) PythonSdkOnJprefectTest.call(http, "GET",
                    api + "/block_types/slug/warehouse/block_documents/name/main", null);
            assertThat(((Map<?, ?>) main.get("block_document_references")).keySet()).isEqualTo(Set.of("credentials"));
            assertThat(main.get("data")).isEqualTo(Map.of("host", "db.local", "port", 5432.0,
                    "credentials", Map.of("username", "ada", "password", "********")));
            Object count = PythonSdkOnJprefectTest.call(http, "POST", api + "/block_documents/count", "{}");
            assertThat(((Number) count).intValue()).isEqualTo(5); // api-key, json-secret, ada, main, inline
        }
    }
}
