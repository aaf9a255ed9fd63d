package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.TestClient.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The triggers service acting on stored automations: reactive triggers on the events orchestration
 * and clients write (thresholds, windows, inferred resources), proactive triggers on the virtual
 * clock, composite triggers, and Prefect's automation and action events. Each step runs the
 * server's services once ({@link PrefectServer#runServices()}), which evaluates every event stored
 * so far: no waiting.
 */
class AutomationTriggersTest extends StoreSuite {
    private final TestClock clock = new TestClock(Instant.parse("2025-03-01T12:00:00Z"));
    private final PrefectServer server = newServer(clock);
    private final TestClient client = new TestClient(server);

    private String flowRunIn(String flowId, String state) {
        String run = client.post("/api/flow_runs/", Map.of("flow_id", flowId, "state", Map.of("type", "PENDING"))).string("id");
        if (!"PENDING".equals(state)) {
            client.post("/api/flow_runs/" + run + "/set_state", Map.of("state", Map.of("type", "RUNNING")));
        }
        if (!"PENDING".equals(state) && !"RUNNING".equals(state)) {
            client.post("/api/flow_runs/" + run + "/set_state", Map.of("state", Map.of("type", state)));
        }
        return run;
    }

    private List<Map<String, Object>> events(String prefix) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) client.post("/api/events/filter", Map.of("filter",
                Map.of("event", Map.of("prefix", List.of(prefix)), "order", "ASC"), "limit", 50)).map().get("events");
        return events;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private String automation(Map<String, Object> trigger, Map<String, Object> action) {
        Reply made = client.post("/api/automations/", Map.of("name", "auto", "trigger", trigger, "actions", List.of(action)));
        assertThat(made.status()).as(made.text()).isEqualTo(201);
        return made.string("id");
    }

    @Test
    void aFailedRunOfOneFlowRunsTheSelectedDeployment() {
        String etl = client.post("/api/flows/", Map.of("name", "etl")).string("id");
        String cleanup = client.post("/api/flows/", Map.of("name", "cleanup")).string("id");
        String deployment = client.post("/api/deployments/", Map.of("name", "after-failure", "flow_id", cleanup)).string("id");
        String id = automation(Map.of("posture", "Reactive", "expect", List.of("prefect.flow-run.Failed"),
                        "match_related", Map.of("prefect.resource.id", "prefect.flow." + etl)),
                Map.of("type", "run-deployment", "deployment_id", deployment, "parameters", Map.of("why", "failure")));

        flowRunIn(cleanup, "FAILED");
        server.runServices();
        assertThat(client.post("/api/flow_runs/count", Map.of("deployments", Map.of("id", Map.of("any_", List.of(deployment)))))
                .json()).as("a failure of another flow does not match").isEqualTo(0L);

        String failed = flowRunIn(etl, "FAILED");
        server.runServices();
        List<Map<String, Object>> runs = client.post("/api/flow_runs/filter", Map.of("deployments",
                Map.of("id", Map.of("any_", List.of(deployment))))).maps();
        assertThat(runs).singleElement().satisfies(r -> assertThat(r).containsEntry("parameters", Map.of("why", "failure"))
                .containsEntry("state_type", "SCHEDULED"));

        Map<String, Object> triggered = events("prefect.automation.triggered").get(0);
        assertThat(triggered.get("resource")).isEqualTo(Map.of("prefect.resource.id", "prefect.automation." + id,
                "prefect.resource.name", "auto", "prefect.posture", "Reactive"));
        assertThat(map(triggered.get("payload"))).containsEntry("triggering_labels", Map.of());
        assertThat(((Map<?, ?>) ((Map<?, ?>) triggered.get("payload")).get("triggering_event")).get("event"))
                .isEqualTo("prefect.flow-run.Failed");
        List<Map<String, Object>> actions = events("prefect.automation.action.");
        assertThat(actions).extracting(e -> e.get("event"))
                .containsExactly("prefect.automation.action.triggered", "prefect.automation.action.executed");
        Map<String, Object> executed = map(actions.get(1).get("payload"));
        assertThat(executed).containsEntry("action_index", 0L).containsEntry("action_type", "run-deployment")
                .containsEntry("status_code", 201L);
        assertThat(actions.get(1).get("related").toString()).contains("prefect.deployment." + deployment, "target",
                "prefect.flow-run." + runs.get(0).get("id"), "automation-triggered-event", "triggering-event");
        assertThat(failed).isNotNull();
    }

    @Test
    void aThresholdCountsEventsInsideItsWindowOnly() {
        String flow = client.post("/api/flows/", Map.of("name", "etl")).string("id");
        String deployment = client.post("/api/deployments/", Map.of("name", "d", "flow_id", flow)).string("id");
        automation(Map.of("posture", "Reactive", "expect", List.of("prefect.flow-run.Crashed"), "threshold", 2, "within", 60),
                Map.of("type", "pause-deployment", "deployment_id", deployment));
        flowRunIn(flow, "CRASHED");
        server.runServices();
        clock.advance(Duration.ofSeconds(61));
        flowRunIn(flow, "CRASHED");
        server.runServices();
        assertThat(client.get("/api/deployments/" + deployment).map()).as("two crashes, a minute apart")
                .containsEntry("paused", false);
        clock.advance(Duration.ofSeconds(10));
        flowRunIn(flow, "CRASHED");
        server.runServices();
        assertThat(client.get("/api/deployments/" + deployment).map()).containsEntry("paused", true);
    }

    @Test
    void aRunningRunOfAnInferredFlowRunIsCancelled() {
        String flow = client.post("/api/flows/", Map.of("name", "etl")).string("id");
        automation(Map.of("posture", "Reactive", "expect", List.of("prefect.flow-run.Running"),
                "for_each", List.of("prefect.resource.id")), Map.of("type", "cancel-flow-run"));
        String run = flowRunIn(flow, "RUNNING");
        server.runServices();
        assertThat(client.get("/api/flow_runs/" + run).at("state.type")).isEqualTo("CANCELLING");
        assertThat(map(events("prefect.automation.triggered").get(0).get("payload")))
                .containsEntry("triggering_labels", Map.of("prefect.resource.id", "prefect.flow-run." + run));
    }

    @Test
    void aProactiveTriggerFiresWhenItsEventsStayAwayForItsWindow() {
        String pool = client.post("/api/work_pools/", Map.of("name", "java", "type", "process")).string("id");
        String id = automation(Map.of("posture", "Proactive", "expect", List.of("prefect.flow-run.Completed"), "within", 30),
                Map.of("type", "pause-work-pool", "work_pool_id", pool));
        server.runServices();
        clock.advance(Duration.ofSeconds(20));
        server.runServices();
        assertThat(client.get("/api/work_pools/java").map()).containsEntry("is_paused", false);
        clock.advance(Duration.ofSeconds(11));
        server.runServices();
        assertThat(client.get("/api/work_pools/java").map()).as("no completed run in 30 s").containsEntry("is_paused", true);
        assertThat(events("prefect.automation.triggered").get(0).get("resource"))
                .isEqualTo(Map.of("prefect.resource.id", "prefect.automation." + id, "prefect.resource.name", "auto",
                        "prefect.posture", "Proactive"));
    }

    @Test
    void aProactiveTriggerStaysQuietWhileItsEventsCome() {
        String flow = client.post("/api/flows/", Map.of("name", "etl")).string("id");
        String pool = client.post("/api/work_pools/", Map.of("name", "java", "type", "process")).string("id");
        automation(Map.of("posture", "Proactive", "expect", List.of("prefect.flow-run.Completed"), "within", 30),
                Map.of("type", "pause-work-pool", "work_pool_id", pool));
        server.runServices();
        clock.advance(Duration.ofSeconds(20));
        flowRunIn(flow, "COMPLETED");
        server.runServices();
        clock.advance(Duration.ofSeconds(11));
        server.runServices();
        assertThat(client.get("/api/work_pools/java").map()).containsEntry("is_paused", false);
        assertThat(events("prefect.automation.triggered")).isEmpty();
    }

    @Test
    void aCompoundTriggerWaitsForAllItsTriggers() {
        String flow = client.post("/api/flows/", Map.of("name", "etl")).string("id");
        String deployment = client.post("/api/deployments/", Map.of("name", "d", "flow_id", flow)).string("id");
        automation(Map.of("type", "compound", "require", "all", "within", 3600, "triggers", List.of(
                        Map.of("posture", "Reactive", "expect", List.of("prefect.flow-run.Failed")),
                        Map.of("posture", "Reactive", "expect", List.of("custom.alarm")))),
                Map.of("type", "pause-deployment", "deployment_id", deployment));
        flowRunIn(flow, "FAILED");
        server.runServices();
        assertThat(client.get("/api/deployments/" + deployment).map()).containsEntry("paused", false);
        client.post("/api/events", List.of(Map.of("occurred", clock.instant().toString(), "event", "custom.alarm",
                "resource", Map.of("prefect.resource.id", "custom.thing"), "id", "22222222-2222-4222-8222-222222222222")));
        server.runServices();
        assertThat(client.get("/api/deployments/" + deployment).map()).containsEntry("paused", true);
    }

    @Test
    void anActionThatCannotBeDoneFailsWithPrefectsReason() {
        String id = automation(Map.of("posture", "Reactive", "expect", List.of("custom.*")), Map.of("type", "send-notification",
                "block_document_id", "33333333-3333-4333-8333-333333333333", "body", "hi"));
        client.patch("/api/automations/" + id, Map.of("enabled", true));
        client.post("/api/events", List.of(Map.of("occurred", clock.instant().toString(), "event", "custom.alarm",
                "resource", Map.of("prefect.resource.id", "custom.thing"), "id", "22222222-2222-4222-8222-222222222222")));
        server.runServices();
        List<Map<String, Object>> actions = events("prefect.automation.action.");
        assertThat(actions).extracting(e -> e.get("event"))
                .containsExactly("prefect.automation.action.triggered", "prefect.automation.action.failed");
        assertThat(map(actions.get(1).get("payload"))).containsEntry("reason",
                "Unexpected status from 'send-notification' action: 404");
    }

    @Test
    void runDeploymentRefusesParameterTemplatesItCannotRender() {
        String flow = client.post("/api/flows/", Map.of("name", "etl")).string("id");
        String deployment = client.post("/api/deployments/", Map.of("name", "d", "flow_id", flow)).string("id");
        automation(Map.of("posture", "Reactive", "expect", List.of("custom.*")), Map.of("type", "run-deployment",
                "deployment_id", deployment, "parameters", Map.of("event", "{{ event.id }}")));
        client.post("/api/events", List.of(Map.of("occurred", clock.instant().toString(), "event", "custom.alarm",
                "resource", Map.of("prefect.resource.id", "custom.thing"), "id", "22222222-2222-4222-8222-222222222222")));
        server.runServices();
        assertThat(map(events("prefect.automation.action.failed").get(0).get("payload")).get("reason").toString())
                .contains("templates");
        assertThat(client.post("/api/flow_runs/count", Map.of()).json()).isEqualTo(0L);
    }

    @Test
    void aDisabledAutomationDoesNothing() {
        String flow = client.post("/api/flows/", Map.of("name", "etl")).string("id");
        String id = automation(Map.of("posture", "Reactive", "expect", List.of("prefect.flow-run.Running")),
                Map.of("type", "cancel-flow-run"));
        assertThat(client.patch("/api/automations/" + id, Map.of("enabled", false)).status()).isEqualTo(204);
        String run = flowRunIn(flow, "RUNNING");
        server.runServices();
        assertThat(client.get("/api/flow_runs/" + run).at("state.type")).isEqualTo("RUNNING");
    }
}
