package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.TestClient.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The routes only Prefect's UI calls: {@code graph-v2} and {@code /ui/...}. */
class UiRoutesTest extends StoreSuite {
    private static final String MISSING = "00000000-0000-4000-8000-000000000000";
    private final TestClock clock = new TestClock();
    private final TestClient client = new TestClient(newServer(clock));
    private String flowRunId;

    @BeforeEach
    void runningFlowRun() {
        String flowId = client.post("/api/flows/", Map.of("name", "etl")).string("id");
        flowRunId = client.post("/api/flow_runs/", Map.of("flow_id", flowId, "name", "calm-otter")).string("id");
        setState("flow_runs", flowRunId, "RUNNING");
    }

    private String task(String key, Map<String, Object> inputs) {
        Map<String, Object> body = new HashMap<>(Map.of("flow_run_id", flowRunId, "task_key", key, "dynamic_key", "0",
                "name", key + "-0", "task_inputs", inputs));
        String id = client.post("/api/task_runs/", body).string("id");
        clock.advance(Duration.ofSeconds(1));
        return id;
    }

    private void setState(String kind, String id, String type) {
        assertThat(client.post("/api/" + kind + "/" + id + "/set_state", Map.of("state", Map.of("type", type))).status())
                .isEqualTo(201);
        clock.advance(Duration.ofSeconds(1));
    }

    private static Map<String, Object> ref(String taskRunId) {
        return Map.of("input_type", "task_run", "id", taskRunId);
    }

    @SuppressWarnings("unchecked")
    @Test
    void theGraphHasANodePerTaskRunWithTheEdgesOfItsInputsAndASubflowAsItsFlowRun() {
        String extract = task("extract", Map.of());
        setState("task_runs", extract, "RUNNING");
        setState("task_runs", extract, "COMPLETED");
        String load = task("load", Map.of("rows", List.of(ref(extract)), "__parents__", List.of()));
        setState("task_runs", load, "RUNNING");
        String subflowTask = task("report", Map.of("x", List.of(ref(load))));
        String reportFlow = client.post("/api/flows/", Map.of("name", "report")).string("id");
        String subflow = client.post("/api/flow_runs/", Map.of("flow_id", reportFlow, "name", "sub-run",
                "parent_task_run_id", subflowTask)).string("id");
        setState("flow_runs", subflow, "RUNNING");
        String pending = task("waiting", Map.of()); // Pending: drawn from its expected start time

        Reply graph = client.get("/api/flow_runs/" + flowRunId + "/graph-v2");
        assertThat(graph.status()).isEqualTo(200);
        Map<String, Map<String, Object>> nodes = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (Object pair : (List<?>) graph.at("nodes")) {
            List<?> p = (List<?>) pair;
            nodes.put((String) p.get(0), (Map<String, Object>) p.get(1));
            order.add((String) p.get(0));
        }
        assertThat(nodes).containsOnlyKeys(extract, load, subflow, pending); // the subflow's task run is drawn as its flow run
        assertThat(new ArrayList<Object>((List<?>) graph.at("root_node_ids"))).containsExactlyInAnyOrder(extract, pending);
        assertThat(nodes.get(extract)).containsEntry("kind", "task-run").containsEntry("label", "extract-0")
                .containsEntry("state_type", "COMPLETED").containsEntry("children", List.of(Map.of("id", load)));
        assertThat(nodes.get(load)).containsEntry("parents", List.of(Map.of("id", extract)))
                .containsEntry("children", List.of(Map.of("id", subflow)))
                .containsEntry("encapsulating", List.of()).containsEntry("end_time", null);
        assertThat(nodes.get(subflow)).containsEntry("kind", "flow-run").containsEntry("label", "report / sub-run")
                .containsEntry("state_type", "RUNNING").containsEntry("parents", List.of(Map.of("id", load)));
        assertThat(nodes.get(pending)).containsEntry("state_type", "PENDING");
        assertThat(order.indexOf(extract)).isLessThan(order.indexOf(load));
        List<Object> stateTypes = ((List<?>) graph.at("states")).stream().map(st -> (Object) ((Map<?, ?>) st).get("type")).toList();
        assertThat(stateTypes).containsExactly("PENDING", "RUNNING");

        Reply later = client.get("/api/flow_runs/" + flowRunId + "/graph-v2?since=2999-01-01T00:00:00Z");
        List<Object> laterIds = ((List<?>) later.at("nodes")).stream().map(p -> (Object) ((List<?>) p).get(0)).toList();
        assertThat(laterIds).doesNotContain(extract).contains(load);
        assertThat(client.get("/api/flow_runs/" + MISSING + "/graph-v2").map())
                .isEqualTo(Map.of("exception_message", "Flow run " + MISSING + " not found"));
        assertThat(client.get("/api/flow_runs/" + flowRunId + "/graph-v2?since=yesterday").status()).isEqualTo(422);
    }

    @Test
    void aGraphOverTheNodeLimitIsRefused() {
        TestClient small = new TestClient(newServer(clock, Map.of("PREFECT_API_MAX_FLOW_RUN_GRAPH_NODES", "1")));
        String flowId = small.post("/api/flows/", Map.of("name", "etl")).string("id");
        String run = small.post("/api/flow_runs/", Map.of("flow_id", flowId)).string("id");
        for (String key : List.of("a", "b")) {
            String id = small.post("/api/task_runs/", Map.of("flow_run_id", run, "task_key", key, "dynamic_key", "0")).string("id");
            small.post("/api/task_runs/" + id + "/set_state", Map.of("state", Map.of("type", "RUNNING")));
        }
        Reply refused = small.get("/api/flow_runs/" + run + "/graph-v2");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.map()).isEqualTo(Map.of("detail", "The graph of flow run " + run + " has more than 1 nodes."));
    }

    @Test
    void countsAndTheTaskRunWithItsFlowRunsName() {
        String done = task("done", Map.of());
        setState("task_runs", done, "RUNNING");
        setState("task_runs", done, "COMPLETED");
        String failed = task("failed", Map.of());
        setState("task_runs", failed, "RUNNING");
        setState("task_runs", failed, "FAILED");

        assertThat(client.post("/api/ui/flow_runs/count-task-runs", Map.of("flow_run_ids", List.of(flowRunId, MISSING))).map())
                .isEqualTo(Map.of(flowRunId, 2L, MISSING, 0L));
        Reply tooMany = client.post("/api/ui/flow_runs/count-task-runs", Map.of("flow_run_ids", java.util.Collections.nCopies(201, MISSING)));
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(tooMany.string("exception_detail.0.type")).isEqualTo("too_long");
        assertThat(client.post("/api/ui/flow_runs/count-task-runs", Map.of()).string("exception_detail.0.type")).isEqualTo("missing");

        Map<String, Object> byState = client.post("/api/ui/task_runs/count",
                Map.of("flow_runs", Map.of("id", Map.of("any_", List.of(flowRunId))))).map();
        assertThat(byState).containsExactly(Map.entry("COMPLETED", 1L), Map.entry("PENDING", 0L), Map.entry("RUNNING", 0L),
                Map.entry("FAILED", 1L), Map.entry("CANCELLED", 0L), Map.entry("CRASHED", 0L), Map.entry("PAUSED", 0L),
                Map.entry("CANCELLING", 0L), Map.entry("SCHEDULED", 0L));

        Reply ui = client.get("/api/ui/task_runs/" + failed);
        assertThat(ui.string("flow_run_name")).isEqualTo("calm-otter");
        assertThat(ui.string("state_type")).isEqualTo("FAILED");
        assertThat(client.get("/api/ui/task_runs/" + MISSING).map()).isEqualTo(Map.of("detail", "Task not found"));
    }

    @Test
    void theFlowRunHistoryIsEachRunsTimestampDurationAndLateness() {
        Reply history = client.post("/api/ui/flow_runs/history", Map.of("flow_runs", Map.of("id", Map.of("any_", List.of(flowRunId)))));
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.maps()).hasSize(1);
        assertThat(history.maps().get(0)).containsOnlyKeys("id", "state_type", "timestamp", "duration", "lateness")
                .containsEntry("id", flowRunId).containsEntry("state_type", "RUNNING");
        assertThat(client.post("/api/ui/flow_runs/history", Map.of("limit", 1001)).string("exception_detail.0.type"))
                .isEqualTo("less_than_equal");
    }

    @Test
    void theRunHistoryCountsRunsByIntervalAndState() {
        clock.advance(Duration.ofMinutes(5));
        String task = task("t", Map.of());
        setState("task_runs", task, "RUNNING");
        setState("task_runs", task, "COMPLETED");
        java.time.Instant now = clock.instant();
        Map<String, Object> body = Map.of("history_start", now.minus(Duration.ofMinutes(20)).toString(),
                "history_end", now.plus(Duration.ofMinutes(5)).toString(), "history_interval_seconds", 600,
                "flow_runs", Map.of("id", Map.of("any_", List.of(flowRunId))));
        Reply flows = client.post("/api/flow_runs/history", body);
        assertThat(flows.status()).isEqualTo(200);
        assertThat(flows.maps()).hasSize(3); // 25 minutes in 10-minute intervals
        assertThat(flows.maps().get(0).get("states")).isEqualTo(List.of());
        assertThat(flows.string("1.states.0.state_type")).isEqualTo("RUNNING");
        assertThat(flows.at("1.states.0.count_runs")).isEqualTo(1L);
        Reply tasks = client.post("/api/task_runs/history", body);
        assertThat(tasks.string("1.states.0.state_name")).isEqualTo("Completed"); // created a few seconds before now
        Reply tooShort = client.post("/api/task_runs/history", Map.of("history_start", now.toString(),
                "history_end", now.toString(), "history_interval_seconds", 0.5));
        assertThat(tooShort.status()).isEqualTo(422);
        assertThat(tooShort.map()).isEqualTo(Map.of("detail", "History interval must not be less than 1 second."));
    }

    @Test
    void theDashboardCountsTerminalTaskRunsInTwentyBucketsOfTheirStartTime() {
        java.time.Instant after = clock.instant().minus(Duration.ofMinutes(10));
        String done = task("done", Map.of());
        setState("task_runs", done, "RUNNING");
        setState("task_runs", done, "COMPLETED");
        String failed = task("failed", Map.of());
        setState("task_runs", failed, "RUNNING");
        setState("task_runs", failed, "CRASHED");
        String running = task("running", Map.of());
        setState("task_runs", running, "RUNNING");

        Reply counts = client.post("/api/ui/task_runs/dashboard/counts", Map.of("task_runs",
                Map.of("start_time", Map.of("after_", after.toString()), "state", Map.of("type", Map.of("any_", List.of("RUNNING"))))));
        assertThat(counts.status()).isEqualTo(200);
        assertThat(counts.maps()).hasSize(20);
        assertThat(counts.maps().stream().mapToLong(m -> (Long) m.get("completed")).sum()).isEqualTo(1);
        assertThat(counts.maps().stream().mapToLong(m -> (Long) m.get("failed")).sum()).isEqualTo(1);
        assertThat(client.post("/api/ui/task_runs/dashboard/counts", Map.of("task_runs", Map.of())).map())
                .isEqualTo(Map.of("detail", "task_runs.start_time.after_ is required"));
    }

    private String scheduledRun(String flowId, String name, String scheduledTime) {
        return client.post("/api/flow_runs/", Map.of("flow_id", flowId, "name", name, "state", Map.of("type", "SCHEDULED",
                "state_details", Map.of("scheduled_time", scheduledTime)))).string("id");
    }

    @Test
    void eachFlowsDeploymentCountAndNextScheduledRun() {
        String etl = client.post("/api/flows/", Map.of("name", "etl")).string("id");
        String report = client.post("/api/flows/", Map.of("name", "report")).string("id");
        for (String name : List.of("nightly", "hourly")) {
            assertThat(client.post("/api/deployments/", Map.of("name", name, "flow_id", etl)).status()).isEqualTo(201);
        }
        assertThat(client.post("/api/ui/flows/count-deployments", Map.of("flow_ids", List.of(etl, report, MISSING))).map())
                .containsExactly(Map.entry(etl, 2L), Map.entry(report, 0L), Map.entry(MISSING, 0L));

        scheduledRun(etl, "later", "2030-01-02T00:00:00Z");
        String soonest = scheduledRun(etl, "soonest", "2030-01-01T00:00:00Z");
        Reply next = client.post("/api/ui/flows/next-runs", Map.of("flow_ids", List.of(etl, report)));
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.map()).containsOnlyKeys(etl, report).containsEntry(report, null); // etl's Running run is passed over
        Map<?, ?> run = (Map<?, ?>) next.at(etl);
        assertThat(new ArrayList<Object>(run.keySet())).containsExactly("id", "flow_id", "name", "state_name", "state_type",
                "next_scheduled_start_time");
        assertThat(run).isEqualTo(Map.of("id", soonest, "flow_id", etl, "name", "soonest", "state_name", "Scheduled",
                "state_type", "SCHEDULED", "next_scheduled_start_time", "2030-01-01T00:00:00Z"));

        setState("flow_runs", soonest, "PENDING"); // no longer scheduled: the other run is next
        assertThat(client.post("/api/ui/flows/next-runs", Map.of("flow_ids", List.of(etl))).string(etl + ".name")).isEqualTo("later");

        for (String route : List.of("count-deployments", "next-runs")) {
            Reply tooMany = client.post("/api/ui/flows/" + route, Map.of("flow_ids", java.util.Collections.nCopies(201, MISSING)));
            assertThat(tooMany.status()).isEqualTo(422);
            assertThat(tooMany.string("exception_detail.0.type")).isEqualTo("too_long");
            assertThat(client.post("/api/ui/flows/" + route, Map.of()).string("exception_detail.0.loc.1")).isEqualTo("flow_ids");
            assertThat(client.post("/api/ui/flows/" + route, Map.of("flow_ids", List.of())).map()).isEmpty();
        }
    }
}
