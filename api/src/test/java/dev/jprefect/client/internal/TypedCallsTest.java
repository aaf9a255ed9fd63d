package dev.jprefect.client.internal;

import static dev.jprefect.client.internal.Clients.NO_JITTER;
import static dev.jprefect.client.internal.Clients.client;
import static dev.jprefect.client.internal.Clients.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.ArtifactCollectionFilter;
import dev.jprefect.client.schemas.ArtifactCollectionQuery;
import dev.jprefect.client.schemas.ArtifactCreate;
import dev.jprefect.client.schemas.ArtifactFilter;
import dev.jprefect.client.schemas.ArtifactQuery;
import dev.jprefect.client.schemas.ArtifactSort;
import dev.jprefect.client.schemas.ArtifactUpdate;
import dev.jprefect.client.schemas.BooleanFilter;
import dev.jprefect.client.schemas.CronSchedule;
import dev.jprefect.client.schemas.Deployment;
import dev.jprefect.client.schemas.DeploymentCreate;
import dev.jprefect.client.schemas.DeploymentFilter;
import dev.jprefect.client.schemas.DeploymentFlowRunCreate;
import dev.jprefect.client.schemas.DeploymentPage;
import dev.jprefect.client.schemas.DeploymentQuery;
import dev.jprefect.client.schemas.DeploymentSchedule;
import dev.jprefect.client.schemas.DeploymentScheduleCreate;
import dev.jprefect.client.schemas.DeploymentScheduleUpdate;
import dev.jprefect.client.schemas.DeploymentSort;
import dev.jprefect.client.schemas.DeploymentUpdate;
import dev.jprefect.client.schemas.IntervalSchedule;
import dev.jprefect.client.schemas.RRuleSchedule;
import dev.jprefect.client.schemas.TagsFilter;
import dev.jprefect.client.schemas.WorkPool;
import dev.jprefect.client.schemas.WorkPoolCreate;
import dev.jprefect.client.schemas.WorkPoolFilter;
import dev.jprefect.client.schemas.WorkQueueCreate;
import dev.jprefect.client.schemas.WorkQueueFilter;
import dev.jprefect.client.schemas.FlowCreate;
import dev.jprefect.client.schemas.FlowQuery;
import dev.jprefect.client.schemas.FlowRunCreate;
import dev.jprefect.client.schemas.FlowRunFilter;
import dev.jprefect.client.schemas.FlowRunQuery;
import dev.jprefect.client.schemas.FlowRunSort;
import dev.jprefect.client.schemas.FlowRunUpdate;
import dev.jprefect.client.schemas.IdFilter;
import dev.jprefect.client.schemas.LogCreate;
import dev.jprefect.client.schemas.LogFilter;
import dev.jprefect.client.schemas.LogQuery;
import dev.jprefect.client.schemas.SetStateStatus;
import dev.jprefect.client.schemas.StateCreate;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.client.schemas.StringFilter;
import dev.jprefect.client.schemas.TaskRunCreate;
import dev.jprefect.client.schemas.TaskRunQuery;
import dev.jprefect.client.schemas.TaskRunUpdate;
import dev.jprefect.client.schemas.VariableCreate;
import dev.jprefect.client.schemas.VariableQuery;
import dev.jprefect.client.schemas.VariableUpdate;
import dev.jprefect.transport.ApiRequest;
import dev.jprefect.transport.ApiResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each typed call sends the route, method and body of Prefect's OpenAPI schema and reads its answer. */
class TypedCallsTest {
    private static final UUID ID = UUID.fromString("5f1b5c8e-6d0a-4a57-9d3c-1a2b3c4d5e6f");
    private static final String FLOW = "{\"id\":\"" + ID + "\",\"name\":\"etl\"}";
    private static final String RUN = "{\"id\":\"" + ID + "\",\"flow_id\":\"" + ID + "\",\"name\":\"r\"}";
    private static final String TASK = "{\"id\":\"" + ID + "\",\"task_key\":\"k\",\"dynamic_key\":\"0\"}";
    private static final String STATE = "{\"id\":\"" + ID + "\",\"type\":\"RUNNING\",\"timestamp\":\"2024-06-01T12:00:00Z\"}";
    private static final String RESULT = "{\"status\":\"ACCEPT\",\"state\":" + STATE + ",\"details\":{\"type\":\"accept_details\"}}";
    private static final String VARIABLE = "{\"id\":\"" + ID + "\",\"name\":\"v\",\"value\":42}";

    private ApiRequest last;

    private PrefectClient answering(String json) {
        ScriptedTransport transport = new ScriptedTransport().otherwise(r -> {
            last = r;
            return ApiResponse.json(200, json);
        });
        return client(transport, new VirtualSleeper(),
                settings(NO_JITTER, "PREFECT_CLIENT_CSRF_SUPPORT_ENABLED", "false")).blocking();
    }

    private void sent(String method, String pathAndQuery, String body) {
        assertThat(last.method() + " " + last.path() + (last.rawQuery() == null ? "" : "?" + last.rawQuery()))
                .isEqualTo(method + " " + pathAndQuery);
        assertThat(last.bodyAsString()).isEqualTo(body);
    }

    private void check(String answer, Consumer<PrefectClient> call, String method, String path, String body) {
        call.accept(answering(answer));
        sent(method, path, body);
    }

    @Test
    void healthAndVersions() {
        assertThat(answering("true").health()).isTrue();
        sent("GET", "/api/health", "");
        assertThat(answering("\"3.4.0\"").serverVersion()).isEqualTo("3.4.0");
        sent("GET", "/api/admin/version", "");
        assertThat(answering("\"0.8.4\"").apiVersion()).isEqualTo("0.8.4");
        sent("GET", "/api/version", "");
    }

    @Test
    void flows() {
        assertThat(answering(FLOW).createFlow(FlowCreate.of("etl")).name()).isEqualTo("etl");
        sent("POST", "/api/flows/", "{\"name\":\"etl\",\"tags\":[]}");
        assertThat(answering(FLOW).readFlow(ID).id()).isEqualTo(ID);
        sent("GET", "/api/flows/" + ID, "");
        answering(FLOW).readFlowByName("my flow/v2");
        sent("GET", "/api/flows/name/my%20flow%2Fv2", "");
        assertThat(answering("[" + FLOW + "]").readFlows(FlowQuery.all().withLimit(3))).hasSize(1);
        sent("POST", "/api/flows/filter", "{\"limit\":3}");
        check("", c -> c.deleteFlow(ID), "DELETE", "/api/flows/" + ID, "");
    }

    @Test
    void flowRuns() {
        assertThat(answering(RUN).createFlowRun(FlowRunCreate.of(ID).withName("r")).flowId()).isEqualTo(ID);
        assertThat(last.method() + " " + last.path()).isEqualTo("POST /api/flow_runs/");
        assertThat(last.bodyAsString()).contains("\"flow_id\":\"" + ID + "\"").contains("\"name\":\"r\"");
        assertThat(answering(RUN).readFlowRun(ID).name()).isEqualTo("r");
        sent("GET", "/api/flow_runs/" + ID, "");
        check("", c -> c.updateFlowRun(ID, FlowRunUpdate.empty().withName("n")), "PATCH", "/api/flow_runs/" + ID,
                "{\"name\":\"n\"}");
        FlowRunQuery query = FlowRunQuery.all().withFlowRuns(FlowRunFilter.all().withId(IdFilter.anyOf(ID)))
                .withSort(FlowRunSort.NAME_ASC).withOffset(1).withLimit(2);
        assertThat(answering("[" + RUN + "]").readFlowRuns(query)).hasSize(1);
        sent("POST", "/api/flow_runs/filter", "{\"flow_runs\":{\"id\":{\"any_\":[\"" + ID + "\"]}},\"sort\":\"NAME_ASC\","
                + "\"offset\":1,\"limit\":2}");
        assertThat(answering("7").countFlowRuns(query)).isEqualTo(7);
        sent("POST", "/api/flow_runs/count", "{\"flow_runs\":{\"id\":{\"any_\":[\"" + ID + "\"]}}}");
        check("", c -> c.deleteFlowRun(ID), "DELETE", "/api/flow_runs/" + ID, "");
        assertThat(answering(RESULT).setFlowRunState(ID, withTransitionId(StateCreate.of(StateType.RUNNING)), true)
                .status()).isEqualTo(SetStateStatus.ACCEPT);
        sent("POST", "/api/flow_runs/" + ID + "/set_state",
                "{\"state\":{\"type\":\"RUNNING\",\"name\":\"Running\",\"state_details\":{\"transition_id\":\""
                        + TRANSITION + "\"}},\"force\":true}");
        assertThat(answering("[" + STATE + "]").readFlowRunStates(ID)).singleElement()
                .satisfies(s -> assertThat(s.type()).isEqualTo(StateType.RUNNING));
        sent("GET", "/api/flow_run_states/?flow_run_id=" + ID, "");
    }

    private static final UUID TRANSITION = UUID.fromString("77777777-7777-4777-8777-777777777777");

    private static StateCreate withTransitionId(StateCreate proposal) {
        return proposal.withStateDetails(proposal.stateDetails().withTransitionId(TRANSITION));
    }

    /** Issue 12, finding 8: as Prefect's client, a fresh transition id per proposal, for the server to spot a retry. */
    @Test
    void eachProposalWithoutATransitionIdGetsAFreshOne() {
        PrefectClient client = answering(RESULT);
        client.setFlowRunState(ID, StateCreate.of(StateType.RUNNING), false);
        String first = last.bodyAsString();
        client.setTaskRunState(ID, StateCreate.of(StateType.RUNNING), false);
        String second = last.bodyAsString();

        Pattern id = Pattern.compile("\"transition_id\":\"([0-9a-f-]{36})\"");
        Matcher a = id.matcher(first);
        Matcher b = id.matcher(second);
        assertThat(a.find()).as(first).isTrue();
        assertThat(b.find()).as(second).isTrue();
        assertThat(a.group(1)).isNotEqualTo(b.group(1));
    }

    @Test
    void taskRuns() {
        assertThat(answering(TASK).createTaskRun(TaskRunCreate.of(ID, "k", "0")).taskKey()).isEqualTo("k");
        assertThat(last.method() + " " + last.path()).isEqualTo("POST /api/task_runs/");
        assertThat(last.bodyAsString()).contains("\"task_key\":\"k\"").contains("\"dynamic_key\":\"0\"");
        assertThat(answering(TASK).readTaskRun(ID).id()).isEqualTo(ID);
        sent("GET", "/api/task_runs/" + ID, "");
        check("", c -> c.updateTaskRun(ID, TaskRunUpdate.ofName("t")), "PATCH", "/api/task_runs/" + ID, "{\"name\":\"t\"}");
        assertThat(answering("[" + TASK + "]").readTaskRuns(TaskRunQuery.all())).hasSize(1);
        sent("POST", "/api/task_runs/filter", "{}");
        assertThat(answering("3").countTaskRuns(TaskRunQuery.all())).isEqualTo(3);
        sent("POST", "/api/task_runs/count", "{}");
        check("", c -> c.deleteTaskRun(ID), "DELETE", "/api/task_runs/" + ID, "");
        answering(RESULT).setTaskRunState(ID, withTransitionId(StateCreate.of(StateType.COMPLETED)), false);
        sent("POST", "/api/task_runs/" + ID + "/set_state",
                "{\"state\":{\"type\":\"COMPLETED\",\"name\":\"Completed\",\"state_details\":{\"transition_id\":\""
                        + TRANSITION + "\"}},\"force\":false}");
        assertThat(answering("[" + STATE + "]").readTaskRunStates(ID)).hasSize(1);
        sent("GET", "/api/task_run_states/?task_run_id=" + ID, "");
    }

    @Test
    void logs() {
        OffsetDateTime at = OffsetDateTime.of(2024, 6, 1, 12, 0, 0, 0, ZoneOffset.UTC);
        check("", c -> c.createLogs(List.of(new LogCreate("l", 20, "hi", at, ID, null))), "POST", "/api/logs/",
                "[{\"name\":\"l\",\"level\":20,\"message\":\"hi\",\"timestamp\":\"2024-06-01T12:00:00Z\","
                        + "\"flow_run_id\":\"" + ID + "\"}]");
        assertThat(answering("[{\"name\":\"l\",\"level\":20,\"message\":\"hi\",\"timestamp\":\"2024-06-01T12:00:00Z\"}]")
                .readLogs(LogQuery.of(LogFilter.all().withFlowRunId(IdFilter.anyOf(ID))))).hasSize(1);
        sent("POST", "/api/logs/filter", "{\"logs\":{\"flow_run_id\":{\"any_\":[\"" + ID + "\"]}}}");
    }

    @Test
    void variables() {
        assertThat(answering(VARIABLE).createVariable(VariableCreate.of("v", 42)).value()).isEqualTo(42L);
        sent("POST", "/api/variables/", "{\"name\":\"v\",\"value\":42,\"tags\":[]}");
        assertThat(answering(VARIABLE).readVariableByName("v")).isPresent();
        sent("GET", "/api/variables/name/v", "");
        check("", c -> c.updateVariableByName("v", VariableUpdate.ofValue("x")), "PATCH", "/api/variables/name/v",
                "{\"value\":\"x\"}");
        check("", c -> c.deleteVariableByName("v"), "DELETE", "/api/variables/name/v", "");
        assertThat(answering("[" + VARIABLE + "]").readVariables(VariableQuery.all())).hasSize(1);
        sent("POST", "/api/variables/filter", "{}");
    }

    private static final String ARTIFACT = "{\"id\":\"" + ID + "\",\"key\":\"report\",\"type\":\"markdown\","
            + "\"data\":\"# hi\",\"metadata_\":{\"a\":\"b\"},\"flow_run_id\":\"" + ID + "\"}";
    private static final String COLLECTION = "{\"id\":\"" + ID + "\",\"key\":\"report\",\"latest_id\":\"" + ID
            + "\",\"type\":\"progress\",\"data\":50.5}";

    @Test
    void artifacts() {
        var created = answering(ARTIFACT).createArtifact(ArtifactCreate.of("markdown", "# hi").withKey("report")
                .withRuns(ID, null));
        assertThat(created.metadata()).containsEntry("a", "b");
        assertThat(created.flowRunId()).isEqualTo(ID);
        sent("POST", "/api/artifacts/", "{\"key\":\"report\",\"type\":\"markdown\",\"data\":\"# hi\","
                + "\"flow_run_id\":\"" + ID + "\"}");
        assertThat(answering(ARTIFACT).readArtifact(ID).data()).isEqualTo("# hi");
        sent("GET", "/api/artifacts/" + ID, "");
        check("", c -> c.updateArtifact(ID, new ArtifactUpdate(75.0, null, java.util.Map.of("k", "v"))), "PATCH",
                "/api/artifacts/" + ID, "{\"data\":75.0,\"metadata_\":{\"k\":\"v\"}}");
        check("", c -> c.deleteArtifact(ID), "DELETE", "/api/artifacts/" + ID, "");
        ArtifactQuery query = ArtifactQuery.of(ArtifactFilter.all().withKey(StringFilter.anyOf("report"))
                .withFlowRunId(IdFilter.anyOf(ID))).withPage(ArtifactSort.UPDATED_DESC, null, 1);
        assertThat(answering("[" + ARTIFACT + "]").readArtifacts(query)).singleElement()
                .satisfies(a -> assertThat(a.key()).isEqualTo("report"));
        sent("POST", "/api/artifacts/filter", "{\"artifacts\":{\"key\":{\"any_\":[\"report\"]},"
                + "\"flow_run_id\":{\"any_\":[\"" + ID + "\"]}},\"sort\":\"UPDATED_DESC\",\"limit\":1}");
        assertThat(answering("3").countArtifacts(query)).isEqualTo(3);
        sent("POST", "/api/artifacts/count", "{\"artifacts\":{\"key\":{\"any_\":[\"report\"]},"
                + "\"flow_run_id\":{\"any_\":[\"" + ID + "\"]}}}");
        ArtifactCollectionQuery latest = ArtifactCollectionQuery.of(
                ArtifactCollectionFilter.all().withType(StringFilter.anyOf("progress")));
        assertThat(answering("[" + COLLECTION + "]").readLatestArtifacts(latest)).singleElement()
                .satisfies(a -> {
                    assertThat(a.latestId()).isEqualTo(ID);
                    assertThat(a.data()).isEqualTo(50.5);
                });
        sent("POST", "/api/artifacts/latest/filter", "{\"artifacts\":{\"type\":{\"any_\":[\"progress\"]}}}");
        assertThat(answering("1").countLatestArtifacts(null)).isEqualTo(1);
        sent("POST", "/api/artifacts/latest/count", "{}");
        assertThat(answering(ARTIFACT).readLatestArtifact("report")).isPresent();
        sent("GET", "/api/artifacts/report/latest", "");
    }

    private static final String DEPLOYMENT = "{\"id\":\"" + ID + "\",\"name\":\"nightly\",\"flow_id\":\"" + ID
            + "\",\"paused\":false,\"status\":\"NOT_READY\",\"schedules\":[{\"id\":\"" + ID + "\",\"deployment_id\":\""
            + ID + "\",\"schedule\":{\"interval\":3600.0,\"anchor_date\":\"2026-01-01T00:30:00Z\",\"timezone\":\"UTC\"},"
            + "\"active\":true,\"parameters\":{}},{\"id\":\"" + ID + "\",\"schedule\":{\"cron\":\"0 2 * * *\","
            + "\"timezone\":\"Europe/Paris\",\"day_or\":true},\"active\":false},{\"id\":\"" + ID + "\",\"schedule\":"
            + "{\"rrule\":\"FREQ=DAILY\",\"timezone\":\"UTC\"},\"active\":true}],\"parameters\":{\"n\":3},"
            + "\"entrypoint\":\"com.example.Flows#etl\",\"enforce_parameter_schema\":true}";

    @Test
    void deployments() {
        Deployment created = answering(DEPLOYMENT).createDeployment(DeploymentCreate.of(ID, "nightly")
                .withSchedules(List.of(
                        DeploymentScheduleCreate.of(CronSchedule.of("0 2 * * *", "Europe/Paris")).withActive(false),
                        DeploymentScheduleCreate.of(IntervalSchedule.of(Duration.ofMinutes(90),
                                OffsetDateTime.of(2026, 1, 1, 0, 30, 0, 0, ZoneOffset.UTC), null))))
                .withParameters(java.util.Map.of("n", 3)).withTags(List.of("etl")).withPaused(false));
        sent("POST", "/api/deployments/", "{\"name\":\"nightly\",\"flow_id\":\"" + ID + "\",\"paused\":false,"
                + "\"schedules\":[{\"schedule\":{\"cron\":\"0 2 * * *\",\"timezone\":\"Europe/Paris\"},\"active\":false},"
                + "{\"schedule\":{\"interval\":5400,\"anchor_date\":\"2026-01-01T00:30:00Z\"}}],"
                + "\"parameters\":{\"n\":3},\"tags\":[\"etl\"]}");
        assertThat(created.schedules()).extracting(DeploymentSchedule::schedule).containsExactly(
                IntervalSchedule.of(Duration.ofHours(1), OffsetDateTime.of(2026, 1, 1, 0, 30, 0, 0, ZoneOffset.UTC),
                        "UTC"),
                new CronSchedule("0 2 * * *", "Europe/Paris", true),
                new RRuleSchedule("FREQ=DAILY", "UTC"));
        assertThat(created.schedules()).extracting(DeploymentSchedule::active).containsExactly(true, false, true);
        assertThat(created.parameters()).containsEntry("n", 3L);
        assertThat(created.entrypoint()).isEqualTo("com.example.Flows#etl");

        answering(DEPLOYMENT).readDeployment(ID);
        sent("GET", "/api/deployments/" + ID, "");
        answering(DEPLOYMENT).readDeploymentByName("my flow", "nightly");
        sent("GET", "/api/deployments/name/my%20flow/nightly", "");
        check("", c -> c.updateDeployment(ID, DeploymentUpdate.none().withDescription("d").withPaused(true)),
                "PATCH", "/api/deployments/" + ID, "{\"description\":\"d\",\"paused\":true}");
        check("", c -> c.deleteDeployment(ID), "DELETE", "/api/deployments/" + ID, "");
        DeploymentQuery query = DeploymentQuery.of(DeploymentFilter.all().withName(StringFilter.like("night"))
                .withPaused(BooleanFilter.is(false)).withTags(TagsFilter.allOf("etl")))
                .withSort(DeploymentSort.NAME_DESC).withLimit(2);
        assertThat(answering("[" + DEPLOYMENT + "]").readDeployments(query)).hasSize(1);
        String filter = "{\"deployments\":{\"name\":{\"like_\":\"night\"},\"tags\":{\"all_\":[\"etl\"]},"
                + "\"paused\":{\"eq_\":false}}";
        sent("POST", "/api/deployments/filter", filter + ",\"sort\":\"NAME_DESC\",\"limit\":2}");
        DeploymentPage page = answering("{\"results\":[" + DEPLOYMENT + "],\"count\":3,\"limit\":2,\"pages\":2,"
                + "\"page\":2}").paginateDeployments(query, 2);
        assertThat(page.results()).hasSize(1);
        assertThat(page.pages()).isEqualTo(2);
        sent("POST", "/api/deployments/paginate", filter + ",\"sort\":\"NAME_DESC\",\"limit\":2,\"page\":2}");
        assertThat(answering("3").countDeployments(query)).isEqualTo(3);
        sent("POST", "/api/deployments/count", filter + "}");
        assertThat(answering(RUN).createFlowRunFromDeployment(ID, DeploymentFlowRunCreate.ofParameters(
                java.util.Map.of("n", 4)).withName("manual")).id()).isEqualTo(ID);
        sent("POST", "/api/deployments/" + ID + "/create_flow_run", "{\"name\":\"manual\",\"parameters\":{\"n\":4}}");
        check("", c -> c.pauseDeployment(ID), "POST", "/api/deployments/" + ID + "/pause_deployment", "");
        check("", c -> c.resumeDeployment(ID), "POST", "/api/deployments/" + ID + "/resume_deployment", "");
        assertThat(answering("[" + RUN + "]").getScheduledFlowRuns(List.of(ID),
                OffsetDateTime.of(2026, 11, 29, 2, 0, 10, 0, ZoneOffset.UTC), 5)).hasSize(1);
        sent("POST", "/api/deployments/get_scheduled_flow_runs", "{\"deployment_ids\":[\"" + ID + "\"],"
                + "\"scheduled_before\":\"2026-11-29T02:00:10Z\",\"limit\":5}");
    }

    @Test
    void deploymentSchedules() {
        String schedule = "{\"id\":\"" + ID + "\",\"schedule\":{\"interval\":0.5},\"active\":true,\"slug\":\"s\"}";
        assertThat(answering("[" + schedule + "]").createDeploymentSchedules(ID, List.of(DeploymentScheduleCreate.of(
                IntervalSchedule.of(Duration.ofMillis(500), null, "Europe/Paris")).withSlug("s"))))
                .singleElement().satisfies(s -> assertThat(s.schedule())
                        .isEqualTo(IntervalSchedule.of(Duration.ofMillis(500), null, null)));
        sent("POST", "/api/deployments/" + ID + "/schedules",
                "[{\"schedule\":{\"interval\":0.5,\"timezone\":\"Europe/Paris\"},\"slug\":\"s\"}]");
        assertThat(answering("[" + schedule + "]").readDeploymentSchedules(ID)).hasSize(1);
        sent("GET", "/api/deployments/" + ID + "/schedules", "");
        check("", c -> c.updateDeploymentSchedule(ID, ID, DeploymentScheduleUpdate.active(false)), "PATCH",
                "/api/deployments/" + ID + "/schedules/" + ID, "{\"active\":false}");
        check("", c -> c.deleteDeploymentSchedule(ID, ID), "DELETE", "/api/deployments/" + ID + "/schedules/" + ID, "");
    }

    @Test
    void workPoolsAndQueues() {
        String pool = "{\"id\":\"" + ID + "\",\"name\":\"java\",\"type\":\"process\",\"base_job_template\":"
                + "{\"job_configuration\":{\"command\":\"{{ command }}\"}},\"status\":\"NOT_READY\"}";
        WorkPool created = answering(pool).createWorkPool(WorkPoolCreate.of("java", "process").withConcurrencyLimit(2));
        assertThat(created.baseJobTemplate()).containsKey("job_configuration");
        sent("POST", "/api/work_pools/", "{\"name\":\"java\",\"type\":\"process\",\"concurrency_limit\":2}");
        answering(pool).readWorkPool("java");
        sent("GET", "/api/work_pools/java", "");
        assertThat(answering("[" + pool + "]").readWorkPools(WorkPoolFilter.ofType("process"))).hasSize(1);
        sent("POST", "/api/work_pools/filter", "{\"work_pools\":{\"type\":{\"any_\":[\"process\"]}}}");
        check("", c -> c.deleteWorkPool("java"), "DELETE", "/api/work_pools/java", "");
        String queue = "{\"id\":\"" + ID + "\",\"name\":\"fast\",\"priority\":2,\"work_pool_name\":\"java\"}";
        assertThat(answering(queue).createWorkQueue("java", WorkQueueCreate.of("fast").withPriority(2)).priority())
                .isEqualTo(2);
        sent("POST", "/api/work_pools/java/queues", "{\"name\":\"fast\",\"priority\":2}");
        answering(queue).readWorkQueue("java", "fast");
        sent("GET", "/api/work_pools/java/queues/fast", "");
        assertThat(answering("[" + queue + "]").readWorkQueues("java", WorkQueueFilter.named("fast"))).hasSize(1);
        sent("POST", "/api/work_pools/java/queues/filter", "{\"work_queues\":{\"name\":{\"any_\":[\"fast\"]}}}");
    }
}
