package dev.jprefect.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.server.TestClient.Reply;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /deployments}: the upsert by flow and name, reads, updates, deletes with their scheduled
 * runs, lists, runs made from a deployment, schedules, the runs a runner polls for, and the
 * scheduler and late-runs services on the server's clock, as Prefect 3.9.1 does them.
 */
class DeploymentsTest extends StoreSuite {
    private final TestClock clock = new TestClock(Instant.parse("2025-03-01T12:00:00Z"));
    private final PrefectServer server = newServer(clock);
    private final TestClient client = new TestClient(server);

    private String flow(String name) {
        return client.post("/api/flows/", Map.of("name", name)).string("id");
    }

    private Reply deploy(String flowId, String name, Map<String, Object> more) {
        Map<String, Object> body = new java.util.HashMap<>(more);
        body.put("flow_id", flowId);
        body.put("name", name);
        return client.post("/api/deployments/", body);
    }

    private static Map<String, Object> cron(String cron, String timezone) {
        return Map.of("schedule", Map.of("cron", cron, "timezone", timezone));
    }

    private List<Map<String, Object>> runsOf(String deploymentId) {
        return client.post("/api/flow_runs/filter", Map.of("flow_runs", Map.of("deployment_id", Map.of("any_", List.of(deploymentId))),
                "sort", "EXPECTED_START_TIME_ASC")).maps();
    }

    @Test
    void createIsAnUpsertByFlowAndName() {
        String flowId = flow("etl");
        Reply created = deploy(flowId, "nightly", Map.of("tags", List.of("prod"), "parameters", Map.of("day", "today"),
                "schedules", List.of(cron("0 2 * * *", "Europe/Zurich"))));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.map()).containsEntry("name", "nightly").containsEntry("flow_id", flowId)
                .containsEntry("paused", false).containsEntry("status", "NOT_READY").containsEntry("tags", List.of("prod"))
                .containsEntry("enforce_parameter_schema", true).containsEntry("job_variables", Map.of())
                .containsEntry("labels", Map.of("prefect.flow.id", flowId)).containsEntry("work_queue_id", null);
        assertThat(maps(created, "schedules")).singleElement().satisfies(s -> assertThat(s)
                .containsEntry("schedule", Map.of("cron", "0 2 * * *", "timezone", "Europe/Zurich", "day_or", true))
                .containsEntry("active", true).containsEntry("deployment_id", created.string("id")));

        clock.advance(Duration.ofSeconds(1));
        Reply again = deploy(flowId, "nightly", Map.of("description", "d", "schedules", List.of()));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.string("id")).isEqualTo(created.string("id"));
        assertThat(again.map()).containsEntry("description", "d").containsEntry("tags", List.of("prod"))
                .containsEntry("schedules", List.of());
        assertThat(client.get("/api/deployments/name/etl/nightly").map()).isEqualTo(again.map());
        assertThat(client.get("/api/deployments/" + created.string("id")).map()).isEqualTo(again.map());
    }

    @Test
    void missingDeploymentsAndBadInputAnswerAsPrefect() {
        String flowId = flow("etl");
        assertThat(client.get("/api/deployments/name/etl/none").json()).isEqualTo(Map.of("detail", "Deployment not found"));
        String missing = "/api/deployments/00000000-0000-0000-0000-000000000000";
        assertThat(client.get(missing).status()).isEqualTo(404);
        assertThat(client.patch(missing, Map.of()).json()).isEqualTo(Map.of("detail", "Deployment not found."));
        assertThat(client.get(missing + "/schedules").json()).isEqualTo(Map.of("detail", "Deployment not found."));
        assertThat(client.post(missing + "/pause_deployment", null).status()).isEqualTo(404);

        Reply badCron = deploy(flowId, "d", Map.of("schedules", List.of(cron("0 25 * * *", "UTC"))));
        assertThat(badCron.status()).isEqualTo(422);
        List<Map<String, Object>> problems = maps(badCron, "exception_detail");
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.get("loc")).isEqualTo(List.of("body", "schedules", 0L, "schedule", "function-after[validate_timezone(), CronSchedule]", "cron"));
            assertThat(p.get("msg")).isEqualTo("Value error, Invalid cron string: \"0 25 * * *\"");
        });
        Reply badZone = deploy(flowId, "d", Map.of("schedules", List.of(cron("0 2 * * *", "Mars/Olympus"))));
        assertThat(badZone.status()).isEqualTo(422);
        assertThat(badZone.text()).contains("Invalid timezone: \\\"Mars/Olympus\\\"");
        assertThat(deploy(flowId, "d", Map.of("work_pool_name", "nowhere")).json())
                .isEqualTo(Map.of("detail", "Work pool \"nowhere\" not found."));
        assertThat(client.post("/api/deployments/count", Map.of()).json()).isEqualTo(0L); // nothing half-registered
    }

    @Test
    void listsFilterByNameTagsAndPausedAndByFlow() {
        String etl = flow("etl");
        String other = flow("other");
        deploy(etl, "a", Map.of("tags", List.of("prod", "eu")));
        deploy(etl, "b", Map.of("paused", true));
        deploy(other, "c", Map.of("tags", List.of("prod")));
        assertThat(names(client.post("/api/deployments/filter", Map.of()))).containsExactly("a", "b", "c");
        assertThat(names(client.post("/api/deployments/filter", Map.of("sort", "NAME_DESC",
                "deployments", Map.of("tags", Map.of("all_", List.of("prod"))))))).containsExactly("c", "a");
        assertThat(names(client.post("/api/deployments/filter", Map.of("deployments", Map.of("paused", Map.of("eq_", true))))))
                .containsExactly("b");
        assertThat(names(client.post("/api/deployments/filter", Map.of("flows", Map.of("name", Map.of("any_", List.of("etl")))))))
                .containsExactly("a", "b");
        assertThat(client.post("/api/deployments/count", Map.of("deployments", Map.of("name", Map.of("like_", "B")))).json())
                .isEqualTo(1L);
        Reply page = client.post("/api/deployments/paginate", Map.of("limit", 2, "page", 2));
        assertThat(page.map()).containsEntry("count", 3L).containsEntry("pages", 2L).containsEntry("page", 2L);
        assertThat(names(new Reply(200, page.response(), page.map().get("results")))).containsExactly("c");
        assertThat(client.post("/api/flows/filter", Map.of("flows", Map.of("deployment", Map.of("is_null_", false))))
                .maps()).hasSize(2);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Reply reply, String key) {
        return (List<Map<String, Object>>) reply.map().get(key);
    }

    private static List<Object> names(Reply reply) {
        return reply.maps().stream().map(d -> d.get("name")).toList();
    }

    @Test
    void aRunFromADeploymentTakesItsParametersTagsAndIsScheduledNow() {
        String flowId = flow("etl");
        String id = deploy(flowId, "manual", Map.of("parameters", Map.of("day", "mon", "n", 1), "tags", List.of("prod"),
                "enforce_parameter_schema", false)).string("id");
        Reply run = client.post("/api/deployments/" + id + "/create_flow_run", Map.of("parameters", Map.of("n", 2),
                "tags", List.of("adhoc")));
        assertThat(run.status()).isEqualTo(201);
        assertThat(run.map()).containsEntry("deployment_id", id).containsEntry("flow_id", flowId)
                .containsEntry("parameters", Map.of("day", "mon", "n", 2L)).containsEntry("tags", List.of("prod", "adhoc"))
                .containsEntry("state_type", "SCHEDULED").containsEntry("auto_scheduled", false)
                .containsEntry("expected_start_time", clock.instant().toString());
        assertThat(run.map().get("labels")).isEqualTo(Map.of("prefect.flow.id", flowId, "prefect.deployment.id", id));

        Map<String, Object> noSchema = new java.util.HashMap<>();
        noSchema.put("parameter_openapi_schema", null);
        String enforced = deploy(flowId, "enforced", noSchema).string("id");
        assertThat(client.post("/api/deployments/" + enforced + "/create_flow_run", Map.of()).json()).isEqualTo(Map.of(
                "detail", "Error updating deployment: Cannot update parameters because parameter schema enforcement is"
                        + " enabled and the deployment does not have a valid parameter schema."));

        Reply due = client.post("/api/deployments/get_scheduled_flow_runs", Map.of("deployment_ids", List.of(id),
                "scheduled_before", clock.instant().plusSeconds(1).toString()));
        assertThat(due.maps()).extracting(r -> r.get("id")).containsExactly(run.string("id"));
        assertThat(client.get("/api/deployments/" + id).map()).containsEntry("status", "READY")
                .containsEntry("last_polled", clock.instant().toString());
    }

    @Test
    void runsFlowsAndTaskRunsAreFilteredByTheirDeployment() {
        String flowId = flow("etl");
        String other = flow("other");
        String nightly = deploy(flowId, "nightly", Map.of("tags", List.of("prod"))).string("id");
        String run = client.post("/api/deployments/" + nightly + "/create_flow_run", Map.of()).string("id");
        String task = client.post("/api/task_runs/", Map.of("flow_run_id", run, "task_key", "t", "dynamic_key", "0")).string("id");
        client.post("/api/flow_runs/", Map.of("flow_id", flowId)); // no deployment
        client.post("/api/flow_runs/", Map.of("flow_id", other));

        Map<String, Object> byId = Map.of("deployments", Map.of("operator", "and_", "id", Map.of("any_", List.of(nightly))));
        assertThat(client.post("/api/flow_runs/filter", byId).maps()).extracting(r -> r.get("id")).containsExactly(run);
        assertThat(client.post("/api/flow_runs/count", byId).json()).isEqualTo(1L);
        assertThat(client.post("/api/flow_runs/paginate", byId).at("count")).isEqualTo(1L);
        assertThat(client.post("/api/task_runs/filter", byId).maps()).extracting(r -> r.get("id")).containsExactly(task);
        Map<String, Object> byTag = Map.of("deployments", Map.of("tags", Map.of("all_", List.of("prod"))));
        assertThat(client.post("/api/flows/filter", byTag).maps()).extracting(f -> f.get("id")).containsExactly(flowId);
        assertThat(client.post("/api/flow_runs/filter", Map.of("deployments", Map.of())).maps()).hasSize(1); // runs of any deployment

        deploy(other, "hourly", Map.of());
        for (String like : List.of("ETL", "night")) { // the V2 UI's search: the flow's or the deployment's name
            Map<String, Object> search = Map.of("deployments", Map.of("operator", "and_", "flow_or_deployment_name",
                    Map.of("like_", like), "tags", Map.of("operator", "and_", "all_", List.of())));
            assertThat(client.post("/api/deployments/filter", search).maps()).extracting(d -> d.get("name")).containsExactly("nightly");
        }
        assertThat(client.post("/api/deployments/count", Map.of("deployments", Map.of("flow_or_deployment_name", Map.of())))
                .json()).isEqualTo(2L);

        Reply invalid = client.post("/api/flow_runs/filter", Map.of("deployments", Map.of("id", Map.of("any_", List.of("x")))));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.at("exception_detail.0.loc")).isEqualTo(List.of("body", "deployments", "id", "any_", 0L));
    }

    @Test
    void runsFlowsTaskRunsAndArtifactsAreFilteredByTheirPoolQueueAndDeployment() {
        client.post("/api/work_pools/", Map.of("name", "java", "type", "process"));
        client.post("/api/work_pools/java/queues", Map.of("name", "urgent"));
        String flow = client.post("/api/flows/", Map.of("name", "etl")).string("id");
        String other = client.post("/api/flows/", Map.of("name", "other")).string("id");
        String deployment = client.post("/api/deployments/", Map.of("name", "d", "flow_id", flow, "work_pool_name", "java",
                "work_queue_name", "urgent", "enforce_parameter_schema", false)).string("id");
        String run = client.post("/api/deployments/" + deployment + "/create_flow_run", Map.of()).string("id");
        Reply taskRun = client.post("/api/task_runs/", Map.of("flow_run_id", run, "task_key", "t", "dynamic_key", "0"));
        String task = taskRun.string("id");
        assertThat(taskRun.map().get("labels")).isEqualTo(Map.of("prefect.flow.id", flow, "prefect.deployment.id", deployment,
                "prefect.flow-run.id", run)); // its flow run's labels, as Prefect's
        client.post("/api/artifacts/", Map.of("type", "markdown", "data", "x", "flow_run_id", run));
        String loose = client.post("/api/flow_runs/", Map.of("flow_id", other)).string("id"); // in no queue
        client.post("/api/task_runs/", Map.of("flow_run_id", loose, "task_key", "t", "dynamic_key", "0"));
        client.post("/api/artifacts/", Map.of("type", "markdown", "data", "y", "flow_run_id", loose));

        Map<String, Object> inJava = Map.of("name", Map.of("any_", List.of("java")));
        Map<String, Object> urgent = Map.of("name", Map.of("any_", List.of("urgent")));
        assertThat(client.post("/api/flow_runs/filter", Map.of("work_pools", inJava)).maps())
                .extracting(r -> r.get("id")).containsExactly(run);
        assertThat(client.post("/api/flow_runs/count", Map.of("work_pool_queues", urgent)).json()).isEqualTo(1L);
        assertThat(client.post("/api/flow_runs/count", Map.of("work_pools", inJava, "work_pool_queues",
                Map.of("name", Map.of("any_", List.of("default"))))).json()).isEqualTo(0L);
        assertThat(client.post("/api/flow_runs/count", Map.of("work_pools", Map.of())).json())
                .isEqualTo(1L); // an empty filter is one: the runs in a queue
        assertThat(client.post("/api/flows/filter", Map.of("work_pools", inJava)).maps())
                .extracting(f -> f.get("id")).containsExactly(flow);
        assertThat(client.post("/api/flows/count", Map.of("work_pools", inJava, "deployments",
                Map.of("name", Map.of("any_", List.of("none"))))).json()).isEqualTo(0L); // one deployment for both
        assertThat((List<?>) client.post("/api/flow_runs/history", Map.of("history_start", "2025-03-01T00:00:00Z",
                "history_end", "2025-03-02T00:00:00Z", "history_interval_seconds", 86400, "work_queues", urgent))
                .maps().get(0).get("states")).hasSize(1);
        assertThat(client.post("/api/ui/task_runs/dashboard/counts", Map.of("task_runs", Map.of("start_time",
                Map.of("after_", "2025-03-01T00:00:00Z")), "work_pools", inJava)).status()).isEqualTo(200);
        assertThat(client.post("/api/deployments/count", Map.of("task_runs", Map.of("id", Map.of("any_", List.of(task)))))
                .json()).isEqualTo(1L);
        Map<String, Object> ofDeployment = Map.of("deployments", Map.of("id", Map.of("any_", List.of(deployment))));
        assertThat(client.post("/api/artifacts/filter", ofDeployment).maps()).extracting(a -> a.get("data"))
                .containsExactly("x");
        assertThat(client.post("/api/artifacts/count", ofDeployment).json()).isEqualTo(1L);

        Reply invalid = client.post("/api/flow_runs/filter", Map.of("work_pool_queues", Map.of("id", Map.of("any_", List.of("x")))));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.at("exception_detail.0.loc")).isEqualTo(List.of("body", "work_pool_queues", "id", "any_", 0L));
        assertThat(client.post("/api/flows/count", Map.of("work_pools", Map.of("bogus", 1))).at("exception_detail.0.type"))
                .isEqualTo("extra_forbidden");
    }

    @Test
    void theSchedulerMakesRunsAheadOnceAndNightlyRunsAreAt2InTheirTimeZone() {
        String flowId = flow("etl");
        String id = deploy(flowId, "nightly", Map.of("schedules", List.of(cron("0 2 * * *", "Europe/Zurich")),
                "tags", List.of("prod"))).string("id");
        server.runServices();
        List<Map<String, Object>> runs = runsOf(id);
        // min_runs 3, min_scheduled_time 1 hour: three nights
        assertThat(runs).hasSize(3).allSatisfy(r -> {
            assertThat(r).containsEntry("auto_scheduled", true).containsEntry("state_name", "Scheduled")
                    .containsEntry("tags", List.of("auto-scheduled", "prod"));
            ZonedDateTime at = Instant.parse((String) r.get("expected_start_time")).atZone(ZoneId.of("Europe/Zurich"));
            assertThat(at.getHour()).isEqualTo(2);
            assertThat(at.getMinute()).isZero();
        });
        assertThat(runs.get(0).get("expected_start_time")).isEqualTo("2025-03-02T01:00:00Z");
        Object scheduleId = maps(client.get("/api/deployments/" + id), "schedules").get(0).get("id");
        assertThat(runs.get(0).get("created_by")).isEqualTo(Map.of("id", scheduleId, "type", "SCHEDULE",
                "display_value", "CronSchedule"));

        server.runServices(); // idempotent: enough runs ahead, nothing more
        assertThat(runsOf(id)).hasSize(3);

        client.post("/api/deployments/" + id + "/pause_deployment", null);
        assertThat(runsOf(id)).isEmpty();
        server.runServices();
        assertThat(runsOf(id)).isEmpty(); // paused deployments schedule nothing
        client.post("/api/deployments/" + id + "/resume_deployment", null);
        server.runServices();
        assertThat(runsOf(id)).hasSize(3);
    }

    @Test
    void inactiveSchedulesScheduleNothingAndScheduleRoutesChangeThem() {
        String flowId = flow("etl");
        String id = deploy(flowId, "d", Map.of()).string("id");
        Reply added = client.post("/api/deployments/" + id + "/schedules", List.of(Map.of("schedule",
                Map.of("interval", 3600, "anchor_date", "2025-01-01T00:30:00Z"), "active", false, "slug", "hourly")));
        assertThat(added.status()).isEqualTo(201);
        Map<String, Object> schedule = added.maps().get(0);
        assertThat(schedule.get("schedule")).isEqualTo(Map.of("interval", 3600.0, "anchor_date", "2025-01-01T00:30:00Z",
                "timezone", "UTC"));
        server.runServices();
        assertThat(runsOf(id)).isEmpty();

        String path = "/api/deployments/" + id + "/schedules/" + schedule.get("id");
        assertThat(client.patch(path, Map.of("active", true)).status()).isEqualTo(204);
        server.runServices();
        // from 12:00, every hour at :30 until at least 13:00 and three runs
        assertThat(runsOf(id)).extracting(r -> r.get("expected_start_time"))
                .containsExactly("2025-03-01T12:30:00Z", "2025-03-01T13:30:00Z", "2025-03-01T14:30:00Z");
        assertThat(client.post("/api/deployments/" + id + "/schedules", List.of(Map.of("schedule",
                Map.of("interval", 60), "slug", "hourly"))).json())
                .isEqualTo(Map.of("detail", "Schedule slugs must be unique within a deployment."));

        assertThat(client.delete(path).status()).isEqualTo(204);
        assertThat(runsOf(id)).isEmpty(); // the schedule's runs that had not started go with it
        assertThat(client.delete(path).json()).isEqualTo(Map.of("detail", "Schedule not found."));
        assertThat(client.get("/api/deployments/" + id + "/schedules").maps()).isEmpty();
    }

    @Test
    void cronFollowsDaylightSavingTimeAsPrefectDoes() {
        clock.advance(Duration.ofDays(7)); // 2025-03-08 12:00 UTC; New York springs forward on 9 March at 02:00
        String flowId = flow("etl");
        String id = deploy(flowId, "d", Map.of("schedules", List.of(cron("30 2 * * *", "America/New_York")))).string("id");
        server.runServices();
        // 02:30 does not exist on 9 March: that night's run is at 03:30 EDT, the next nights at 02:30 EDT
        assertThat(runsOf(id)).extracting(r -> r.get("expected_start_time"))
                .containsExactly("2025-03-09T07:30:00Z", "2025-03-10T06:30:00Z", "2025-03-11T06:30:00Z");
    }

    @Test
    void cronReadsCronitersLastDayAndNthWeekday() {
        String flowId = flow("etl");
        String last = deploy(flowId, "month-end", Map.of("schedules", List.of(cron("0 9 L * *", "UTC")))).string("id");
        String first = deploy(flowId, "first-monday", Map.of("schedules", List.of(cron("0 9 * * 1#1", "UTC")))).string("id");
        server.runServices();
        // the dates Prefect 3.9.1's vendored croniter gives from 2025-03-01 12:00
        assertThat(runsOf(last)).extracting(r -> r.get("expected_start_time"))
                .containsExactly("2025-03-31T09:00:00Z", "2025-04-30T09:00:00Z", "2025-05-31T09:00:00Z");
        assertThat(runsOf(first)).extracting(r -> r.get("expected_start_time"))
                .containsExactly("2025-03-03T09:00:00Z", "2025-04-07T09:00:00Z", "2025-05-05T09:00:00Z");
    }

    @Test
    void overdueScheduledRunsBecomeLate() {
        String flowId = flow("etl");
        String id = deploy(flowId, "d", Map.of("enforce_parameter_schema", false)).string("id");
        String run = client.post("/api/deployments/" + id + "/create_flow_run", Map.of()).string("id");
        clock.advance(Duration.ofSeconds(14)); // late at PREFECT_SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS (15) past its time
        server.runServices();
        assertThat(client.get("/api/flow_runs/" + run).map()).containsEntry("state_name", "Scheduled");
        clock.advance(Duration.ofSeconds(1));
        server.runServices();
        Reply late = client.get("/api/flow_runs/" + run);
        assertThat(late.map()).containsEntry("state_type", "SCHEDULED").containsEntry("state_name", "Late");
        assertThat(late.string("state.state_details.scheduled_time")).isEqualTo("2025-03-01T12:00:00Z");
    }

    @Test
    void deletingADeploymentDeletesItsScheduledRunsAndUnlinksTheOthers() {
        String flowId = flow("etl");
        String id = deploy(flowId, "d", Map.of("enforce_parameter_schema", false,
                "schedules", List.of(cron("0 * * * *", "UTC")))).string("id");
        server.runServices();
        String started = client.post("/api/deployments/" + id + "/create_flow_run", Map.of(
                "state", Map.of("type", "RUNNING"))).string("id");
        assertThat(runsOf(id)).hasSize(4);
        assertThat(client.delete("/api/deployments/" + id).status()).isEqualTo(204);
        assertThat(client.post("/api/flow_runs/filter", Map.of()).maps()).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("id", started).containsEntry("deployment_id", null));
        assertThat(client.get("/api/deployments/" + id).status()).isEqualTo(404);
    }
}
