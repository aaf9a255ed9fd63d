package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.TestClient.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /api/flows}. */
class FlowsTest extends StoreSuite {
    private final TestClock clock = new TestClock();
    private final TestClient client = new TestClient(
            newServer(clock));

    private String createFlow(String name, List<String> tags) {
        Reply r = client.post("/api/flows/", Map.of("name", name, "tags", tags));
        assertThat(r.status()).isEqualTo(201);
        clock.advance(Duration.ofSeconds(1));
        return r.string("id");
    }

    @Test
    void createReturnsTheNewFlowWith201() {
        Reply r = client.post("/api/flows/", Map.of("name", "etl", "tags", List.of("a")));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.map()).containsEntry("name", "etl").containsEntry("tags", List.of("a"))
                .containsEntry("created", "2025-01-01T12:00:00Z").containsKeys("id", "updated", "labels");
    }

    @Test
    void createWithAnExistingNameReturnsTheExistingFlowWith200() {
        String id = createFlow("etl", List.of());
        Reply again = client.post("/api/flows/", Map.of("name", "etl", "tags", List.of("other")));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.string("id")).isEqualTo(id);
        assertThat(again.map().get("tags")).isEqualTo(List.of());
    }

    @Test
    void namesWithForbiddenCharactersAreRefused() {
        Reply r = client.post("/api/flows/", Map.of("name", "a/b"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.text()).contains("string_pattern_mismatch");
    }

    @Test
    void readByIdAndByName() {
        String id = createFlow("my flow", List.of());
        assertThat(client.get("/api/flows/" + id).string("name")).isEqualTo("my flow");
        assertThat(client.get("/api/flows/name/my%20flow").string("id")).isEqualTo(id);
    }

    @Test
    void missingFlowsAreNotFound() {
        Reply byId = client.get("/api/flows/00000000-0000-0000-0000-000000000000");
        assertThat(byId.status()).isEqualTo(404);
        assertThat(byId.map()).isEqualTo(Map.of("detail", "Flow not found"));
        assertThat(client.get("/api/flows/name/nope").status()).isEqualTo(404);
        assertThat(client.patch("/api/flows/00000000-0000-0000-0000-000000000000", Map.of()).status()).isEqualTo(404);
        assertThat(client.delete("/api/flows/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
    }

    @Test
    void updateChangesTagsAndAnswers204() {
        String id = createFlow("etl", List.of("old"));
        Reply r = client.patch("/api/flows/" + id, Map.of("tags", List.of("new")));
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.response().bodyLength()).isZero();
        Reply read = client.get("/api/flows/" + id);
        assertThat(read.map().get("tags")).isEqualTo(List.of("new"));
        assertThat(read.string("updated")).isNotEqualTo(read.string("created"));
    }

    @Test
    void deleteRemovesTheFlowAndItsRuns() {
        String id = createFlow("etl", List.of());
        String run = client.post("/api/flow_runs/", Map.of("flow_id", id)).string("id");
        assertThat(client.delete("/api/flows/" + id).status()).isEqualTo(204);
        assertThat(client.get("/api/flows/" + id).status()).isEqualTo(404);
        assertThat(client.get("/api/flow_runs/" + run).status()).isEqualTo(404);
    }

    @Test
    void filterByNameTagsAndIdSortedAndPaged() {
        String a = createFlow("alpha", List.of("x", "y"));
        createFlow("beta", List.of("x"));
        createFlow("gamma", List.of());
        assertThat(names(client.post("/api/flows/filter", Map.of()))).containsExactly("alpha", "beta", "gamma");
        assertThat(names(client.post("/api/flows/filter", Map.of("sort", "NAME_DESC")))).containsExactly("gamma", "beta", "alpha");
        assertThat(names(client.post("/api/flows/filter", Map.of("sort", "CREATED_DESC")))).containsExactly("gamma", "beta", "alpha");
        assertThat(names(client.post("/api/flows/filter",
                Map.of("flows", Map.of("tags", Map.of("all_", List.of("x"))))))).containsExactly("alpha", "beta");
        assertThat(names(client.post("/api/flows/filter",
                Map.of("flows", Map.of("name", Map.of("like_", "AMM")))))).containsExactly("gamma");
        assertThat(names(client.post("/api/flows/filter",
                Map.of("flows", Map.of("name", Map.of("any_", List.of("beta", "nope"))))))).containsExactly("beta");
        assertThat(names(client.post("/api/flows/filter",
                Map.of("flows", Map.of("id", Map.of("any_", List.of(a))))))).containsExactly("alpha");
        assertThat(names(client.post("/api/flows/filter",
                Map.of("flows", Map.of("operator", "or_", "name", Map.of("any_", List.of("beta")),
                        "tags", Map.of("is_null_", true)))))).containsExactly("beta", "gamma");
        assertThat(names(client.post("/api/flows/filter", Map.of("limit", 1, "offset", 1)))).containsExactly("beta");
    }

    @Test
    void filterByTheirFlowRuns() {
        String a = createFlow("alpha", List.of());
        createFlow("beta", List.of());
        client.post("/api/flow_runs/", Map.of("flow_id", a, "tags", List.of("nightly")));
        assertThat(names(client.post("/api/flows/filter",
                Map.of("flow_runs", Map.of("tags", Map.of("all_", List.of("nightly"))))))).containsExactly("alpha");
        assertThat(names(client.post("/api/flows/filter", Map.of("deployments", Map.of())))).isEmpty();
    }

    @Test
    void bulkDeleteRemovesMatchingFlowsWithTheirRuns() {
        String a = createFlow("alpha", List.of("old"));
        createFlow("beta", List.of());
        String run = client.post("/api/flow_runs/", Map.of("flow_id", a)).string("id");
        Reply r = client.post("/api/flows/bulk_delete", Map.of("flows", Map.of("tags", Map.of("all_", List.of("old")))));
        assertThat(r.map()).isEqualTo(Map.of("deleted", List.of(a)));
        assertThat(client.get("/api/flow_runs/" + run).status()).isEqualTo(404);
        assertThat(names(client.post("/api/flows/filter", Map.of()))).containsExactly("beta");
    }

    @Test
    void countAndPaginate() {
        for (String name : List.of("a", "b", "c", "d", "e")) {
            createFlow(name, List.of());
        }
        assertThat(client.post("/api/flows/count", Map.of()).json()).isEqualTo(5L);
        assertThat(client.post("/api/flows/count", null).json()).isEqualTo(5L);
        Reply page = client.post("/api/flows/paginate", Map.of("limit", 2, "page", 3));
        assertThat(page.map()).containsEntry("count", 5L).containsEntry("limit", 2L)
                .containsEntry("pages", 3L).containsEntry("page", 3L);
        assertThat(names(page.map().get("results"))).containsExactly("e");
        Reply zero = client.post("/api/flows/paginate", Map.of("page", 0));
        assertThat(zero.status()).isEqualTo(422);
    }

    @SuppressWarnings("unchecked")
    static List<Object> names(Object listOrReply) {
        Object list = listOrReply instanceof Reply ? ((Reply) listOrReply).json() : listOrReply;
        return ((List<Map<String, Object>>) list).stream().map(m -> m.get("name")).toList();
    }
}
