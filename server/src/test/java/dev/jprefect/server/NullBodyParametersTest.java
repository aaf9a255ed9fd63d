package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.TestClient.Reply;
import dev.jprefect.settings.Settings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Nulls as Prefect's clients send them: FastAPI reads a route's body parameter sent as null as one
 * not sent (Prefect's runner filters flow runs with {@code "sort": null, "limit": null}), and a run
 * created with {@code "name": null} is named as one created without a name (Prefect's
 * {@code prefect deployment run} sends it so).
 */
class NullBodyParametersTest {
    private final PrefectServer server = PrefectServer.builder().settings(Settings.isolated(Map.of())).build();
    private final TestClient client = new TestClient(server);

    private static Map<String, Object> withNulls(Map<String, Object> body, String... nullKeys) {
        Map<String, Object> out = new HashMap<>(body);
        for (String key : nullKeys) {
            out.put(key, null);
        }
        return out;
    }

    @Test
    void aBodyParameterSentAsNullTakesItsDefault() {
        String flow = client.post("/api/flows/", Map.of("name", "etl")).string("id");
        Reply run = client.post("/api/flow_runs/", withNulls(Map.of("flow_id", flow), "name"));
        assertThat(run.status()).isEqualTo(201);
        assertThat(run.string("name")).isNotBlank();
        Reply filtered = client.post("/api/flow_runs/filter", withNulls(Map.of("offset", 0), "sort", "limit", "flows",
                "deployments", "work_pools", "work_pool_queues"));
        assertThat(filtered.status()).isEqualTo(200);
        assertThat(filtered.maps()).extracting(r -> r.get("id")).containsExactly(run.string("id"));
        assertThat(client.post("/api/work_pools/", Map.of("name", "java")).status()).isEqualTo(201);
        Reply heartbeat = client.post("/api/work_pools/java/workers/heartbeat", withNulls(Map.of(), "name"));
        assertThat(heartbeat.status()).isEqualTo(422);
        assertThat(heartbeat.json().toString()).contains("missing");

        String deployment = client.post("/api/deployments/", Map.of("name", "d", "flow_id", flow,
                "enforce_parameter_schema", false)).string("id");
        Reply triggered = client.post("/api/deployments/" + deployment + "/create_flow_run",
                withNulls(Map.of("parameters", Map.of()), "name"));
        assertThat(triggered.status()).isEqualTo(201);
        assertThat(triggered.string("name")).isNotBlank();
        assertThat(client.post("/api/flow_runs/count", Map.of()).json()).isEqualTo(2L);
        assertThat(client.post("/api/flow_runs/filter", Map.of("sort", "NAME_ASC", "limit", 1)).maps()).hasSize(1);
        assertThat(List.of(run.string("name"), triggered.string("name"))).doesNotContainNull();
    }
}
