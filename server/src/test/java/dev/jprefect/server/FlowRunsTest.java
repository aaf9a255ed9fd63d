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

/** {@code /api/flow_runs} and {@code /api/flow_run_states}. */
class FlowRunsTest extends StoreSuite {
    private final TestClock clock = new TestClock();
    private final TestClient client = new TestClient(
            newServer(clock));
    private String flowId;

    @BeforeEach
    void createFlow() {
        flowId = client.post("/api/flows/", Map.of("name", "etl")).string("id");
    }

    private Reply createRun(Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("flow_id", flowId);
        Reply r = client.post("/api/flow_runs/", body);
        clock.advance(Duration.ofSeconds(1));
        return r;
    }

    private Reply setState(String runId, String type) {
        Reply r = client.post("/api/flow_runs/" + runId + "/set_state", Map.of("state", Map.of("type", type)));
        clock.advance(Duration.ofSeconds(1));
        return r;
    }

    @Test
    void createStartsPendingWithAGeneratedNameAndSystemLabel() {
        Reply r = createRun(Map.of());
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.string("state.type")).isEqualTo("PENDING");
        assertThat(r.string("state_type")).isEqualTo("PENDING");
        assertThat(r.string("state_name")).isEqualTo("Pending");
        assertThat(r.string("name")).matches("[a-z]+-[a-z]+");
        assertThat(r.string("expected_start_time")).isEqualTo("2025-01-01T12:00:00Z");
        assertThat(r.map().get("labels")).isEqualTo(Map.of("prefect.flow.id", flowId));
        assertThat(r.string("state.state_details.flow_run_id")).isEqualTo(r.string("id"));
        assertThat(r.string("state_id")).isEqualTo(r.string("state.id"));
    }

    @Test
    void aNullOrEmptyNameIsGeneratedAsPrefectsClientsSendIt() {
        Map<String, Object> unnamed = new HashMap<>();
        unnamed.put("name", null); // Prefect's flow engine sends "name": null
        assertThat(createRun(unnamed).string("name")).matches("[a-z]+-[a-z]+");
        assertThat(createRun(Map.of("name", "")).string("name")).matches("[a-z]+-[a-z]+");
        Reply task = client.post("/api/task_runs/", new HashMap<>(Map.of("task_key", "t", "dynamic_key", "0", "name", "")));
        assertThat(task.string("name")).matches("[a-z]+-[a-z]+");
        Reply notText = createRun(Map.of("name", 7));
        assertThat(notText.status()).isEqualTo(422);
        assertThat(notText.string("exception_detail.0.type")).isEqualTo("string_type");
    }

    @Test
    void createWithAScheduledStateSetsTheScheduledTimes() {
        Reply r = createRun(Map.of("name", "later", "state",
                Map.of("type", "SCHEDULED", "state_details", Map.of("scheduled_time", "2025-01-02T00:00:00+02:00"))));
        assertThat(r.string("state_name")).isEqualTo("Scheduled");
        assertThat(r.string("expected_start_time")).isEqualTo("2025-01-01T22:00:00Z");
        assertThat(r.string("next_scheduled_start_time")).isEqualTo("2025-01-01T22:00:00Z");
    }

    @Test
    void createHonoursTheIdempotencyKey() {
        Reply first = createRun(Map.of("idempotency_key", "k1"));
        Reply again = createRun(Map.of("idempotency_key", "k1", "name", "different"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.string("id")).isEqualTo(first.string("id"));
        assertThat(createRun(Map.of("idempotency_key", "k2")).status()).isEqualTo(201);
    }

    @Test
    void createForAMissingFlowIsAConflict() {
        Reply r = client.post("/api/flow_runs/", Map.of("flow_id", "00000000-0000-0000-0000-000000000000"));
        assertThat(r.status()).isEqualTo(409);
        assertThat((String) r.map().get("detail")).startsWith("Data integrity conflict.");
    }

    @Test
    void readUpdateDelete() {
        String id = createRun(Map.of()).string("id");
        assertThat(client.get("/api/flow_runs/" + id).string("flow_id")).isEqualTo(flowId);
        Reply update = client.patch("/api/flow_runs/" + id, Map.of("name", "renamed", "tags", List.of("t"),
                "parameters", Map.of("x", 1), "empirical_policy", Map.of("retries", 2, "retry_delay", 5)));
        assertThat(update.status()).isEqualTo(204);
        Reply read = client.get("/api/flow_runs/" + id);
        assertThat(read.string("name")).isEqualTo("renamed");
        assertThat(read.map().get("tags")).isEqualTo(List.of("t"));
        assertThat(read.map().get("parameters")).isEqualTo(Map.of("x", 1L));
        assertThat(read.at("empirical_policy.retries")).isEqualTo(2L);
        assertThat(client.delete("/api/flow_runs/" + id).status()).isEqualTo(204);
        Reply gone = client.get("/api/flow_runs/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.map()).isEqualTo(Map.of("detail", "Flow run not found"));
        assertThat(client.delete("/api/flow_runs/" + id).status()).isEqualTo(404);
    }

    @Test
    void labelsCanBeMergedIn() {
        String id = createRun(Map.of("labels", Map.of("env", "dev"))).string("id");
        assertThat(client.patch("/api/flow_runs/" + id + "/labels", Map.of("team", "data")).status()).isEqualTo(204);
        assertThat(client.get("/api/flow_runs/" + id).map().get("labels"))
                .isEqualTo(Map.of("prefect.flow.id", flowId, "env", "dev", "team", "data"));
    }

    /** Found by the mutation fuzz suite (issue 12): a list as a label value broke every later read's schema. */
    @Test
    void aLabelValueThatIsNotAScalarIsRefusedWithItsLocation() {
        String id = createRun(Map.of("labels", Map.of("env", "dev"))).string("id");

        Reply r = client.patch("/api/flow_runs/" + id + "/labels", Map.of("k", List.of()));

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.text()).contains("\"loc\":[\"body\",\"k\"");
        assertThat(client.get("/api/flow_runs/" + id).map().get("labels"))
                .isEqualTo(Map.of("prefect.flow.id", flowId, "env", "dev"));
    }

    @Test
    void jobVariablesNeedADeployment() {
        String id = createRun(Map.of()).string("id");
        Reply r = client.patch("/api/flow_runs/" + id, Map.of("job_variables", Map.of("a", 1)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.map()).isEqualTo(Map.of("detail", "Job variables for a flow run in state PENDING cannot be updated"));
    }

    @Test
    void parametersKeepExactNumbers() {
        Reply r = createRun(Map.of("parameters", Map.of("big", new java.math.BigInteger("123456789012345678901234567890"),
                "pi", 3.14159, "n", 7)));
        Reply read = client.get("/api/flow_runs/" + r.string("id"));
        assertThat(read.text()).contains("123456789012345678901234567890").contains("3.14159");
    }

    @Test
    void filterByStateTagsFlowAndTimes() {
        String a = createRun(Map.of("name", "a", "tags", List.of("x"))).string("id");
        String b = createRun(Map.of("name", "b", "tags", List.of("x", "y"))).string("id");
        createRun(Map.of("name", "c"));
        setState(a, "RUNNING");
        setState(b, "RUNNING");
        setState(b, "COMPLETED");

        assertThat(names(client.post("/api/flow_runs/filter", Map.of("sort", "NAME_ASC")))).containsExactly("a", "b", "c");
        assertThat(names(client.post("/api/flow_runs/filter", Map.of("sort", "NAME_DESC")))).containsExactly("c", "b", "a");
        assertThat(names(client.post("/api/flow_runs/filter", Map.of("sort", "NAME_ASC",
                "flow_runs", Map.of("state", Map.of("type", Map.of("any_", List.of("RUNNING", "COMPLETED")))))))).containsExactly("a", "b");
        assertThat(names(client.post("/api/flow_runs/filter", Map.of(
                "flow_runs", Map.of("state", Map.of("name", Map.of("any_", List.of("Completed")))))))).containsExactly("b");
        assertThat(names(client.post("/api/flow_runs/filter", Map.of(
                "flow_runs", Map.of("state", Map.of("type", Map.of("not_any_", List.of("PENDING", "RUNNING")))))))).containsExactly("b");
        assertThat(names(client.post("/api/flow_runs/filter", Map.of("sort", "NAME_ASC",
                "flow_runs", Map.of("tags", Map.of("all_", List.of("x"))))))).containsExactly("a", "b");
        assertThat(names(client.post("/api/flow_runs/filter", Map.of(
                "flow_runs", Map.of("tags", Map.of("all_", List.of("x", "y"))))))).containsExactly("b");
        assertThat(names(client.post("/api/flow_runs/filter", Map.of("sort", "NAME_ASC",
                "flows", Map.of("name", Map.of("any_", List.of("etl"))))))).containsExactly("a", "b", "c");
        assertThat(names(client.post("/api/flow_runs/filter", Map.of(
                "flows", Map.of("name", Map.of("any_", List.of("other"))))))).isEmpty();
        assertThat(names(client.post("/api/flow_runs/filter", Map.of("sort", "NAME_ASC",
                "flow_runs", Map.of("start_time", Map.of("after_", "2025-01-01T12:00:03Z")))))).containsExactly("a", "b");
        assertThat(names(client.post("/api/flow_runs/filter", Map.of(
                "flow_runs", Map.of("start_time", Map.of("before_", "2025-01-01T12:00:03Z")))))).containsExactly("a");
        assertThat(names(client.post("/api/flow_runs/filter", Map.of(
                "flow_runs", Map.of("start_time", Map.of("is_null_", true)))))).containsExactly("c");
        assertThat(names(client.post("/api/flow_runs/filter", Map.of(
                "flow_runs", Map.of("id", Map.of("any_", List.of(b))))))).containsExactly("b");
        assertThat(names(client.post("/api/flow_runs/filter", Map.of("sort", "NAME_ASC",
                "flow_runs", Map.of("id", Map.of("not_any_", List.of(b))))))).containsExactly("a", "c");
        assertThat(names(client.post("/api/flow_runs/filter", Map.of(
                "flow_runs", Map.of("name", Map.of("like_", "B")))))).containsExactly("b");
        assertThat(client.post("/api/flow_runs/count",
                Map.of("flow_runs", Map.of("state", Map.of("type", Map.of("any_", List.of("RUNNING")))))).json()).isEqualTo(1L);
    }

    @Test
    void sortsByTimes() {
        String first = createRun(Map.of("name", "first")).string("id");
        String second = createRun(Map.of("name", "second")).string("id");
        createRun(Map.of("name", "third"));
        setState(second, "RUNNING");
        setState(first, "RUNNING");
        assertThat(names(client.post("/api/flow_runs/filter", Map.of("sort", "EXPECTED_START_TIME_DESC"))))
                .containsExactly("third", "second", "first");
        assertThat(names(client.post("/api/flow_runs/filter", Map.of("sort", "EXPECTED_START_TIME_ASC"))))
                .containsExactly("first", "second", "third");
        // start time, or expected start time before the run starts
        assertThat(names(client.post("/api/flow_runs/filter", Map.of("sort", "START_TIME_ASC"))))
                .containsExactly("third", "second", "first");
        assertThat(names(client.post("/api/flow_runs/filter", Map.of("sort", "START_TIME_DESC"))))
                .containsExactly("first", "second", "third");
        List<Object> byId = client.post("/api/flow_runs/filter", Map.of()).maps().stream().map(m -> m.get("id")).toList();
        assertThat(byId).isSortedAccordingTo((x, y) -> ((String) y).compareTo((String) x));
    }

    @Test
    void bulkDeleteRemovesMatchingRunsUpToTheLimit() {
        createRun(Map.of("name", "keep"));
        String a = createRun(Map.of("name", "a", "tags", List.of("old"))).string("id");
        String b = createRun(Map.of("name", "b", "tags", List.of("old"))).string("id");
        Reply r = client.post("/api/flow_runs/bulk_delete",
                Map.of("flow_runs", Map.of("tags", Map.of("all_", List.of("old"))), "limit", 1));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.map().get("deleted")).isEqualTo(List.of(a));
        assertThat(client.post("/api/flow_runs/bulk_delete",
                Map.of("flow_runs", Map.of("tags", Map.of("all_", List.of("old"))))).map().get("deleted")).isEqualTo(List.of(b));
        assertThat(names(client.post("/api/flow_runs/filter", Map.of()))).containsExactly("keep");
        assertThat(client.post("/api/flow_runs/bulk_delete", Map.of("limit", 51)).status()).isEqualTo(422);
    }

    @Test
    void latenessIsTheAverageStartDelay() {
        assertThat(client.post("/api/flow_runs/lateness", Map.of()).json()).isNull();
        String late = createRun(Map.of()).string("id");
        createRun(Map.of());
        clock.advance(Duration.ofSeconds(3));
        setState(late, "RUNNING");
        // run 1 (expected 12:00:00) started at 12:00:05; run 2 (expected 12:00:01) is still pending at 12:00:06
        assertThat(client.post("/api/flow_runs/lateness", Map.of()).json()).isEqualTo(5.0);
    }

    @Test
    void paginate() {
        for (int i = 0; i < 3; i++) {
            createRun(Map.of("name", "run-" + i));
        }
        Reply page = client.post("/api/flow_runs/paginate", Map.of("limit", 2, "sort", "NAME_ASC"));
        assertThat(page.map()).containsEntry("count", 3L).containsEntry("pages", 2L).containsEntry("page", 1L);
        assertThat(names(page.map().get("results"))).containsExactly("run-0", "run-1");
    }

    @Test
    void statesOfARunInOrder() {
        String id = createRun(Map.of()).string("id");
        setState(id, "RUNNING");
        setState(id, "COMPLETED");
        Reply states = client.get("/api/flow_run_states/?flow_run_id=" + id);
        assertThat(states.maps()).extracting(m -> m.get("type")).containsExactly("PENDING", "RUNNING", "COMPLETED");
        String stateId = (String) states.maps().get(1).get("id");
        assertThat(client.get("/api/flow_run_states/" + stateId).string("name")).isEqualTo("Running");
        Reply missing = client.get("/api/flow_run_states/00000000-0000-0000-0000-000000000000");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.map()).isEqualTo(Map.of("detail", "Flow run state not found"));
    }

    @Test
    void subflowRunsFilterByParentTaskRun() {
        String parent = createRun(Map.of("name", "parent")).string("id");
        setState(parent, "RUNNING");
        String task = client.post("/api/task_runs/", Map.of("flow_run_id", parent, "task_key", "sub", "dynamic_key", "0"))
                .string("id");
        String child = createRun(Map.of("name", "child", "parent_task_run_id", task)).string("id");
        assertThat(names(client.post("/api/flow_runs/filter", Map.of(
                "flow_runs", Map.of("parent_task_run_id", Map.of("any_", List.of(task))))))).containsExactly("child");
        assertThat(names(client.post("/api/flow_runs/filter", Map.of(
                "flow_runs", Map.of("parent_flow_run_id", Map.of("any_", List.of(parent))))))).containsExactly("child");
        assertThat(names(client.post("/api/flow_runs/filter", Map.of(
                "flow_runs", Map.of("parent_task_run_id", Map.of("is_null_", true)))))).containsExactly("parent");
        // the subflow's states are mirrored onto its parent task run
        setState(child, "RUNNING");
        Reply taskRun = client.get("/api/task_runs/" + task);
        assertThat(taskRun.string("state.type")).isEqualTo("RUNNING");
        assertThat(taskRun.string("state.state_details.child_flow_run_id")).isEqualTo(child);
        assertThat(names(client.post("/api/task_runs/filter", Map.of(
                "task_runs", Map.of("subflow_runs", Map.of("exists_", true)))))).hasSize(1);
    }
}
