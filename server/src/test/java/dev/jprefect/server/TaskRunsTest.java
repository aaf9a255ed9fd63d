package dev.jprefect.server;

import static dev.jprefect.server.FlowsTest.names;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.TestClient.Reply;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/task_runs} and {@code /api/task_run_states}. */
class TaskRunsTest extends StoreSuite {
    private final TestClock clock = new TestClock();
    private final TestClient client = new TestClient(
            newServer(clock));
    private String flowRunId;

    @BeforeEach
    void createFlowRun() {
        String flowId = client.post("/api/flows/", Map.of("name", "etl")).string("id");
        flowRunId = client.post("/api/flow_runs/", Map.of("flow_id", flowId)).string("id");
        client.post("/api/flow_runs/" + flowRunId + "/set_state", Map.of("state", Map.of("type", "RUNNING")));
    }

    private Reply createTask(String key, String dynamicKey, Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("flow_run_id", flowRunId);
        body.put("task_key", key);
        body.put("dynamic_key", dynamicKey);
        Reply r = client.post("/api/task_runs/", body);
        clock.advance(Duration.ofSeconds(1));
        return r;
    }

    @Test
    void createIsIdempotentOnFlowRunTaskKeyAndDynamicKey() {
        Reply first = createTask("say", "0", Map.of("name", "say-0", "tags", List.of("a"),
                "task_inputs", Map.of("x", List.of(Map.of("input_type", "parameter", "name", "x")))));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.string("state.type")).isEqualTo("PENDING");
        assertThat(first.map().get("labels")).isEqualTo(Map.of("prefect.flow.id",
                client.get("/api/flow_runs/" + flowRunId).string("flow_id"), "prefect.flow-run.id", flowRunId));
        Reply again = createTask("say", "0", Map.of("name", "other"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.string("id")).isEqualTo(first.string("id"));
        assertThat(again.string("name")).isEqualTo("say-0");
        assertThat(createTask("say", "1", Map.of()).status()).isEqualTo(201);
    }

    @Test
    void createWithAClientChosenIdAndNoFlowRun() {
        String id = "22222222-2222-2222-2222-222222222222";
        Reply r = client.post("/api/task_runs/", Map.of("id", id, "task_key", "bg", "dynamic_key", "0"));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.string("id")).isEqualTo(id);
        assertThat(r.map().get("flow_run_id")).isNull();
        assertThat(client.post("/api/task_runs/", Map.of("id", id, "task_key", "bg", "dynamic_key", "0")).status())
                .isEqualTo(200);
    }

    @Test
    void taskInputsAreValidated() {
        Reply r = createTask("t", "0", Map.of("task_inputs", Map.of("x", List.of(Map.of("input_type", "task_run")))));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.text()).contains("\"loc\":[\"body\",\"task_inputs\",\"x\",0,\"TaskRunResult\",\"id\"]");
    }

    @Test
    void readUpdateDeleteWithPrefectsWording() {
        String id = createTask("t", "0", Map.of()).string("id");
        assertThat(client.patch("/api/task_runs/" + id, Map.of("name", "renamed")).status()).isEqualTo(204);
        assertThat(client.get("/api/task_runs/" + id).string("name")).isEqualTo("renamed");
        assertThat(client.delete("/api/task_runs/" + id).status()).isEqualTo(204);
        Reply gone = client.get("/api/task_runs/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.map()).isEqualTo(Map.of("detail", "Task not found"));
        assertThat(client.patch("/api/task_runs/" + id, Map.of("name", "x")).map())
                .isEqualTo(Map.of("detail", "Task run not found"));
        // task run routes only match UUIDs
        assertThat(client.get("/api/task_runs/not-a-uuid").map()).isEqualTo(Map.of("detail", "Not Found"));
    }

    @Test
    void filterCountPaginateAndStates() {
        String a = createTask("a", "0", Map.of("name", "a", "tags", List.of("x"))).string("id");
        createTask("b", "0", Map.of("name", "b"));
        client.post("/api/task_runs/", Map.of("task_key", "orphan", "dynamic_key", "0", "name", "orphan"));
        client.post("/api/task_runs/" + a + "/set_state", Map.of("state", Map.of("type", "RUNNING")));

        assertThat(names(client.post("/api/task_runs/filter", Map.of("sort", "NAME_ASC")))).containsExactly("a", "b", "orphan");
        assertThat(names(client.post("/api/task_runs/filter", Map.of("sort", "NAME_ASC",
                "task_runs", Map.of("flow_run_id", Map.of("any_", List.of(flowRunId))))))).containsExactly("a", "b");
        assertThat(names(client.post("/api/task_runs/filter", Map.of(
                "task_runs", Map.of("flow_run_id", Map.of("is_null_", true)))))).containsExactly("orphan");
        assertThat(names(client.post("/api/task_runs/filter", Map.of(
                "task_runs", Map.of("state", Map.of("type", Map.of("any_", List.of("RUNNING")))))))).containsExactly("a");
        assertThat(names(client.post("/api/task_runs/filter", Map.of(
                "task_runs", Map.of("tags", Map.of("all_", List.of("x"))))))).containsExactly("a");
        assertThat(names(client.post("/api/task_runs/filter", Map.of("sort", "NAME_ASC",
                "flow_runs", Map.of("id", Map.of("any_", List.of(flowRunId))))))).containsExactly("a", "b");
        assertThat(client.post("/api/task_runs/count", Map.of()).json()).isEqualTo(3L);
        Reply page = client.post("/api/task_runs/paginate", Map.of("limit", 2, "page", 2, "sort", "NAME_ASC"));
        assertThat(names(page.map().get("results"))).containsExactly("orphan");
        assertThat(page.map()).containsEntry("pages", 2L);

        Reply states = client.get("/api/task_run_states/?task_run_id=" + a);
        assertThat(states.maps()).extracting(m -> m.get("type")).containsExactly("PENDING", "RUNNING");
        assertThat(client.get("/api/task_run_states/" + states.maps().get(0).get("id")).string("type")).isEqualTo("PENDING");
        assertThat(client.get("/api/task_run_states/00000000-0000-0000-0000-000000000000").map())
                .isEqualTo(Map.of("detail", "Task run state not found"));
    }

    @Test
    void deletingTheFlowRunDeletesItsTaskRuns() {
        String id = createTask("t", "0", Map.of()).string("id");
        client.delete("/api/flow_runs/" + flowRunId);
        assertThat(client.get("/api/task_runs/" + id).status()).isEqualTo(404);
    }
}
