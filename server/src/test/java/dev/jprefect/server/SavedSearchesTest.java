package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.TestClient.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /api/saved_searches}: the upsert by name, reads, deletes, the page by name and Prefect's 422s. */
@SuppressWarnings("unchecked")
class SavedSearchesTest extends StoreSuite {
    private final TestClock clock = new TestClock();
    private final TestClient client = new TestClient(newServer(clock));

    private static Map<String, Object> filter(String property, Object value) {
        return Map.of("object", "flow_run", "property", property, "type", "string", "operation", "equals", "value", value);
    }

    private Reply save(String name, List<Object> filters) {
        return client.send("PUT", "/api/saved_searches/", Map.of("name", name, "filters", filters), Map.of());
    }

    @Test
    void savingANameAgainReplacesItsFiltersAndKeepsItsId() {
        Reply created = save("failed runs", List.of(filter("state", "FAILED")));
        assertThat(created.status()).isEqualTo(201);
        String id = created.string("id");
        assertThat(created.map()).containsOnlyKeys("id", "created", "updated", "name", "filters");
        assertThat((List<Object>) created.at("filters")).containsExactly(filter("state", "FAILED"));

        clock.advance(Duration.ofSeconds(5));
        Reply again = save("failed runs", List.of(filter("tag", List.of("etl", 1L))));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.string("id")).isEqualTo(id);
        assertThat(again.string("created")).isEqualTo(created.string("created"));
        assertThat((List<Object>) client.get("/api/saved_searches/" + id).at("filters")).containsExactly(filter("tag", List.of("etl", 1L)));
    }

    @Test
    void listedByNameInPages() {
        save("b", List.of());
        save("c", List.of());
        save("a", List.of());
        assertThat(names(client.post("/api/saved_searches/filter", Map.of()))).containsExactly("a", "b", "c");
        assertThat(names(client.post("/api/saved_searches/filter", Map.of("offset", 1, "limit", 1)))).containsExactly("b");
        assertThat(client.post("/api/saved_searches/filter", Map.of("offset", -1)).status()).isEqualTo(422);
    }

    @Test
    void deletedById() {
        String id = save("gone", List.of()).string("id");
        assertThat(client.delete("/api/saved_searches/" + id).status()).isEqualTo(204);
        Reply missing = client.get("/api/saved_searches/" + id);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.map()).isEqualTo(Map.of("detail", "Saved search not found"));
        assertThat(client.delete("/api/saved_searches/" + id).status()).isEqualTo(404);
    }

    @Test
    void aSearchNeedsANameAndWholeFilters() {
        Reply noName = client.send("PUT", "/api/saved_searches/", Map.of("filters", List.of()), Map.of());
        assertThat(noName.status()).isEqualTo(422);
        assertThat(noName.text()).contains("\"loc\":[\"body\",\"name\"]", "\"type\":\"missing\"");
        Reply partial = save("x", List.of(Map.of("object", "flow_run")));
        assertThat(partial.status()).isEqualTo(422);
        assertThat(partial.text()).contains("\"loc\":[\"body\",\"filters\",0,\"property\"]");
        Reply extra = client.send("PUT", "/api/saved_searches/", Map.of("name", "x", "color", "red"), Map.of());
        assertThat(extra.status()).isEqualTo(422);
        assertThat(extra.text()).contains("\"extra_forbidden\"");
    }

    private static List<Object> names(Reply r) {
        return r.list().stream().map(s -> ((Map<?, ?>) s).get("name")).map(Object.class::cast).toList();
    }
}
