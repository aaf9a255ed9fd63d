package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.TestClient.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** State transitions through the orchestration rules of Prefect's core flow and task policies. */
class OrchestrationTest extends StoreSuite {
    private final TestClock clock = new TestClock();
    private final PrefectServer server = newServer(clock);
    private final TestClient client = new TestClient(server);
    private String flowId;

    @BeforeEach
    void createFlow() {
        flowId = client.post("/api/flows/", Map.of("name", "etl")).string("id");
    }

    private String flowRun(Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("flow_id", flowId);
        return client.post("/api/flow_runs/", body).string("id");
    }

    private Reply setFlowState(String id, Map<String, Object> state) {
        return client.post("/api/flow_runs/" + id + "/set_state", Map.of("state", state));
    }

    private Reply setFlowState(String id, String type) {
        return setFlowState(id, Map.of("type", type));
    }

    private Reply setTaskState(String id, Map<String, Object> state) {
        return client.post("/api/task_runs/" + id + "/set_state", Map.of("state", state));
    }

    private String taskRun(String flowRunId, String key, Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("flow_run_id", flowRunId);
        body.put("task_key", key);
        body.put("dynamic_key", "0");
        return client.post("/api/task_runs/", body).string("id");
    }

    @Test
    void aFlowRunGoesPendingRunningCompletedWithItsBookkeeping() {
        String id = flowRun(Map.of());
        clock.advance(Duration.ofSeconds(2));
        Reply running = setFlowState(id, "RUNNING");
        assertThat(running.status()).isEqualTo(201);
        assertThat(running.map()).containsEntry("status", "ACCEPT");
        assertThat(running.map().get("details")).isEqualTo(Map.of("type", "accept_details"));
        assertThat(running.string("state.type")).isEqualTo("RUNNING");

        clock.advance(Duration.ofMillis(2500));
        Reply midRun = client.get("/api/flow_runs/" + id);
        assertThat(midRun.map()).containsEntry("run_count", 1L).containsEntry("start_time", "2025-01-01T12:00:02Z")
                .containsEntry("total_run_time", 0.0).containsEntry("estimated_run_time", 2.5)
                .containsEntry("estimated_start_time_delta", 2.0);

        Reply completed = setFlowState(id, "COMPLETED");
        assertThat(completed.status()).isEqualTo(201);
        assertThat(completed.map()).containsEntry("status", "ACCEPT");
        Reply done = client.get("/api/flow_runs/" + id);
        assertThat(done.map()).containsEntry("state_type", "COMPLETED").containsEntry("state_name", "Completed")
                .containsEntry("end_time", "2025-01-01T12:00:04.500Z").containsEntry("total_run_time", 2.5)
                .containsEntry("estimated_run_time", 2.5).containsEntry("run_count", 1L);
    }

    @Test
    void leavingATerminalStateNeedsForce() {
        String id = flowRun(Map.of());
        setFlowState(id, "RUNNING");
        setFlowState(id, "FAILED");
        Reply crash = setFlowState(id, "CRASHED");
        assertThat(crash.status()).isEqualTo(200);
        assertThat(crash.map()).containsEntry("status", "ABORT");
        assertThat(crash.at("details.reason")).isEqualTo("Run is already in terminal state FAILED.");
        assertThat(crash.string("state.type")).isEqualTo("FAILED");

        Reply forced = client.post("/api/flow_runs/" + id + "/set_state",
                Map.of("state", Map.of("type", "CRASHED"), "force", true));
        assertThat(forced.map()).containsEntry("status", "ACCEPT");
        assertThat(forced.string("state.type")).isEqualTo("CRASHED");
    }

    @Test
    void aCompletedRunWithAPersistedResultStaysCompleted() {
        String id = flowRun(Map.of());
        setFlowState(id, "RUNNING");
        setFlowState(id, Map.of("type", "COMPLETED", "data", Map.of("type", "reference", "storage_key", "k")));
        Reply again = setFlowState(id, "RUNNING");
        assertThat(again.map()).containsEntry("status", "REJECT");
        assertThat(again.at("details.reason")).isEqualTo("Run is already COMPLETED.");
        assertThat(again.string("state.type")).isEqualTo("COMPLETED");
        assertThat(again.status()).isEqualTo(200);
    }

    @Test
    void pendingTwiceIsAborted() {
        String id = flowRun(Map.of());
        Reply r = setFlowState(id, "PENDING");
        assertThat(r.map()).containsEntry("status", "ABORT");
        assertThat(r.at("details")).isEqualTo(Map.of("type", "abort_details",
                "reason", "This run is in a PENDING state and cannot transition to a PENDING state."));
        assertThat(setFlowState(id, Map.of("type", "PENDING", "name", "Submitting")).map()).containsEntry("status", "ACCEPT");
    }

    @Test
    void aRepeatedTransitionIdIsRejected() {
        String id = flowRun(Map.of());
        Map<String, Object> running = Map.of("type", "RUNNING",
                "state_details", Map.of("transition_id", "11111111-1111-1111-1111-111111111111"));
        assertThat(setFlowState(id, running).map()).containsEntry("status", "ACCEPT");
        Reply repeat = setFlowState(id, Map.of("type", "COMPLETED",
                "state_details", Map.of("transition_id", "11111111-1111-1111-1111-111111111111")));
        assertThat(repeat.map()).containsEntry("status", "REJECT");
        assertThat(repeat.string("state.type")).isEqualTo("RUNNING");
    }

    private static Map<String, Object> proposal(String type, String transitionId) {
        return Map.of("type", type, "state_details", Map.of("transition_id", transitionId));
    }

    @Test
    void aTaskRunsRepeatedTransitionIdIsRejectedWithItsStateAndNothingIsWrittenTwice() {
        String flowRunId = flowRun(Map.of());
        setFlowState(flowRunId, "RUNNING");
        String id = taskRun(flowRunId, "t", Map.of());
        String tid = "22222222-2222-2222-2222-222222222222";
        assertThat(setTaskState(id, proposal("RUNNING", tid)).map()).containsEntry("status", "ACCEPT");

        Reply repeat = setTaskState(id, proposal("RUNNING", tid));

        assertThat(repeat.map()).containsEntry("status", "REJECT");
        assertThat(repeat.at("details.reason")).isEqualTo("This run has already made this state transition.");
        assertThat(repeat.string("state.type")).isEqualTo("RUNNING");
        assertThat(client.get("/api/task_runs/" + id).map()).containsEntry("run_count", 1L)
                .containsEntry("state_name", "Running");
    }

    @Test
    void aRepeatedFailedProposalAnsweredWithAwaitingRetryGetsTheSameStateNotAFailedRun() {
        String id = flowRun(Map.of("empirical_policy", Map.of("retries", 1, "retry_delay", 30)));
        setFlowState(id, "RUNNING");
        String tid = "33333333-3333-3333-3333-333333333333";
        Reply first = setFlowState(id, proposal("FAILED", tid));
        assertThat(first.string("state.name")).isEqualTo("AwaitingRetry");

        Reply repeat = setFlowState(id, proposal("FAILED", tid));

        assertThat(repeat.map()).containsEntry("status", "REJECT");
        assertThat(repeat.string("state.name")).isEqualTo("AwaitingRetry");
        assertThat(repeat.string("state.id")).isEqualTo(first.string("state.id"));
        assertThat(repeat.at("state.state_details.transition_id")).isNull();
        assertThat(client.get("/api/flow_runs/" + id).map()).containsEntry("state_name", "AwaitingRetry");
    }

    /** Issue 12, finding 9: a run scheduled in year 9999 answered a reason naming java.lang.ArithmeticException. */
    @Test
    void aRunScheduledInYear9999WaitsForItAndEveryViewOfItIsAnswered() {
        String id = flowRun(Map.of("state", Map.of("type", "SCHEDULED",
                "state_details", Map.of("scheduled_time", "9999-12-31T23:59:59Z"))));
        assertThat(setFlowState(id, "PENDING").map()).containsEntry("status", "ACCEPT");

        Reply running = setFlowState(id, "RUNNING");

        assertThat(running.status()).isEqualTo(200);
        assertThat(running.map()).containsEntry("status", "WAIT");
        long untilThen = Duration.between(clock.instant(), java.time.Instant.parse("9999-12-31T23:59:59Z")).getSeconds();
        assertThat(running.at("details")).isEqualTo(Map.of("type", "wait_details", "delay_seconds", untilThen,
                "reason", "Scheduled time is in the future"));
        Reply read = client.get("/api/flow_runs/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.map()).containsEntry("state_name", "Pending") // Prefect 3.9.1's answers, as probed
                .containsEntry("expected_start_time", "9999-12-31T23:59:59Z")
                .containsEntry("next_scheduled_start_time", null)
                .containsEntry("estimated_start_time_delta", 0.0);
        assertThat(client.post("/api/flow_runs/filter", Map.of()).status()).isEqualTo(200);
        Reply lateness = client.post("/api/flow_runs/lateness", Map.of());
        assertThat(lateness.status()).isEqualTo(200);
        assertThat(lateness.text()).isEqualTo("0.0");
        for (Reply reply : List.of(running, read, lateness)) {
            assertThat(reply.text()).doesNotContain("java.").doesNotContain("Exception");
        }
    }

    /** A date-time whose UTC time is in year 10000: Prefect fails in its database layer; jprefect answers 422. */
    @Test
    void aDateTimeBeyondYear9999InUtcIsRefusedWithItsLocation() {
        Reply refused = client.post("/api/flow_runs/", Map.of("flow_id", flowId, "state", Map.of("type", "SCHEDULED",
                "state_details", Map.of("scheduled_time", "9999-12-31T23:59:59-01:00"))));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text()).contains("\"loc\":[\"body\",\"state\",\"state_details\",\"scheduled_time\"],"
                + "\"msg\":\"Input should be a valid datetime, dates after 9999 are not supported\"");
    }

    @Test
    void aFailedFlowRunWithRetriesLeftAwaitsRetryAfterItsDelay() {
        String id = flowRun(Map.of("empirical_policy", Map.of("retries", 1, "retry_delay", 30)));
        setFlowState(id, "RUNNING");
        clock.advance(Duration.ofSeconds(1));
        Reply failed = setFlowState(id, Map.of("type", "FAILED", "message", "boom"));
        assertThat(failed.status()).isEqualTo(201);
        assertThat(failed.map()).containsEntry("status", "REJECT");
        assertThat(failed.at("details.reason")).isEqualTo("Retrying");
        assertThat(failed.string("state.type")).isEqualTo("SCHEDULED");
        assertThat(failed.string("state.name")).isEqualTo("AwaitingRetry");
        assertThat(failed.string("state.message")).isEqualTo("boom");
        assertThat(failed.string("state.state_details.scheduled_time")).isEqualTo("2025-01-01T12:00:31Z");
        assertThat(client.get("/api/flow_runs/" + id).at("empirical_policy.retry_type")).isEqualTo("in_process");

        Reply early = setFlowState(id, "RUNNING");
        assertThat(early.map()).containsEntry("status", "WAIT");
        assertThat(early.at("details")).isEqualTo(Map.of("type", "wait_details", "delay_seconds", 30L,
                "reason", "Scheduled time is in the future"));
        clock.advance(Duration.ofSeconds(30));
        assertThat(setFlowState(id, "RUNNING").map()).containsEntry("status", "ACCEPT");
        assertThat(client.get("/api/flow_runs/" + id).at("run_count")).isEqualTo(2L);

        Reply finalFailure = setFlowState(id, "FAILED");
        assertThat(finalFailure.map()).containsEntry("status", "ACCEPT");
        assertThat(finalFailure.string("state.type")).isEqualTo("FAILED");
    }

    @Test
    void retriesUseTheDeprecatedFieldsWhenTheNewOnesAreUnset() {
        String id = flowRun(Map.of("empirical_policy", Map.of("max_retries", 1, "retry_delay_seconds", 0)));
        setFlowState(id, "RUNNING");
        assertThat(setFlowState(id, "FAILED").string("state.name")).isEqualTo("AwaitingRetry");
    }

    @Test
    void aScheduledRunWaitsForItsTime() {
        String id = flowRun(Map.of("state", Map.of("type", "SCHEDULED",
                "state_details", Map.of("scheduled_time", "2025-01-01T12:01:00Z"))));
        Reply pending = setFlowState(id, "PENDING");
        assertThat(pending.map()).containsEntry("status", "ACCEPT");
        assertThat(pending.string("state.state_details.scheduled_time")).isEqualTo("2025-01-01T12:01:00Z");
        clock.advance(Duration.ofMillis(59_400));
        Reply early = setFlowState(id, "RUNNING");
        assertThat(early.at("details.delay_seconds")).isEqualTo(1L);
        clock.advance(Duration.ofMillis(600));
        assertThat(setFlowState(id, "RUNNING").map()).containsEntry("status", "ACCEPT");
    }

    @Test
    void cancellingAScheduledRunWithoutInfrastructureCancelsIt() {
        String id = flowRun(Map.of("state", Map.of("type", "SCHEDULED")));
        Reply r = setFlowState(id, "CANCELLING");
        assertThat(r.map()).containsEntry("status", "REJECT");
        assertThat(r.string("state.type")).isEqualTo("CANCELLED");
    }

    @Test
    void pausingNeedsARunningRunAndEachPauseKeyFiresOnce() {
        String id = flowRun(Map.of());
        assertThat(setFlowState(id, "PAUSED").at("details.reason")).isEqualTo("Cannot pause flows that are not currently running.");
        setFlowState(id, "RUNNING");
        assertThat(setFlowState(id, Map.of("type", "PAUSED", "state_details", Map.of("pause_key", "p1"))).map())
                .containsEntry("status", "ACCEPT");
        assertThat(client.get("/api/flow_runs/" + id).at("empirical_policy.pause_keys")).isEqualTo(List.of("p1"));
        assertThat(setFlowState(id, "RUNNING").map()).containsEntry("status", "ACCEPT");
        assertThat(client.get("/api/flow_runs/" + id).at("empirical_policy.resuming")).isEqualTo(true);
        assertThat(setFlowState(id, Map.of("type", "PAUSED", "state_details", Map.of("pause_key", "p1"))).at("details.reason"))
                .isEqualTo("This pause has already fired.");
        assertThat(setFlowState(id, "COMPLETED").map()).containsEntry("status", "ACCEPT");
        assertThat(client.get("/api/flow_runs/" + id).at("empirical_policy.resuming")).isEqualTo(false);
    }

    @Test
    void racingRunningProposalsForOneRunAreEachAppliedInTurnAsPrefectDoes() throws Exception {
        int clients = 8;
        for (int round = 0; round < 20; round++) {
            String id = flowRun(Map.of());
            CountDownLatch ready = new CountDownLatch(clients);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<Reply>> replies = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    replies.add(pool.submit(() -> {
                        ready.countDown();
                        assertThat(go.await(10, TimeUnit.SECONDS)).isTrue();
                        return setFlowState(id, "RUNNING");
                    }));
                }
                assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
                go.countDown();
                List<Object> statuses = new ArrayList<>();
                for (Future<Reply> reply : replies) {
                    statuses.add(reply.get(10, TimeUnit.SECONDS).map().get("status"));
                }
                // Prefect accepts Running after Running and counts the run again; the proposals are
                // applied one after the other, so no count is lost.
                assertThat(statuses).containsOnly("ACCEPT").hasSize(clients);
                assertThat(client.get("/api/flow_runs/" + id).at("run_count")).isEqualTo((long) clients);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void tasksRunOnlyWhileTheirFlowRunRuns() {
        String run = flowRun(Map.of());
        String task = taskRun(run, "t", Map.of());
        Reply refused = setTaskState(task, Map.of("type", "RUNNING"));
        assertThat(refused.map()).containsEntry("status", "ABORT");
        assertThat(refused.at("details.reason")).isEqualTo("The enclosing flow must be running to begin task execution.");
        setFlowState(run, "RUNNING");
        Reply accepted = setTaskState(task, Map.of("type", "RUNNING"));
        assertThat(accepted.map()).containsEntry("status", "ACCEPT");
        Reply read = client.get("/api/task_runs/" + task);
        assertThat(read.map()).containsEntry("run_count", 1L).containsEntry("flow_run_run_count", 1L);
        assertThat(read.string("state.state_details.task_run_id")).isEqualTo(task);
        assertThat(read.string("state.state_details.flow_run_id")).isEqualTo(run);
    }

    @Test
    void aFailedTaskWithRetriesLeftAwaitsRetryAndRerunsAsRetrying() {
        String run = flowRun(Map.of());
        setFlowState(run, "RUNNING");
        String task = taskRun(run, "t", Map.of("empirical_policy", Map.of("retries", 2, "retry_delay", List.of(5, 10))));
        setTaskState(task, Map.of("type", "RUNNING"));
        Reply first = setTaskState(task, Map.of("type", "FAILED"));
        assertThat(first.string("state.name")).isEqualTo("AwaitingRetry");
        assertThat(first.string("state.state_details.scheduled_time")).isEqualTo("2025-01-01T12:00:05Z");
        clock.advance(Duration.ofSeconds(5));
        Reply retrying = setTaskState(task, Map.of("type", "RUNNING"));
        assertThat(retrying.map()).containsEntry("status", "ACCEPT");
        assertThat(retrying.string("state.name")).isEqualTo("Retrying");
        Reply second = setTaskState(task, Map.of("type", "FAILED"));
        assertThat(second.string("state.state_details.scheduled_time")).isEqualTo("2025-01-01T12:00:15Z");
        clock.advance(Duration.ofSeconds(10));
        setTaskState(task, Map.of("type", "RUNNING"));
        Reply last = setTaskState(task, Map.of("type", "FAILED"));
        assertThat(last.map()).containsEntry("status", "ACCEPT");
        assertThat(client.get("/api/task_runs/" + task).at("run_count")).isEqualTo(3L);
    }

    @Test
    void aTaskMarkedNotRetriableFailsAtOnce() {
        String run = flowRun(Map.of());
        setFlowState(run, "RUNNING");
        String task = taskRun(run, "t", Map.of("empirical_policy", Map.of("retries", 2)));
        setTaskState(task, Map.of("type", "RUNNING"));
        Reply failed = setTaskState(task, Map.of("type", "FAILED", "state_details", Map.of("retriable", false)));
        assertThat(failed.map()).containsEntry("status", "ACCEPT");
    }

    @Test
    void aCompletedStateWithACacheKeyAnswersALaterRunWithTheSameKey() {
        String run = flowRun(Map.of());
        setFlowState(run, "RUNNING");
        String first = taskRun(run, "compute", Map.of());
        Map<String, Object> keyed = Map.of("cache_key", "abc", "cache_expiration", "2025-01-01T13:00:00Z");
        setTaskState(first, Map.of("type", "RUNNING", "state_details", keyed));
        setTaskState(first, Map.of("type", "COMPLETED", "data", Map.of("type", "reference", "v", 42), "state_details", keyed));

        String second = taskRun(run, "compute-again", Map.of());
        Reply cached = setTaskState(second, Map.of("type", "RUNNING", "state_details", Map.of("cache_key", "abc")));
        assertThat(cached.status()).isEqualTo(201);
        assertThat(cached.map()).containsEntry("status", "REJECT");
        assertThat(cached.at("details.reason")).isEqualTo("Retrieved state from cache");
        assertThat(cached.string("state.type")).isEqualTo("COMPLETED");
        assertThat(cached.string("state.name")).isEqualTo("Cached");
        assertThat(cached.at("state.data")).isEqualTo(Map.of("type", "reference", "v", 42L));
        assertThat(cached.string("state.state_details.task_run_id")).isEqualTo(second);
        // Prefect's SetEndTime sees the Cached state the rule put in place of Running: a final
        // state on a run with no start time sets both times to the state's timestamp.
        String cachedAt = cached.string("state.timestamp");
        assertThat(client.get("/api/task_runs/" + second).map())
                .containsEntry("start_time", cachedAt).containsEntry("end_time", cachedAt);

        String refreshed = taskRun(run, "refresh", Map.of());
        assertThat(setTaskState(refreshed, Map.of("type", "RUNNING",
                "state_details", Map.of("cache_key", "abc", "refresh_cache", true))).map()).containsEntry("status", "ACCEPT");

        clock.advance(Duration.ofHours(2));
        String late = taskRun(run, "late", Map.of());
        assertThat(setTaskState(late, Map.of("type", "RUNNING", "state_details", Map.of("cache_key", "abc"))).map())
                .containsEntry("status", "ACCEPT");
    }

    @Test
    void aSecondRunningOfATaskRunIsAcceptedAsRerunningAsPrefectDoes() {
        String run = flowRun(Map.of());
        setFlowState(run, "RUNNING");
        String task = taskRun(run, "t", Map.of());
        assertThat(setTaskState(task, Map.of("type", "RUNNING")).map()).containsEntry("status", "ACCEPT");
        Reply again = setTaskState(task, Map.of("type", "RUNNING"));
        assertThat(again.map()).containsEntry("status", "ACCEPT");
        assertThat(again.at("state.name")).isEqualTo("Rerunning");
    }

    @Test
    void settingTheStateOfAMissingRunIsNotFound() {
        Reply r = setFlowState("00000000-0000-0000-0000-000000000000", "RUNNING");
        assertThat(r.status()).isEqualTo(404);
        // Prefect's models raise ObjectNotFoundError, which its exception handler renders so.
        assertThat(r.map()).isEqualTo(Map.of("exception_message",
                "Flow run with id 00000000-0000-0000-0000-000000000000 not found"));
        Reply t = setTaskState("00000000-0000-0000-0000-000000000000", Map.of("type", "RUNNING"));
        assertThat(t.status()).isEqualTo(404);
        assertThat(t.map()).isEqualTo(Map.of("exception_message",
                "Task run with id 00000000-0000-0000-0000-000000000000 not found"));
    }
}
