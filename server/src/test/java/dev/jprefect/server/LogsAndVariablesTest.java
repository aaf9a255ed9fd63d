package dev.jprefect.server;

import static dev.jprefect.server.FlowsTest.names;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.TestClient.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /api/logs} and {@code /api/variables}. */
class LogsAndVariablesTest extends StoreSuite {
    private final TestClock clock = new TestClock();
    private final TestClient client = new TestClient(
            newServer(clock));

    private static Map<String, Object> log(String message, int level, String timestamp, String flowRunId) {
        return Map.of("name", "prefect.flow_runs", "level", level, "message", message, "timestamp", timestamp,
                "flow_run_id", flowRunId);
    }

    @Test
    void logsAreCreatedInBatchesAndFiltered() {
        String runA = "33333333-3333-3333-3333-333333333333";
        String runB = "44444444-4444-4444-4444-444444444444";
        Reply created = client.post("/api/logs/", List.of(
                log("second", 20, "2025-01-01T00:00:02Z", runA),
                log("first", 40, "2025-01-01T00:00:01Z", runA),
                log("other run", 10, "2025-01-01T00:00:03Z", runB)));
        assertThat(created.status()).isEqualTo(201);

        List<Object> all = messages(client.post("/api/logs/filter", Map.of()));
        assertThat(all).containsExactly("first", "second", "other run");
        assertThat(messages(client.post("/api/logs/filter", Map.of("sort", "TIMESTAMP_DESC"))))
                .containsExactly("other run", "second", "first");
        assertThat(messages(client.post("/api/logs/filter",
                Map.of("logs", Map.of("flow_run_id", Map.of("any_", List.of(runA)), "level", Map.of("ge_", 30))))))
                .containsExactly("first");
        assertThat(messages(client.post("/api/logs/filter",
                Map.of("logs", Map.of("timestamp", Map.of("after_", "2025-01-01T00:00:02Z")))))).containsExactly("second", "other run");
        assertThat(messages(client.post("/api/logs/filter",
                Map.of("logs", Map.of("text", Map.of("query", "OTHER")))))).containsExactly("other run");
        assertThat(messages(client.post("/api/logs/filter", Map.of("limit", 1, "offset", 1)))).containsExactly("second");
    }

    @Test
    void aBadLogInABatchIsReportedByIndex() {
        Reply r = client.post("/api/logs/", List.of(Map.of("name", "x", "level", 20, "message", "m")));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.text()).contains("\"loc\":[\"body\",0,\"timestamp\"]");
    }

    @Test
    void variablesByIdAndByName() {
        Reply created = client.post("/api/variables/", Map.of("name", "answer", "value", 42, "tags", List.of("t")));
        assertThat(created.status()).isEqualTo(201);
        String id = created.string("id");
        assertThat(client.get("/api/variables/" + id).map().get("value")).isEqualTo(42L);
        assertThat(client.get("/api/variables/name/answer").string("id")).isEqualTo(id);

        assertThat(client.patch("/api/variables/" + id, Map.of("value", Map.of("nested", List.of(1, "two")))).status())
                .isEqualTo(204);
        assertThat(client.get("/api/variables/name/answer").map().get("value")).isEqualTo(Map.of("nested", List.of(1L, "two")));
        assertThat(client.patch("/api/variables/name/answer", Map.of("name", "renamed")).status()).isEqualTo(204);
        assertThat(client.get("/api/variables/name/renamed").string("id")).isEqualTo(id);

        Reply missing = client.get("/api/variables/name/answer");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.map()).isEqualTo(Map.of("detail", "Variable not found."));

        assertThat(client.delete("/api/variables/name/renamed").status()).isEqualTo(204);
        assertThat(client.delete("/api/variables/" + id).status()).isEqualTo(404);
    }

    @Test
    void aVariableNameIsUnique() {
        client.post("/api/variables/", Map.of("name", "x", "value", "a"));
        Reply duplicate = client.post("/api/variables/", Map.of("name", "x", "value", "b"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(client.get("/api/variables/name/x").map().get("value")).isEqualTo("a");
    }

    @Test
    void aVariableNeedsAValueAndAShortName() {
        Reply r = client.post("/api/variables/", Map.of("name", "n".repeat(256)));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.text()).contains("string_too_long").contains("\"loc\":[\"body\",\"value\"]");
    }

    @Test
    void variablesFilterAndCount() {
        client.post("/api/variables/", Map.of("name", "b-var", "value", 1, "tags", List.of("x")));
        client.post("/api/variables/", Map.of("name", "a-var", "value", 2));
        client.post("/api/variables/", Map.of("name", "c-var", "value", 3, "tags", List.of("x")));
        assertThat(names(client.post("/api/variables/filter", Map.of()))).containsExactly("a-var", "b-var", "c-var");
        assertThat(names(client.post("/api/variables/filter", Map.of("sort", "NAME_DESC")))).containsExactly("c-var", "b-var", "a-var");
        assertThat(names(client.post("/api/variables/filter",
                Map.of("variables", Map.of("tags", Map.of("all_", List.of("x"))))))).containsExactly("b-var", "c-var");
        assertThat(names(client.post("/api/variables/filter",
                Map.of("variables", Map.of("name", Map.of("like_", "a-")))))).containsExactly("a-var");
        assertThat(client.post("/api/variables/count",
                Map.of("variables", Map.of("tags", Map.of("all_", List.of("x"))))).json()).isEqualTo(2L);
        assertThat(client.post("/api/variables/count", Map.of()).json()).isEqualTo(3L);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> messages(Reply r) {
        return ((List<Map<String, Object>>) r.json()).stream().map(m -> m.get("message")).toList();
    }

    @Test
    void aVariableNameIsLowercaseLettersDigitsDashesAndUnderscoresAsPrefectChecks() {
        Reply bad = client.post("/api/variables/", Map.of("name", "Bad Name!", "value", 1));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.text()).contains("\"type\":\"value_error\",\"loc\":[\"body\",\"name\"],\"msg\":\"Value error,"
                + " Variable name must only contain lowercase letters, numbers, and dashes or underscores.\"");
        assertThat(client.post("/api/variables/", Map.of("name", "ok_name-2", "value", 1)).status()).isEqualTo(201);
        assertThat(client.patch("/api/variables/name/ok_name-2", Map.of("name", "UPPER")).status()).isEqualTo(422);
    }
}
