package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.Exchanges.Exchange;
import dev.jprefect.server.internal.json.Json;
import dev.jprefect.settings.Settings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Checks every response body the server tests produced against Prefect's OpenAPI document: the
 * schema of the operation's documented response for that status, {@code $ref}s resolved. Runs
 * after the other test classes (see junit-platform.properties); it also drives a short scenario of
 * its own, so it checks something when run alone. Skipped when the reference file is absent.
 *
 * <p>Errors Prefect raises as {@code HTTPException}s are not in the document; their bodies must be
 * {@code {"detail": <text>}} (or Prefect middleware's {@code {"exception_message": <text>}}).
 * A validation error (422) is not answered as the document says ({@code HTTPValidationError},
 * FastAPI's {@code {"detail": [...]}}) but as Prefect's {@code validation_exception_handler}
 * answers it: {@code {"exception_message", "exception_detail", "request_body"}}; its
 * {@code exception_detail} is checked as the document's {@code detail} list.
 */
@Order(Integer.MAX_VALUE)
class ConformanceTest {

    @Test
    void everyResponseOfTheServerTestsMatchesPrefectsSchema() throws IOException {
        OpenApi api = OpenApi.load();
        ownScenario();

        List<String> failures = new ArrayList<>();
        Set<String> operations = new TreeSet<>();
        int validated = 0;
        for (Exchange e : Exchanges.all()) {
            if (!e.body().isEmpty() && !e.path().startsWith("/api/") && !e.path().equals("/api")) {
                if (!OpenApi.isHttpException(e.status(), Json.parse(e.body()))) {
                    failures.add(e + ": expected an error detail outside /api");
                }
                continue;
            }
            OpenApi.Verdict verdict = api.checkResponse(e.method(), e.path().substring(Math.min(4, e.path().length())), e.status(), e.body());
            failures.addAll(verdict.problems());
            if (verdict.operation() != null) {
                validated++;
                operations.add(verdict.operation());
            }
        }
        assertThat(failures).as("responses that break Prefect's schema").isEmpty();
        assertThat(validated).as("responses checked").isGreaterThan(50);
        assertThat(operations).as("operations and statuses checked").hasSizeGreaterThan(20);
    }

    /** Touches every kind of response once, so this test checks something on its own. */
    private static void ownScenario() {
        TestClient c = new TestClient(PrefectServer.builder().settings(Settings.isolated(Map.of(
                "PREFECT_SERVER_API_CSRF_PROTECTION_ENABLED", "true"))).clock(new TestClock()).build());
        c.get("/api/health");
        c.get("/api/version");
        c.get("/api/hello");
        c.get("/api/ready");
        c.get("/api/admin/version");
        c.get("/api/admin/settings");
        Map<String, Object> token = c.get("/api/csrf-token?client=conformance").map();
        Map<String, String> h = Map.of("Prefect-Csrf-Token", (String) token.get("token"), "Prefect-Csrf-Client", "conformance");
        String flow = (String) c.send("POST", "/api/flows/", Map.of("name", "f"), h).map().get("id");
        c.send("POST", "/api/flows/", Map.of("name", "f"), h);
        c.get("/api/flows/" + flow);
        c.send("POST", "/api/flows/filter", Map.of(), h);
        c.send("POST", "/api/flows/paginate", Map.of(), h);
        c.send("POST", "/api/flows/count", Map.of(), h);
        String run = (String) c.send("POST", "/api/flow_runs/", Map.of("flow_id", flow), h).map().get("id");
        c.send("POST", "/api/flow_runs/" + run + "/set_state", Map.of("state", Map.of("type", "RUNNING")), h);
        c.send("POST", "/api/flow_runs/" + run + "/set_state", Map.of("state", Map.of("type", "PENDING")), h);
        String task = (String) c.send("POST", "/api/task_runs/",
                Map.of("flow_run_id", run, "task_key", "k", "dynamic_key", "0"), h).map().get("id");
        c.send("POST", "/api/task_runs/" + task + "/set_state", Map.of("state", Map.of("type", "RUNNING")), h);
        c.get("/api/task_runs/" + task);
        c.send("POST", "/api/task_runs/filter", Map.of(), h);
        c.send("POST", "/api/task_runs/paginate", Map.of(), h);
        c.send("POST", "/api/flow_runs/filter", Map.of(), h);
        c.send("POST", "/api/flow_runs/paginate", Map.of(), h);
        c.get("/api/flow_run_states/?flow_run_id=" + run);
        c.get("/api/task_run_states/?task_run_id=" + task);
        c.send("POST", "/api/logs/", List.of(Map.of("name", "n", "level", 20, "message", "m",
                "timestamp", "2025-01-01T00:00:00Z", "flow_run_id", run)), h);
        c.send("POST", "/api/logs/filter", Map.of(), h);
        c.send("POST", "/api/variables/", Map.of("name", "v", "value", List.of(1, "a", Map.of())), h);
        c.send("POST", "/api/variables/filter", Map.of(), h);
        c.get("/api/variables/name/v");
        c.send("POST", "/api/flows/", Map.of("nme", "typo"), h);
    }
}
