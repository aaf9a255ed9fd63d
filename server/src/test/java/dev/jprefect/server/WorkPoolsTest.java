package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.TestClient.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /work_pools} and {@code /work_queues}: pools with their default queue, queues, workers'
 * heartbeats, the default agent pool, deployments placed in a pool's queues, and a worker's poll for
 * due runs, as Prefect 3.9.1 answers them.
 */
class WorkPoolsTest extends StoreSuite {
    private final TestClock clock = new TestClock(Instant.parse("2025-03-01T12:00:00Z"));
    private final PrefectServer server = newServer(clock);
    private final TestClient client = new TestClient(server);

    @Test
    void aPoolIsMadeWithItsDefaultQueueAndReadByName() {
        Reply pool = client.post("/api/work_pools/", Map.of("name", "java", "type", "process",
                "base_job_template", Map.of("job_configuration", Map.of("command", "{{ command }}"))));
        assertThat(pool.status()).isEqualTo(201);
        assertThat(pool.map()).containsEntry("name", "java").containsEntry("type", "process")
                .containsEntry("status", "NOT_READY").containsEntry("is_paused", false).containsEntry("active_slots", null)
                .containsEntry("storage_configuration", storage());
        Reply queue = client.get("/api/work_pools/java/queues/default");
        assertThat(queue.map()).containsEntry("id", pool.string("default_queue_id")).containsEntry("priority", 1L)
                .containsEntry("work_pool_name", "java").containsEntry("description", "The work pool's default queue.");
        assertThat(client.get("/api/work_pools/java").map()).isEqualTo(pool.map());
        assertThat(client.post("/api/work_pools/", Map.of("name", "java")).json())
                .isEqualTo(Map.of("detail", "A work pool with this name already exists."));
        assertThat(client.post("/api/work_pools/", Map.of("name", "prefect-x")).status()).isEqualTo(403);
        assertThat(client.get("/api/work_pools/none").json()).isEqualTo(Map.of("detail", "Work pool \"none\" not found."));
        assertThat(client.post("/api/work_pools/count", Map.of()).json()).isEqualTo(1L);
    }

    private static Map<String, Object> storage() {
        Map<String, Object> s = new java.util.LinkedHashMap<>();
        s.put("bundle_upload_step", null);
        s.put("bundle_execution_step", null);
        s.put("default_result_storage_block_id", null);
        return s;
    }

    @Test
    void queuesTakeTheFirstFreePriorityAndWorkersAreKnownByHeartbeats() {
        client.post("/api/work_pools/", Map.of("name", "java", "type", "process"));
        Reply high = client.post("/api/work_pools/java/queues", Map.of("name", "high"));
        assertThat(high.status()).isEqualTo(201);
        assertThat(high.map()).containsEntry("priority", 2L).containsEntry("status", "NOT_READY");
        assertThat(client.post("/api/work_pools/java/queues/filter", Map.of()).maps())
                .extracting(q -> q.get("name")).containsExactly("default", "high");
        assertThat(client.patch("/api/work_pools/java/queues/high", Map.of("priority", 5)).status()).isEqualTo(204);
        assertThat(client.get("/api/work_pools/java/queues/none").json())
                .isEqualTo(Map.of("detail", "Work pool queue 'java/none' not found."));

        assertThat(client.post("/api/work_pools/java/workers/heartbeat", Map.of("name", "w1",
                "heartbeat_interval_seconds", 30)).status()).isEqualTo(204);
        assertThat(client.get("/api/work_pools/java").map()).containsEntry("status", "READY");
        assertThat(client.post("/api/work_pools/java/workers/filter", Map.of()).maps()).singleElement()
                .satisfies(w -> assertThat(w).containsEntry("name", "w1").containsEntry("status", "ONLINE")
                        .containsEntry("heartbeat_interval_seconds", 30L)
                        .containsEntry("last_heartbeat_time", clock.instant().toString()));
        assertThat(client.delete("/api/work_pools/java/workers/w1").status()).isEqualTo(204);
        assertThat(client.delete("/api/work_pools/java/workers/w1").json()).isEqualTo(Map.of("detail", "Worker not found."));
        assertThat(client.delete("/api/work_pools/java/queues/high").status()).isEqualTo(204);
        assertThat(client.delete("/api/work_pools/java").status()).isEqualTo(204);
        assertThat(client.post("/api/work_pools/filter", Map.of()).maps()).isEmpty();
    }

    @Test
    void aQueueNamedWithoutAPoolLivesInTheDefaultAgentPool() {
        Reply queue = client.post("/api/work_queues/", Map.of("name", "legacy"));
        assertThat(queue.status()).isEqualTo(201);
        assertThat(queue.map()).containsEntry("work_pool_name", "default-agent-pool");
        assertThat(client.get("/api/work_queues/name/legacy").map()).containsEntry("id", queue.string("id"));
        assertThat(client.get("/api/work_queues/" + queue.string("id")).map()).containsEntry("name", "legacy");
        assertThat(client.get("/api/work_pools/default-agent-pool").map()).containsEntry("type", "prefect-agent")
                .containsEntry("status", null);
        assertThat(client.post("/api/work_queues/filter", Map.of()).maps()).extracting(q -> q.get("name"))
                .containsExactly("default", "legacy");
        assertThat(client.post("/api/work_queues/", Map.of("name", "legacy")).status()).isEqualTo(409);
    }

    @Test
    void aWorkersPollAnswersTheDueRunsOfItsPoolsQueuesByPriority() {
        client.post("/api/work_pools/", Map.of("name", "java", "type", "process"));
        client.post("/api/work_pools/java/queues", Map.of("name", "urgent", "priority", 1));
        String flow = client.post("/api/flows/", Map.of("name", "etl")).string("id");
        Reply slow = client.post("/api/deployments/", Map.of("name", "slow", "flow_id", flow, "work_pool_name", "java",
                "enforce_parameter_schema", false));
        Reply fast = client.post("/api/deployments/", Map.of("name", "fast", "flow_id", flow, "work_pool_name", "java",
                "work_queue_name", "urgent", "enforce_parameter_schema", false));
        assertThat(slow.map()).containsEntry("work_pool_name", "java").containsEntry("work_queue_name", null);
        assertThat(fast.map()).containsEntry("work_pool_name", "java").containsEntry("work_queue_name", "urgent");

        Reply slowRun = client.post("/api/deployments/" + slow.string("id") + "/create_flow_run", Map.of());
        clock.advance(Duration.ofSeconds(1));
        Reply fastRun = client.post("/api/deployments/" + fast.string("id") + "/create_flow_run", Map.of());
        assertThat(fastRun.map()).containsEntry("work_pool_name", "java").containsEntry("work_queue_name", "urgent");

        List<Map<String, Object>> due = client.post("/api/work_pools/java/get_scheduled_flow_runs",
                Map.of("scheduled_before", clock.instant().toString())).maps();
        assertThat(due).extracting(r -> (Object) ((Map<?, ?>) r.get("flow_run")).get("id"))
                .containsExactly(fastRun.string("id"), slowRun.string("id")); // the urgent queue's priority first
        assertThat(due.get(0).get("work_queue_id")).isEqualTo(fast.string("work_queue_id"));
        assertThat(((Map<?, ?>) due.get(0).get("flow_run")).containsKey("work_pool_name")).isFalse();
        assertThat(client.get("/api/deployments/" + slow.string("id")).map()).containsEntry("status", "READY");

        client.patch("/api/work_pools/java/queues/urgent", Map.of("is_paused", true));
        assertThat(client.post("/api/work_pools/java/get_scheduled_flow_runs", Map.of("work_queue_names", List.of("urgent")))
                .maps()).isEmpty();
        client.patch("/api/work_pools/java", Map.of("concurrency_limit", 0));
        assertThat(client.post("/api/work_pools/java/get_scheduled_flow_runs", Map.of()).maps()).isEmpty();
        assertThat(client.post("/api/work_pools/none/get_scheduled_flow_runs", Map.of()).status()).isEqualTo(404);
        assertThat(client.post("/api/deployments/filter", Map.of("deployments", Map.of("flow_or_deployment_name",
                Map.of("like_", "ET")), "work_pool_queues", Map.of("name", Map.of("any_", List.of("urgent"))),
                "work_pools", Map.of("name", Map.of("any_", List.of("java"))))).maps())
                .extracting(d -> d.get("name")).containsExactly("fast"); // its flow's name holds "et"
        assertThat(client.post("/api/deployments/count", Map.of("deployments", Map.of("flow_or_deployment_name",
                Map.of("like_", "slo")))).json()).isEqualTo(1L);
        assertThat((List<?>) client.post("/api/deployments/paginate", Map.of("sort", "NAME_ASC", "page", 1, "limit", 10,
                "deployments", Map.of("operator", "and_", "flow_or_deployment_name", Map.of(), "tags", // as Prefect's UI
                        Map.of("operator", "or_", "all_", List.of("x"), "is_null_", true)))).map().get("results"))
                .hasSize(2); // neither has tag x, both have no tags
        assertThat(client.post("/api/deployments/count", Map.of("deployments", Map.of("id",
                Map.of("not_any_", List.of(slow.string("id")))))).json()).isEqualTo(1L);
        assertThat(client.post("/api/deployments/count", Map.of("work_pools", Map.of("type", Map.of("any_",
                List.of("docker"))))).json()).isEqualTo(0L);
        assertThat(client.post("/api/deployments/", Map.of("name", "x", "flow_id", flow, "work_pool_name", "none")).json())
                .isEqualTo(Map.of("detail", "Work pool \"none\" not found."));
    }

    @Test
    void slotsStatusesAndTheHealthOfAQueueFollowItsRunsHeartbeatsAndPolls() {
        client.post("/api/work_pools/", Map.of("name", "java", "type", "process", "concurrency_limit", 2));
        assertThat(client.get("/api/work_pools/java").map()).containsEntry("active_slots", 0L);
        String flow = client.post("/api/flows/", Map.of("name", "etl")).string("id");
        String deployment = client.post("/api/deployments/", Map.of("name", "d", "flow_id", flow, "work_pool_name", "java",
                "enforce_parameter_schema", false)).string("id");
        String run = client.post("/api/deployments/" + deployment + "/create_flow_run", Map.of()).string("id");
        client.post("/api/flow_runs/" + run + "/set_state", Map.of("state", Map.of("type", "PENDING")));
        assertThat(client.get("/api/work_pools/java").map()).containsEntry("active_slots", 1L);
        assertThat(client.post("/api/work_pools/filter", Map.of()).maps()).singleElement()
                .satisfies(p -> assertThat(p).containsEntry("active_slots", 1L));

        client.post("/api/work_pools/java/workers/heartbeat", Map.of("name", "w", "heartbeat_interval_seconds", 10));
        clock.advance(Duration.ofSeconds(30)); // three intervals: offline (Prefect: online while strictly within)
        assertThat(client.post("/api/work_pools/java/workers/filter", Map.of()).maps()).singleElement()
                .satisfies(w -> assertThat(w).containsEntry("status", "OFFLINE"));
        client.post("/api/work_pools/java/workers/heartbeat", Map.of("name", "w", "heartbeat_interval_seconds", 10));
        assertThat(client.post("/api/work_pools/java/workers/filter", Map.of("workers", Map.of("status",
                Map.of("any_", List.of("ONLINE"))))).maps()).singleElement()
                .satisfies(w -> assertThat(w).containsEntry("status", "ONLINE"));
        assertThat(client.post("/api/work_pools/java/workers/filter", Map.of("workers", Map.of("last_heartbeat_time",
                Map.of("before_", clock.instant().minusSeconds(1).toString())))).maps()).isEmpty();
        assertThat(client.post("/api/work_pools/java/workers/filter", Map.of("workers", Map.of("status",
                Map.of("any_", List.of("BUSY"))))).status()).isEqualTo(422);

        String queue = client.get("/api/work_pools/java/queues/default").string("id");
        assertThat(client.get("/api/work_queues/" + queue + "/status").map()).containsEntry("healthy", false)
                .containsEntry("last_polled", null).containsEntry("late_runs_count", 0L);
        client.post("/api/work_queues/" + queue + "/get_runs", Map.of()); // a poll
        assertThat(client.get("/api/work_queues/" + queue + "/status").map()).containsEntry("healthy", true);
        assertThat(client.get("/api/work_queues/" + queue).map()).containsEntry("status", "READY");
        assertThat(client.patch("/api/work_queues/" + queue, Map.of("is_paused", true)).status()).isEqualTo(204);
        assertThat(client.get("/api/work_queues/" + queue).map()).containsEntry("status", "PAUSED");
        client.patch("/api/work_queues/" + queue, Map.of("is_paused", false));
        assertThat(client.get("/api/work_queues/" + queue).map()).containsEntry("status", "READY"); // polled a minute ago at most
        client.patch("/api/work_queues/" + queue, Map.of("is_paused", true));
        clock.advance(Duration.ofSeconds(61));
        client.patch("/api/work_queues/" + queue, Map.of("is_paused", false));
        assertThat(client.get("/api/work_queues/" + queue).map()).containsEntry("status", "NOT_READY");
        assertThat(client.get("/api/work_queues/" + queue + "/status").map()).containsEntry("healthy", false);
        assertThat(client.delete("/api/work_queues/" + queue).json()).isEqualTo(Map.of("detail", "Data integrity conflict. "
                + "This usually means a unique or foreign key constraint was violated. See server logs for details."));
        String missing = "00000000-0000-4000-8000-000000000000";
        assertThat(client.get("/api/work_queues/" + missing + "/status").json())
                .isEqualTo(Map.of("exception_message", "Work queue with id " + missing + " not found"));
        assertThat(client.post("/api/work_queues/" + missing + "/get_runs", Map.of()).json())
                .isEqualTo(Map.of("exception_message", "Work queue with id " + missing + " not found."));
        assertThat(client.patch("/api/work_queues/" + missing, Map.of()).json())
                .isEqualTo(Map.of("detail", "Work Queue " + missing + " not found"));
    }

    @Test
    void reservedPoolsMayOnlyBePausedOrLimitedAndTheDefaultAgentPoolsDefaultQueueIsTheOneMadeWithIt() {
        assertThat(client.patch("/api/work_pools/Prefect-x", Map.of("description", "d")).json()).isEqualTo(Map.of("detail",
                "Work pools starting with 'Prefect' are reserved for internal use and can only be updated to set "
                        + "concurrency limits or pause."));
        assertThat(client.patch("/api/work_pools/prefect-x", Map.of("is_paused", true, "concurrency_limit", 1)).json())
                .isEqualTo(Map.of("detail", "Work pool \"prefect-x\" not found."));
        Reply queue = client.post("/api/work_queues/", Map.of("name", "default"));
        assertThat(queue.status()).isEqualTo(201);
        assertThat(queue.map()).containsEntry("work_pool_name", "default-agent-pool").containsEntry("priority", 1L)
                .containsEntry("id", client.get("/api/work_pools/default-agent-pool").string("default_queue_id"));
        assertThat(client.post("/api/work_queues/", Map.of("name", "default")).json())
                .isEqualTo(Map.of("detail", "A work queue with this name already exists."));
        client.post("/api/work_queues/", Map.of("name", "Urgent"));
        assertThat(client.post("/api/work_queues/filter", Map.of("work_queues", Map.of("name",
                Map.of("startswith_", List.of("urg"))))).maps()).extracting(q -> q.get("name")).containsExactly("Urgent");
    }

    @Test
    void aRunRetriedInItsOwnProcessIsNotAWorkersToTake() {
        client.post("/api/work_pools/", Map.of("name", "java", "type", "process"));
        String flow = client.post("/api/flows/", Map.of("name", "etl")).string("id");
        String deployment = client.post("/api/deployments/", Map.of("name", "d", "flow_id", flow, "work_pool_name", "java",
                "enforce_parameter_schema", false)).string("id");
        String run = client.post("/api/deployments/" + deployment + "/create_flow_run", Map.of()).string("id");
        client.patch("/api/flow_runs/" + run, Map.of("empirical_policy", Map.of("retries", 1, "retry_delay", 0)));
        client.post("/api/flow_runs/" + run + "/set_state", Map.of("state", Map.of("type", "PENDING")));
        client.post("/api/flow_runs/" + run + "/set_state", Map.of("state", Map.of("type", "RUNNING")));
        Reply failed = client.post("/api/flow_runs/" + run + "/set_state", Map.of("state", Map.of("type", "FAILED")));
        assertThat(failed.map()).extracting(r -> ((Map<?, ?>) r.get("state")).get("name")).isEqualTo("AwaitingRetry");
        assertThat(client.get("/api/flow_runs/" + run).map())
                .extracting(r -> ((Map<?, ?>) r.get("empirical_policy")).get("retry_type")).isEqualTo("in_process");
        assertThat(client.post("/api/work_pools/java/get_scheduled_flow_runs", Map.of()).maps()).isEmpty();
    }
}
