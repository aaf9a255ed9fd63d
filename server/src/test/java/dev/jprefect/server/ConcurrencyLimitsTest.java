package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.TestClient.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Concurrency limits as Prefect 3.9.1's server keeps them: global limits ({@code /v2/concurrency_limits})
 * with their slots, decay, denials and leases (expired ones freed by the repossessor on the server's
 * clock), tag limits ({@code /concurrency_limits}) over them, and the task-run orchestration that
 * takes a tag's slot while a task run is Running.
 */
class ConcurrencyLimitsTest extends StoreSuite {
    private final TestClock clock = new TestClock();
    private final PrefectServer server = newServer(clock);
    private final TestClient client = new TestClient(server);

    private Reply create(String name, int limit, Map<String, Object> more) {
        Map<String, Object> body = new java.util.HashMap<>(more);
        body.put("name", name);
        body.put("limit", limit);
        return client.post("/api/v2/concurrency_limits/", body);
    }

    private Reply increment(String name, int slots) {
        return client.post("/api/v2/concurrency_limits/increment", Map.of("names", List.of(name), "slots", slots));
    }

    private long activeSlots(String name) {
        return (Long) client.get("/api/v2/concurrency_limits/" + name).at("active_slots");
    }

    @Test
    void aLimitIsCreatedReadUpdatedListedAndDeletedByIdOrName() {
        Reply made = create("db", 2, Map.of());
        assertThat(made.status()).isEqualTo(201);
        assertThat(made.map()).containsEntry("active", true).containsEntry("name", "db").containsEntry("limit", 2L)
                .containsEntry("active_slots", 0L).containsEntry("denied_slots", 0L)
                .containsEntry("slot_decay_per_second", 0.0).containsEntry("avg_slot_occupancy_seconds", 2.0);
        String id = made.string("id");
        assertThat(client.get("/api/v2/concurrency_limits/db").map()).containsOnlyKeys("id", "created", "updated",
                "active", "name", "limit", "active_slots", "slot_decay_per_second").containsEntry("id", id);
        assertThat(client.get("/api/v2/concurrency_limits/" + id).string("name")).isEqualTo("db");
        assertThat(create("db", 1, Map.of()).status()).isEqualTo(409);
        assertThat(client.patch("/api/v2/concurrency_limits/db", Map.of("limit", 5)).status()).isEqualTo(204);
        assertThat(client.patch("/api/v2/concurrency_limits/" + id, Map.of("name", "database")).status()).isEqualTo(204);
        assertThat(client.get("/api/v2/concurrency_limits/database").at("limit")).isEqualTo(5L);
        create("api", 1, Map.of());
        assertThat(client.post("/api/v2/concurrency_limits/filter", Map.of()).maps()).extracting(l -> l.get("name"))
                .containsExactly("api", "database");
        assertThat(client.post("/api/v2/concurrency_limits/filter", Map.of("offset", 1, "limit", 5)).maps())
                .extracting(l -> l.get("name")).containsExactly("database");
        assertThat(client.delete("/api/v2/concurrency_limits/database").status()).isEqualTo(204);
        assertThat(client.get("/api/v2/concurrency_limits/" + id).json()).isEqualTo(Map.of("detail", "Concurrency Limit not found"));
        assertThat(client.delete("/api/v2/concurrency_limits/database").status()).isEqualTo(404);
    }

    @Test
    void badLimitsAndSlotRequestsAreRefusedAtTheFieldAtFault() {
        Reply negative = create("db", -1, Map.of());
        assertThat(negative.status()).isEqualTo(422);
        assertThat(negative.at("exception_detail.0.loc")).isEqualTo(List.of("body", "limit"));
        assertThat(create("a/b", 1, Map.of()).at("exception_detail.0.type")).isEqualTo("string_pattern_mismatch");
        Reply noNames = client.post("/api/v2/concurrency_limits/increment", Map.of("names", List.of(), "slots", 0));
        assertThat(noNames.status()).isEqualTo(422);
        assertThat(noNames.at("exception_detail.0.type")).isEqualTo("greater_than");
        assertThat(noNames.at("exception_detail.1.type")).isEqualTo("too_short");
        Reply shortLease = client.post("/api/v2/concurrency_limits/increment-with-lease",
                Map.of("names", List.of("x"), "slots", 1, "lease_duration", 10));
        assertThat(shortLease.at("exception_detail.0.msg")).isEqualTo("Input should be greater than or equal to 60");
        Reply badLease = client.post("/api/v2/concurrency_limits/leases/nope/renew", Map.of());
        assertThat(badLease.status()).isEqualTo(422);
        assertThat(badLease.at("exception_detail.0.loc")).isEqualTo(List.of("path", "lease_id"));
        create("db", 2, Map.of());
        assertThat(increment("db", 3).json()).isEqualTo(Map.of("detail", "Slots requested is greater than the limit"));
        assertThat(client.post("/api/v2/concurrency_limits/increment", Map.of("names", List.of("db"), "slots", 1,
                "mode", "rate_limit")).json()).isEqualTo(Map.of("detail", "Only concurrency limits with slot decay can be used"
                + " for rate limiting. The following limits do not have a decay configured: 'db'"));
        Reply nullLimit = client.patch("/api/v2/concurrency_limits/db", java.util.Collections.singletonMap("limit", null));
        assertThat(nullLimit.status()).isEqualTo(409);
        assertThat(client.get("/api/v2/concurrency_limits/db").at("limit")).isEqualTo(2L);
    }

    @Test
    void slotsAreTakenUpToTheLimitThenDeniedWithAnAdvisedWaitAndGivenBack() {
        String id = create("db", 2, Map.of()).string("id");
        assertThat(increment("db", 1).json()).isEqualTo(List.of(Map.of("id", id, "name", "db", "limit", 2L)));
        assertThat(increment("db", 1).status()).isEqualTo(200);
        Reply denied = increment("db", 1);
        assertThat(denied.status()).isEqualTo(423);
        assertThat(denied.json()).isEqualTo(Map.of("detail", "Locked"));
        double retryAfter = Double.parseDouble(denied.response().headers().first("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(0.0, 2.0 * 1.5 * 1.3);
        assertThat(activeSlots("db")).isEqualTo(2);
        Reply back = client.post("/api/v2/concurrency_limits/decrement", Map.of("names", List.of("db", "none"), "slots", 1,
                "occupancy_seconds", 4.0));
        assertThat(back.json()).isEqualTo(List.of(Map.of("id", id, "name", "db", "limit", 2L)));
        assertThat(activeSlots("db")).isEqualTo(1);
        assertThat(client.post("/api/v2/concurrency_limits/decrement", Map.of("names", List.of("db"), "slots", 5)).status())
                .isEqualTo(200);
        assertThat(activeSlots("db")).isZero();
        assertThat(increment("none", 1).json()).isEqualTo(List.of());
    }

    @Test
    void aRateLimitsSlotsDecayWithTheServersClock() {
        create("api", 10, Map.of("slot_decay_per_second", 2.0));
        assertThat(client.post("/api/v2/concurrency_limits/increment", Map.of("names", List.of("api"), "slots", 10,
                "mode", "rate_limit")).status()).isEqualTo(200);
        assertThat(increment("api", 1).status()).isEqualTo(423);
        clock.advance(Duration.ofMillis(1500));
        assertThat(activeSlots("api")).isEqualTo(7);
        assertThat(increment("api", 3).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(60));
        assertThat(activeSlots("api")).isZero();
    }

    @Test
    void aLeaseHoldsItsSlotsUntilReleasedOrUntilItExpiresUnrenewed() {
        create("db", 1, Map.of());
        Reply leased = client.post("/api/v2/concurrency_limits/increment-with-lease", Map.of("names", List.of("db"),
                "slots", 1, "lease_duration", 60, "holder", Map.of("type", "flow_run", "id", UUID.randomUUID().toString())));
        assertThat(leased.status()).isEqualTo(200);
        String lease = leased.string("lease_id");
        assertThat(leased.at("limits.0.name")).isEqualTo("db");
        assertThat(increment("db", 1).status()).isEqualTo(423);

        clock.advance(Duration.ofSeconds(50));
        assertThat(client.post("/api/v2/concurrency_limits/leases/" + lease + "/renew", Map.of("lease_duration", 60))
                .status()).isEqualTo(204);
        clock.advance(Duration.ofSeconds(50));
        server.runServices();
        assertThat(activeSlots("db")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(11));
        server.runServices();
        assertThat(activeSlots("db")).isZero();
        assertThat(client.post("/api/v2/concurrency_limits/leases/" + lease + "/renew", Map.of()).json())
                .isEqualTo(Map.of("detail", "Lease not found - it may have expired or been revoked"));

        String second = client.post("/api/v2/concurrency_limits/increment-with-lease", Map.of("names", List.of("db"),
                "slots", 1)).string("lease_id");
        assertThat(activeSlots("db")).isEqualTo(1);
        assertThat(client.post("/api/v2/concurrency_limits/decrement-with-lease", Map.of("lease_id", second)).status())
                .isEqualTo(204);
        assertThat(activeSlots("db")).isZero();
        assertThat(client.post("/api/v2/concurrency_limits/decrement-with-lease", Map.of("lease_id", second)).status())
                .isEqualTo(204);
    }

    @Test
    void racingClientsNeverHoldMoreSlotsThanTheLimit() throws Exception {
        create("db", 3, Map.of());
        int clients = 12;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return client.post("/api/v2/concurrency_limits/increment-with-lease",
                            Map.of("names", List.of("db"), "slots", 1)).status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(3);
            assertThat(statuses).filteredOn(s -> s == 423).hasSize(clients - 3);
        } finally {
            pool.shutdownNow();
        }
        assertThat(activeSlots("db")).isEqualTo(3);
    }

    @Test
    void aTagLimitIsAGlobalLimitNamedForTheTagAndItsHoldersAreTaskRuns() {
        Reply made = client.post("/api/concurrency_limits/", Map.of("tag", "db", "concurrency_limit", 1));
        assertThat(made.status()).isEqualTo(201);
        assertThat(made.map()).containsEntry("tag", "db").containsEntry("concurrency_limit", 1L)
                .containsEntry("active_slots", List.of());
        String id = made.string("id");
        assertThat(client.get("/api/v2/concurrency_limits/tag:db").string("id")).isEqualTo(id);
        assertThat(client.post("/api/concurrency_limits/", Map.of("tag", "db", "concurrency_limit", 2)).status()).isEqualTo(200);
        create("plain", 1, Map.of());
        assertThat(client.post("/api/concurrency_limits/filter", Map.of()).maps()).extracting(l -> l.get("tag"))
                .containsExactly("db");

        String run = UUID.randomUUID().toString();
        Reply taken = client.post("/api/concurrency_limits/increment", Map.of("names", List.of("db", "free"), "task_run_id", run));
        assertThat(taken.json()).isEqualTo(List.of(Map.of("id", id, "name", "db", "limit", 2L)));
        assertThat(client.get("/api/concurrency_limits/tag/db").at("active_slots")).isEqualTo(List.of(run));
        client.post("/api/concurrency_limits/increment", Map.of("names", List.of("db"), "task_run_id", UUID.randomUUID().toString()));
        Reply full = client.post("/api/concurrency_limits/increment", Map.of("names", List.of("db"), "task_run_id", run));
        assertThat(full.status()).isEqualTo(423);
        assertThat(full.json()).isEqualTo(Map.of("detail", "Concurrency limit for the db tag has been reached"));
        assertThat(full.response().headers().first("Retry-After")).contains("30.0");

        assertThat(client.post("/api/concurrency_limits/decrement", Map.of("names", List.of("db"), "task_run_id", run)).json())
                .isEqualTo(List.of(Map.of("id", id, "name", "tag:db", "limit", 2L)));
        assertThat(activeSlots("tag:db")).isEqualTo(1);
        String other = UUID.randomUUID().toString();
        assertThat(client.post("/api/concurrency_limits/tag/db/reset", Map.of("slot_override", List.of(other))).status())
                .isEqualTo(200);
        assertThat(client.get("/api/concurrency_limits/" + id).at("active_slots")).isEqualTo(List.of(other));
        client.post("/api/concurrency_limits/", Map.of("tag", "zero", "concurrency_limit", 0));
        assertThat(client.post("/api/concurrency_limits/increment", Map.of("names", List.of("zero"), "task_run_id", run)).json())
                .isEqualTo(Map.of("detail", "The concurrency limit on tag \"zero\" is 0 and will deadlock if the task tries to run again."));
        assertThat(client.delete("/api/concurrency_limits/tag/db").status()).isEqualTo(200);
        assertThat(client.get("/api/concurrency_limits/tag/db").json()).isEqualTo(Map.of("detail", "Concurrency limit not found"));
        assertThat(client.post("/api/concurrency_limits/tag/db/reset", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void aTaggedTaskRunHoldsItsTagsSlotWhileRunningAndWaitsWhenItIsFull() {
        client.post("/api/concurrency_limits/", Map.of("tag", "db", "concurrency_limit", 1));
        client.post("/api/concurrency_limits/", Map.of("tag", "off", "concurrency_limit", 0));
        String flowId = client.post("/api/flows/", Map.of("name", "etl")).string("id");
        String flowRunId = client.post("/api/flow_runs/", Map.of("flow_id", flowId)).string("id");
        client.post("/api/flow_runs/" + flowRunId + "/set_state", Map.of("state", Map.of("type", "RUNNING")));
        String first = task(flowRunId, "a", List.of("db"));
        String second = task(flowRunId, "b", List.of("db"));

        assertThat(setState(first, "RUNNING").string("status")).isEqualTo("ACCEPT");
        assertThat(client.get("/api/concurrency_limits/tag/db").at("active_slots")).isEqualTo(List.of(first));
        Reply waits = setState(second, "RUNNING");
        assertThat(waits.string("status")).isEqualTo("WAIT");
        assertThat(waits.string("details.reason")).isEqualTo("Concurrency limit reached for tags: db");
        assertThat(setState(first, "COMPLETED").string("status")).isEqualTo("ACCEPT");
        assertThat(activeSlots("tag:db")).isZero();
        assertThat(setState(second, "RUNNING").string("status")).isEqualTo("ACCEPT");

        Reply aborted = setState(task(flowRunId, "c", List.of("off")), "RUNNING");
        assertThat(aborted.string("status")).isEqualTo("ABORT");
        assertThat(aborted.string("details.reason"))
                .isEqualTo("The concurrency limit on tag \"off\" is 0 and will deadlock if the task tries to run again.");
    }

    private String task(String flowRunId, String key, List<String> tags) {
        return client.post("/api/task_runs/", Map.of("flow_run_id", flowRunId, "task_key", key, "dynamic_key", "0",
                "tags", tags)).string("id");
    }

    private Reply setState(String taskRunId, String type) {
        return client.post("/api/task_runs/" + taskRunId + "/set_state", Map.of("state", Map.of("type", type)));
    }
}
