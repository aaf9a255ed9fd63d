package dev.jprefect.integration.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.Flow;
import dev.jprefect.client.schemas.FlowCreate;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.FlowRunCreate;
import dev.jprefect.client.schemas.StateCreate;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.client.schemas.WorkPool;
import dev.jprefect.client.schemas.WorkPoolCreate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An automation acts on a server: "when a flow run of this flow enters Failed, pause this work
 * pool", created through {@code POST /automations/}, fires when a run of the flow fails, and the
 * server pauses the pool and records Prefect's {@code prefect.automation.action.executed} event.
 * Subclasses say which server; {@code AutomationsOnPrefectTest} runs it on the real Prefect server
 * with its triggers and actions services running. The server acts in the background, so the pool
 * and its events are read every half second, within {@link ExternalProcesses#WAIT_SECONDS}.
 */
abstract class AutomationsContract {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(CALL_TIMEOUT).build();

    @Test
    void a_failed_run_of_a_flow_pauses_the_work_pool_its_automation_names(PrefectClient client) throws Exception {
        String poolName = DeploymentsContract.unique("guarded");
        WorkPool pool = client.createWorkPool(WorkPoolCreate.of(poolName, "process"));
        Flow flow = client.createFlow(FlowCreate.of(DeploymentsContract.unique("fragile")));
        String automation = null;
        try {
            HttpResponse<String> made = send(client, "POST", "/automations/", "{\"name\":\"pause " + poolName + "\","
                    + "\"trigger\":{\"type\":\"event\",\"posture\":\"Reactive\",\"expect\":[\"prefect.flow-run.Failed\"],"
                    + "\"match_related\":{\"prefect.resource.id\":\"prefect.flow." + flow.id() + "\"}},"
                    + "\"actions\":[{\"type\":\"pause-work-pool\",\"work_pool_id\":\"" + pool.id() + "\"}]}");
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":\"([0-9a-f-]{36})\",\"created\"")
                    .matcher(made.body()); // the automation's own id, wherever the server puts it
            assertThat(id.find()).as(made.body()).isTrue();
            automation = id.group(1);

            FlowRun run = client.createFlowRun(FlowRunCreate.of(flow.id()).withState(StateCreate.of(StateType.PENDING)));
            client.setFlowRunState(run.id(), StateCreate.of(StateType.RUNNING), false);
            client.setFlowRunState(run.id(), StateCreate.of(StateType.FAILED), false);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ExternalProcesses.WAIT_SECONDS);
            while (!client.readWorkPool(poolName).isPaused() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertThat(client.readWorkPool(poolName).isPaused()).as("the pool is paused by the automation").isTrue();
            String query = "{\"filter\":{\"event\":{\"name\":[\"prefect.automation.action.executed\"]},"
                    + "\"resource\":{\"id\":[\"prefect.automation." + automation + "\"]}}}";
            HttpResponse<String> executed = send(client, "POST", "/events/filter", query);
            while (executed.body().contains("\"total\":0") && System.nanoTime() < deadline) {
                Thread.sleep(500); // Prefect's event persister writes events in batches
                executed = send(client, "POST", "/events/filter", query);
            }
            assertThat(executed.body()).contains("\"action_type\":\"pause-work-pool\"", "prefect.work-pool." + pool.id());
        } finally {
            if (automation != null) {
                send(client, "DELETE", "/automations/" + automation, null);
            }
            client.deleteWorkPool(poolName);
        }
    }

    /** Sends a JSON request to the client's server (the typed client has no automation calls). */
    private static HttpResponse<String> send(PrefectClient client, String method, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.apiUrl() + path)).timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
