package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.TestClient.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /automations}: an automation stored as Prefect's {@code Automation} dumps it (defaults
 * filled, trigger ids made anew, durations in seconds), replaced, enabled and disabled, filtered,
 * counted, found by the resources it is related to, deleted with its owner, and Prefect's 422s;
 * in every store (server-jdbc runs it over SQLite and PostgreSQL).
 */
class AutomationsTest extends StoreSuite {
    private static final String DEPLOYMENT = "11111111-1111-4111-8111-111111111111";

    private final TestClock clock = new TestClock(Instant.parse("2025-03-01T12:00:00Z"));
    private final PrefectServer server = newServer(clock);
    private final TestClient client = new TestClient(server);

    private static Map<String, Object> automation(String name) {
        return Map.of("name", name, "trigger", Map.of("type", "event", "posture", "Reactive",
                        "expect", List.of("prefect.flow-run.Failed", "prefect.flow-run.Failed"),
                        "match", Map.of("prefect.resource.id", "prefect.flow-run.*"), "id", DEPLOYMENT),
                "actions", List.of(Map.of("type", "run-deployment", "deployment_id", DEPLOYMENT)));
    }

    @Test
    void anAutomationIsStoredAsPrefectDumpsIt() {
        Reply made = client.post("/api/automations/", automation("on failure"));
        assertThat(made.status()).isEqualTo(201);
        assertThat(made.map()).containsEntry("name", "on failure").containsEntry("description", "")
                .containsEntry("enabled", true).containsEntry("tags", List.of())
                .containsEntry("actions_on_trigger", List.of()).containsEntry("actions_on_resolve", List.of())
                .containsEntry("created", "2025-03-01T12:00:00Z");
        assertThat(List.copyOf(made.map().keySet())).containsExactly("id", "created", "updated", "name", "description", "enabled", "tags",
                "trigger", "actions", "actions_on_trigger", "actions_on_resolve");
        @SuppressWarnings("unchecked")
        Map<String, Object> trigger = (Map<String, Object>) made.at("trigger");
        assertThat(List.copyOf(trigger.keySet())).containsExactly("type", "id", "match", "match_related", "after", "expect", "for_each",
                "posture", "threshold", "within");
        assertThat(trigger.get("id")).as("trigger ids are made anew").isNotEqualTo(DEPLOYMENT);
        assertThat(trigger.get("expect")).isEqualTo(List.of("prefect.flow-run.Failed"));
        assertThat(trigger.get("within")).isEqualTo(0.0);
        assertThat(made.at("actions.0")).isEqualTo(map("type", "run-deployment", "source", "selected",
                "deployment_id", DEPLOYMENT, "parameters", nullValue(), "job_variables", nullValue(), "schedule_after", 0.0));
        assertThat(client.get("/api/automations/" + made.string("id")).map()).isEqualTo(made.map());
    }

    private static Object nullValue() {
        return null;
    }

    /** A map of key, value pairs that may hold null values. */
    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }

    @Test
    void aProactiveTriggerWaitsAtLeastTenSecondsAndCompositesNest() {
        Reply made = client.post("/api/automations/", Map.of("name", "quiet", "trigger", Map.of("type", "compound",
                "require", "all", "within", "PT1M", "triggers", List.of(
                        Map.of("type", "event", "posture", "Proactive", "expect", List.of("x")),
                        Map.of("type", "sequence", "within", "01:00:00", "triggers", List.of(
                                Map.of("posture", "Reactive", "within", 30))))),
                "actions", List.of(Map.of("type", "pause-work-pool", "source", "inferred"))));
        assertThat(made.status()).isEqualTo(201);
        assertThat(made.at("trigger.within")).isEqualTo(60.0);
        assertThat(made.at("trigger.triggers.0.within")).isEqualTo(10.0);
        assertThat(made.at("trigger.triggers.1.within")).isEqualTo(3600.0);
        assertThat(made.at("trigger.triggers.1.triggers.0.within")).isEqualTo(30.0);
        assertThat(made.at("actions.0")).isEqualTo(map("type", "pause-work-pool", "source", "inferred",
                "work_pool_id", nullValue()));
    }

    @Test
    void replacedDisabledFilteredCountedAndDeleted() {
        String a = client.post("/api/automations/", automation("b-first")).string("id");
        clock.advance(Duration.ofSeconds(1));
        client.post("/api/automations/", Map.of("name", "a-second", "tags", List.of("ops"), "trigger",
                Map.of("posture", "Reactive"), "actions", List.of(Map.of("type", "do-nothing"))));
        assertThat(client.post("/api/automations/filter", Map.of()).maps()).extracting(m -> m.get("name"))
                .containsExactly("a-second", "b-first");
        assertThat(client.post("/api/automations/filter", Map.of("sort", "CREATED_DESC", "limit", 1)).maps())
                .extracting(m -> m.get("name")).containsExactly("a-second");
        assertThat(client.post("/api/automations/filter", Map.of("automations", Map.of("tags", Map.of("all_", List.of("ops")))))
                .maps()).extracting(m -> m.get("name")).containsExactly("a-second");
        assertThat(client.post("/api/automations/count", Map.of("automations", Map.of("name", Map.of("any_", List.of("b-first")))))
                .json()).isEqualTo(1L);
        assertThat(client.post("/api/automations/count", null).json()).isEqualTo(2L);

        assertThat(client.patch("/api/automations/" + a, Map.of("enabled", false)).status()).isEqualTo(204);
        assertThat(client.get("/api/automations/" + a).map()).containsEntry("enabled", false);
        Reply put = client.send("PUT", "/api/automations/" + a, Map.of("name", "renamed", "trigger", Map.of("posture", "Reactive"),
                "actions", List.of(Map.of("type", "do-nothing"))), Map.of());
        assertThat(put.status()).isEqualTo(204);
        assertThat(client.get("/api/automations/" + a).map()).as("what a PUT leaves out keeps its value")
                .containsEntry("name", "renamed").containsEntry("enabled", false);
        assertThat(client.get("/api/automations/related-to/prefect.deployment." + DEPLOYMENT).maps())
                .as("no run-deployment action selects it any more").isEmpty();

        assertThat(client.delete("/api/automations/" + a).status()).isEqualTo(204);
        assertThat(client.delete("/api/automations/" + a).json()).isEqualTo(Map.of("exception_message", "Automation not found"));
        assertThat(client.get("/api/automations/" + a).status()).isEqualTo(404);
        assertThat(client.patch("/api/automations/" + a, Map.of()).status()).isEqualTo(404);
        Object events = client.post("/api/events/filter", Map.of("filter", Map.of("event", Map.of("prefix",
                List.of("prefect.automation."))), "limit", 50)).map().get("events");
        List<Object> names = ((List<?>) events).stream().map(e -> (Object) ((Map<?, ?>) e).get("event")).toList();
        assertThat(names).contains("prefect.automation.created", "prefect.automation.updated", "prefect.automation.deleted");
    }

    @Test
    void automationsAreFoundByTheDeploymentsTheyRunAndDeletedWithTheirOwner() {
        Map<String, Object> owned = new java.util.HashMap<>(automation("owned"));
        owned.put("owner_resource", "prefect.deployment.owner");
        String ownedId = client.post("/api/automations/", owned).string("id");
        String selecting = client.post("/api/automations/", automation("selecting")).string("id");
        assertThat(client.get("/api/automations/related-to/prefect.deployment." + DEPLOYMENT).maps())
                .extracting(m -> m.get("id")).containsExactly(ownedId, selecting);
        assertThat(client.get("/api/automations/related-to/prefect.deployment.owner").maps())
                .extracting(m -> m.get("id")).containsExactly(ownedId);

        Reply deleted = client.delete("/api/automations/owned-by/prefect.deployment." + DEPLOYMENT);
        assertThat(deleted.status()).isEqualTo(202);
        assertThat(client.post("/api/automations/count", Map.of()).json()).as("neither is owned by it").isEqualTo(2L);
        client.delete("/api/automations/owned-by/prefect.deployment.owner");
        assertThat(client.post("/api/automations/filter", Map.of()).maps()).extracting(m -> m.get("id")).containsExactly(selecting);
    }

    @Test
    void badAutomationsGetPrefectsErrorsAtTheFieldAtFault() {
        assertThat(locations(client.post("/api/automations/", Map.of("name", "x", "trigger", Map.of("type", "event",
                "posture", "Proactive", "within", 5), "actions", List.of())))).containsExactlyInAnyOrder(
                List.of("body", "trigger", "EventTrigger"),
                List.of("body", "trigger", "function-after[validate_require(), function-after[validate_require(), CompoundTrigger]]", "type"),
                List.of("body", "trigger", "function-after[validate_require(), function-after[validate_require(), CompoundTrigger]]", "triggers"),
                List.of("body", "trigger", "function-after[validate_require(), function-after[validate_require(), CompoundTrigger]]", "require"),
                List.of("body", "trigger", "SequenceTrigger", "type"),
                List.of("body", "trigger", "SequenceTrigger", "triggers"));
        assertThat(locations(client.post("/api/automations/", Map.of("name", "x", "trigger", map("type", "compound",
                "require", 2, "within", nullValue(), "triggers", List.of()), "actions", List.of())))).contains(
                List.of("body", "trigger", "function-after[validate_require(), function-after[validate_require(), CompoundTrigger]]"));
        assertThat(locations(client.post("/api/automations/", Map.of("name", "x", "trigger", Map.of("posture", "Reactive"),
                "actions", List.of(Map.of("type", "pause-deployment")))))).contains(
                List.of("body", "actions", 0L, "function-after[selected_deployment_requires_id(), PauseDeployment]"),
                List.of("body", "actions", 0L, "DoNothing", "type"));
        assertThat(locations(client.post("/api/automations/", Map.of("name", "loop", "trigger", Map.of("posture", "Reactive",
                "expect", List.of("prefect.flow-run.*")), "actions", List.of(Map.of("type", "run-deployment", "source", "inferred"))))))
                .containsExactly(List.of("body"));
        assertThat(locations(client.post("/api/automations/", Map.of("name", "x", "trigger", Map.of("posture", "Reactive"),
                "actions", List.of(), "extra", 1)))).containsExactly(List.of("body", "extra"));
        assertThat(locations(client.post("/api/automations/filter", Map.of("sort", "NOPE")))).containsExactly(List.of("body", "sort"));
        assertThat(locations(client.patch("/api/automations/" + DEPLOYMENT, Map.of("name", "x"))))
                .containsExactly(List.of("body", "name"));
    }

    private static List<Object> locations(Reply reply) {
        assertThat(reply.status()).isEqualTo(422);
        return ((List<?>) reply.map().get("exception_detail")).stream().map(d -> (Object) ((Map<?, ?>) d).get("loc")).toList();
    }
}
