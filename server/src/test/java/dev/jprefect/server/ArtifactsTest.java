package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.TestClient.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /artifacts}: Prefect's keyed-artifact versioning (each key's latest version in the
 * collection, handed back to the previous version on delete), filters, counts and Prefect's words.
 */
class ArtifactsTest extends StoreSuite {
    private final TestClock clock = new TestClock();
    private final TestClient client = new TestClient(newServer(clock));

    private Reply create(Map<String, Object> body) {
        clock.advance(Duration.ofSeconds(1));
        return client.post("/api/artifacts/", body);
    }

    @Test
    void createAndReadAnArtifact() {
        Reply created = create(Map.of("key", "sales-report", "type", "markdown", "description", "d",
                "data", Map.of("rows", 3), "metadata_", Map.of("owner", "ops")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.map()).containsOnlyKeys("id", "created", "updated", "key", "type", "description", "data",
                "metadata_", "flow_run_id", "task_run_id");
        assertThat(created.map()).containsEntry("key", "sales-report").containsEntry("data", Map.of("rows", 3L))
                .containsEntry("metadata_", Map.of("owner", "ops")).containsEntry("flow_run_id", null);
        assertThat(client.get("/api/artifacts/" + created.string("id")).map()).isEqualTo(created.map());
    }

    @Test
    void theLatestVersionOfAKeyIsTheNewestAndDeletingItHandsBackThePrevious() {
        String first = create(Map.of("key", "k", "data", 1, "description", "one")).string("id");
        String second = create(Map.of("key", "k", "data", 2)).string("id");
        create(Map.of("data", "unkeyed"));

        Reply latest = client.get("/api/artifacts/k/latest");
        assertThat(latest.map()).containsEntry("data", 2L).containsEntry("description", null)
                .doesNotContainKey("latest_id");
        assertThat(latest.string("id")).isNotIn(first, second); // the collection row's id, as Prefect answers
        assertThat(client.post("/api/artifacts/count", Map.of()).json()).isEqualTo(3L);
        assertThat(client.post("/api/artifacts/latest/count", Map.of()).json()).isEqualTo(1L);
        List<Map<String, Object>> collection = client.post("/api/artifacts/latest/filter", Map.of()).maps();
        assertThat(collection).singleElement().satisfies(c -> assertThat(c).containsEntry("latest_id", second)
                .containsEntry("key", "k").containsKey("data"));

        assertThat(client.delete("/api/artifacts/" + second).status()).isEqualTo(204);
        assertThat(client.get("/api/artifacts/k/latest").map()).containsEntry("data", 1L).containsEntry("description", "one");
        assertThat(client.post("/api/artifacts/latest/filter", Map.of()).maps())
                .singleElement().satisfies(c -> assertThat(c).containsEntry("latest_id", first));

        assertThat(client.delete("/api/artifacts/" + first).status()).isEqualTo(204);
        Reply gone = client.get("/api/artifacts/k/latest");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.map()).isEqualTo(Map.of("detail", "Artifact not found."));
        assertThat(client.post("/api/artifacts/latest/count", Map.of()).json()).isEqualTo(0L);
    }

    @Test
    void updatingTheLatestVersionUpdatesItsCollectionRowToo() {
        String id = create(Map.of("key", "k", "data", 1)).string("id");
        assertThat(client.patch("/api/artifacts/" + id, Map.of("data", Map.of("x", 1), "description", "new")).status())
                .isEqualTo(204);
        assertThat(client.get("/api/artifacts/" + id).map()).containsEntry("data", Map.of("x", 1L))
                .containsEntry("description", "new");
        assertThat(client.get("/api/artifacts/k/latest").map()).containsEntry("description", "new");
        Reply missing = client.patch("/api/artifacts/" + java.util.UUID.randomUUID(), Map.of("description", "x"));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.map()).isEqualTo(Map.of("detail", "Artifact not found."));
        assertThat(client.delete("/api/artifacts/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
    }

    @Test
    void filtersSortsAndJoinsWithRuns() {
        String flow = client.post("/api/flows/", Map.of("name", "f")).string("id");
        String run = client.post("/api/flow_runs/", Map.of("flow_id", flow, "tags", List.of("nightly"))).string("id");
        create(Map.of("key", "alpha", "type", "table", "flow_run_id", run));
        create(Map.of("key", "beta", "type", "markdown"));
        create(Map.of("type", "result"));

        assertThat(keys(Map.of("sort", "KEY_ASC"))).containsExactly("alpha", "beta", null);
        assertThat(keys(Map.of("artifacts", Map.of("key", Map.of("like_", "ET"))))).containsExactly("beta");
        assertThat(keys(Map.of("artifacts", Map.of("key", Map.of("exists_", false))))).containsExactly((String) null);
        assertThat(keys(Map.of("artifacts", Map.of("type", Map.of("not_any_", List.of("table", "result"))))))
                .containsExactly("beta");
        assertThat(keys(Map.of("flow_runs", Map.of("tags", Map.of("all_", List.of("nightly")))))).containsExactly("alpha");
        assertThat(keys(Map.of("flows", Map.of()))).containsExactly("alpha");
        assertThat(keys(Map.of("deployments", Map.of()))).isEmpty();
        assertThat(keys(Map.of("sort", "KEY_DESC", "offset", 1, "limit", 1))).containsExactly("beta");
        assertThat(client.post("/api/artifacts/count", Map.of("artifacts", Map.of("operator", "or_",
                "key", Map.of("any_", List.of("alpha")), "type", Map.of("any_", List.of("result"))))).json()).isEqualTo(2L);
        assertThat(client.post("/api/artifacts/latest/count", Map.of("flow_runs", Map.of())).json()).isEqualTo(1L);
    }

    private List<Object> keys(Map<String, Object> body) {
        Reply r = client.post("/api/artifacts/filter", body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.maps().stream().map(a -> a.get("key")).toList();
    }

    @Test
    void badInputIsAnsweredAsPrefectDoes() {
        Reply badKey = client.post("/api/artifacts/", Map.of("key", "Bad Key"));
        assertThat(badKey.status()).isEqualTo(422);
        assertThat(badKey.text()).contains("\"type\":\"value_error\",\"loc\":[\"body\",\"key\"],"
                + "\"msg\":\"Value error, Artifact key must only contain lowercase letters, numbers, and dashes.\"");
        assertThat(client.post("/api/artifacts/", Map.of("extra", 1)).text()).contains("extra_forbidden");
        assertThat(client.post("/api/artifacts/", Map.of("metadata_", Map.of("n", 1))).text())
                .contains("\"loc\":[\"body\",\"metadata_\",\"n\"]");
        assertThat(client.post("/api/artifacts/filter", Map.of("sort", "NAME_ASC")).status()).isEqualTo(422);
        assertThat(client.post("/api/artifacts/filter", Map.of("limit", 201)).map())
                .isEqualTo(Map.of("detail", "Invalid limit: must be less than or equal to 200."));
    }

    @Test
    void longMetadataValuesAreCutAsPrefectStoresThem() {
        Reply r = create(Map.of("metadata_", Map.of("long", "x".repeat(600))));
        assertThat(r.map().get("metadata_")).isEqualTo(Map.of("long", "x".repeat(500) + "..."));
    }
}
