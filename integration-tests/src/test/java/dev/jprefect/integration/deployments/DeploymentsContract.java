package dev.jprefect.integration.deployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jprefect.FlowDeployment;
import dev.jprefect.FlowRunExecution;
import dev.jprefect.Runner;
import dev.jprefect.client.ObjectNotFoundException;
import dev.jprefect.client.PrefectClient;
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
import dev.jprefect.client.schemas.Flow;
import dev.jprefect.client.schemas.FlowCreate;
import dev.jprefect.client.schemas.FlowFilter;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.IntervalSchedule;
import dev.jprefect.client.schemas.StateCreate;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.client.schemas.StringFilter;
import dev.jprefect.client.schemas.TagsFilter;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Deployments against a server: the client's deployment and schedule calls, each change read
 * back, and the SDK: {@link FlowDeployment} registration, {@link Runner} (serve) and
 * {@link FlowRunExecution} (run by id). Subclasses say which server (the real
 * Prefect, jprefect's); the assertions are the same. Names are unique per test, since a server may
 * be shared by the whole test run.
 */
abstract class DeploymentsContract {

    private static final OffsetDateTime ANCHOR = OffsetDateTime.of(2026, 1, 1, 0, 30, 0, 0, ZoneOffset.UTC);

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Flow flow(PrefectClient client) {
        return client.createFlow(FlowCreate.of(unique("deployed")));
    }

    @Test
    void create_is_an_upsert_by_flow_and_name_and_reads_back_by_id_and_by_name(PrefectClient client) {
        Flow flow = flow(client);
        DeploymentCreate body = DeploymentCreate.of(flow.id(), "nightly")
                .withDescription("loads the day").withVersion("1.0").withTags(List.of("etl", "java"))
                .withParameters(Map.of("day", "2026-11-29", "n", 3))
                .withEntrypoint("com.example.Flows#etl")
                .withSchedules(List.of(
                        DeploymentScheduleCreate.of(CronSchedule.of("0 2 * * *", "Europe/Paris")).withActive(false),
                        DeploymentScheduleCreate.of(IntervalSchedule.of(Duration.ofMinutes(90), ANCHOR, "UTC"))
                                .withActive(false)));

        Deployment created = client.createDeployment(body);

        assertThat(created.flowId()).isEqualTo(flow.id());
        assertThat(created.name()).isEqualTo("nightly");
        assertThat(created.tags()).containsExactly("etl", "java");
        assertThat(created.parameters()).containsEntry("day", "2026-11-29").containsEntry("n", 3L);
        assertThat(created.entrypoint()).isEqualTo("com.example.Flows#etl");
        assertThat(created.schedules()).extracting(DeploymentSchedule::schedule).containsExactlyInAnyOrder(
                new CronSchedule("0 2 * * *", "Europe/Paris", true),
                IntervalSchedule.of(Duration.ofMinutes(90), ANCHOR, "UTC"));
        assertThat(created.schedules()).allSatisfy(s -> assertThat(s.active()).isFalse());

        Deployment again = client.createDeployment(body.withDescription("loads the night")
                .withSchedules(List.of(DeploymentScheduleCreate.of(CronSchedule.of("0 3 * * *", "UTC"))
                        .withActive(false))));
        assertThat(again.id()).isEqualTo(created.id());
        assertThat(again.description()).isEqualTo("loads the night");
        assertThat(again.schedules()).extracting(DeploymentSchedule::schedule)
                .containsExactly(new CronSchedule("0 3 * * *", "UTC", true));

        assertThat(client.readDeployment(created.id()).description()).isEqualTo("loads the night");
        assertThat(client.readDeploymentByName(flow.name(), "nightly").id()).isEqualTo(created.id());
        assertThatThrownBy(() -> client.readDeploymentByName(flow.name(), "absent"))
                .isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void update_changes_only_what_it_names_and_delete_removes(PrefectClient client) {
        Flow flow = flow(client);
        Deployment created = client.createDeployment(DeploymentCreate.of(flow.id(), "d")
                .withDescription("first").withTags(List.of("a")));

        client.updateDeployment(created.id(), DeploymentUpdate.none().withDescription("second")
                .withParameters(Map.of("x", 1)));

        Deployment read = client.readDeployment(created.id());
        assertThat(read.description()).isEqualTo("second");
        assertThat(read.parameters()).containsEntry("x", 1L);
        assertThat(read.tags()).containsExactly("a");

        client.deleteDeployment(created.id());
        assertThatThrownBy(() -> client.readDeployment(created.id())).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void filter_paginate_and_count_see_the_same_deployments(PrefectClient client) {
        Flow flow = flow(client);
        String tag = unique("tag");
        for (String name : List.of("a", "b", "c")) {
            client.createDeployment(DeploymentCreate.of(flow.id(), name).withTags(List.of(tag)));
        }
        DeploymentQuery mine = DeploymentQuery.of(DeploymentFilter.all().withTags(TagsFilter.allOf(tag)))
                .withSort(DeploymentSort.NAME_DESC);

        assertThat(client.readDeployments(mine)).extracting(Deployment::name).containsExactly("c", "b", "a");
        assertThat(client.readDeployments(mine.withOffset(1).withLimit(1))).extracting(Deployment::name)
                .containsExactly("b");
        assertThat(client.countDeployments(mine)).isEqualTo(3);
        assertThat(client.countDeployments(DeploymentQuery.of(null)
                .withFlows(FlowFilter.all().withName(StringFilter.anyOf(flow.name()))))).isEqualTo(3);
        DeploymentPage second = client.paginateDeployments(mine.withLimit(2), 2);
        assertThat(second.results()).extracting(Deployment::name).containsExactly("a");
        assertThat(second.count()).isEqualTo(3);
        assertThat(second.pages()).isEqualTo(2);
        assertThat(second.page()).isEqualTo(2);
    }

    @Test
    void schedules_are_added_read_updated_and_deleted(PrefectClient client) {
        Deployment deployment = client.createDeployment(DeploymentCreate.of(flow(client).id(), "scheduled"));

        List<DeploymentSchedule> added = client.createDeploymentSchedules(deployment.id(), List.of(
                DeploymentScheduleCreate.of(CronSchedule.of("*/5 * * * *", "America/New_York")).withActive(false),
                DeploymentScheduleCreate.of(IntervalSchedule.of(Duration.ofHours(1), ANCHOR, "UTC"))
                        .withActive(false).withSlug("hourly")));
        assertThat(added).hasSize(2).allSatisfy(s -> assertThat(s.deploymentId()).isEqualTo(deployment.id()));
        DeploymentSchedule hourly = added.stream().filter(s -> "hourly".equals(s.slug())).findFirst().orElseThrow();

        client.updateDeploymentSchedule(deployment.id(), hourly.id(),
                DeploymentScheduleUpdate.schedule(IntervalSchedule.of(Duration.ofMinutes(30), ANCHOR, "UTC")));
        assertThat(client.readDeploymentSchedules(deployment.id())).extracting(DeploymentSchedule::schedule)
                .contains(IntervalSchedule.of(Duration.ofMinutes(30), ANCHOR, "UTC"));

        client.deleteDeploymentSchedule(deployment.id(), hourly.id());
        assertThat(client.readDeploymentSchedules(deployment.id())).extracting(DeploymentSchedule::schedule)
                .containsExactly(new CronSchedule("*/5 * * * *", "America/New_York", true));
    }

    @Test
    void a_run_created_from_a_deployment_merges_parameters_and_is_polled_when_due(PrefectClient client) {
        Flow flow = flow(client);
        Deployment deployment = client.createDeployment(DeploymentCreate.of(flow.id(), "triggered")
                .withParameters(Map.of("day", "monday", "n", 1)).withTags(List.of("d")));

        FlowRun run = client.createFlowRunFromDeployment(deployment.id(),
                DeploymentFlowRunCreate.ofParameters(Map.of("n", 2)).withName("manual"));

        assertThat(run.deploymentId()).isEqualTo(deployment.id());
        assertThat(run.flowId()).isEqualTo(flow.id());
        assertThat(run.name()).isEqualTo("manual");
        assertThat(run.parameters()).containsEntry("day", "monday").containsEntry("n", 2L);
        assertThat(run.stateType()).isEqualTo(StateType.SCHEDULED);
        assertThat(run.tags()).contains("d");

        OffsetDateTime dueBy = run.nextScheduledStartTime().plusSeconds(1);
        assertThat(client.getScheduledFlowRuns(List.of(deployment.id()), dueBy, 10)).extracting(FlowRun::id)
                .containsExactly(run.id());
        assertThat(client.getScheduledFlowRuns(List.of(deployment.id()),
                run.nextScheduledStartTime().minusSeconds(60), 10)).isEmpty();
    }

    @Test
    void pause_and_resume_are_seen_by_the_paused_filter(PrefectClient client) {
        Deployment deployment = client.createDeployment(DeploymentCreate.of(flow(client).id(), "pausable"));
        DeploymentQuery paused = DeploymentQuery.of(DeploymentFilter.all()
                .withId(dev.jprefect.client.schemas.IdFilter.anyOf(deployment.id()))
                .withPaused(BooleanFilter.is(true)));

        client.pauseDeployment(deployment.id());
        assertThat(client.readDeployment(deployment.id()).paused()).isTrue();
        assertThat(client.readDeployments(paused)).hasSize(1);

        client.resumeDeployment(deployment.id());
        assertThat(client.readDeployment(deployment.id()).paused()).isFalse();
        assertThat(client.readDeployments(paused)).isEmpty();
    }

    // ---- the SDK

    @Test
    void registering_creates_the_flow_and_the_deployment_and_again_updates_it(PrefectClient client) {
        String name = unique("sdk");
        OffsetDateTime anchor = OffsetDateTime.of(2026, 1, 1, 0, 30, 0, 0, ZoneOffset.ofHours(1));
        FlowDeployment deployment = FlowDeployment.fromEntrypoint(DeployedFlows.FULFIL_ENTRYPOINT, name)
                .withSchedule(DeploymentScheduleCreate.of(CronSchedule.of("0 2 * * *", "Europe/Paris"))
                        .withActive(false))
                .withSchedule(DeploymentScheduleCreate.of(IntervalSchedule.of(Duration.ofHours(6), anchor,
                        "America/New_York")).withActive(false))
                .withParameters(Map.of("customer", "ada", "quantity", 3))
                .withTags("etl", "java").withDescription("fulfils orders").withVersion("1.0");

        Deployment first = deployment.register(client);

        Flow flow = client.readFlowByName(DeployedFlows.FULFIL.name());
        assertThat(first.flowId()).isEqualTo(flow.id());
        Deployment read = client.readDeploymentByName(flow.name(), name);
        assertThat(read.entrypoint()).isEqualTo(DeployedFlows.FULFIL_ENTRYPOINT);
        assertThat(read.tags()).containsExactly("etl", "java");
        assertThat(read.description()).isEqualTo("fulfils orders");
        assertThat(read.version()).isEqualTo("1.0");
        assertThat(read.parameters()).containsEntry("customer", "ada").containsEntry("quantity", 3L);
        assertThat(read.schedules()).extracting(DeploymentSchedule::schedule)
                .contains(new CronSchedule("0 2 * * *", "Europe/Paris", true))
                .anySatisfy(s -> assertThat(s).isInstanceOfSatisfying(IntervalSchedule.class, interval -> {
                    assertThat(interval.interval()).isEqualTo(Duration.ofHours(6));
                    assertThat(interval.anchorDate()).isAtSameInstantAs(anchor);
                    assertThat(interval.timezone()).isEqualTo("America/New_York");
                }));
        assertThat(read.schedules()).allSatisfy(s -> assertThat(s.active()).isFalse());
        assertThat(read.parameterOpenapiSchema()).containsEntry("title", "Parameters")
                .containsEntry("required", List.of("customer", "quantity", "items"));

        Deployment second = deployment.withDescription("fulfils orders, again").register(client);

        assertThat(second.id()).isEqualTo(first.id());
        Deployment again = client.readDeployment(first.id());
        assertThat(again.description()).isEqualTo("fulfils orders, again");
        assertThat(again.schedules()).hasSize(2);
        assertThat(client.countDeployments(DeploymentQuery.of(DeploymentFilter.all()
                .withName(StringFilter.anyOf(name))))).isEqualTo(1);
    }

    @Test
    void bad_input_registers_nothing(PrefectClient client) {
        String name = unique("bad");
        FlowDeployment deployment = FlowDeployment.fromEntrypoint(DeployedFlows.FULFIL_ENTRYPOINT, name);

        assertThatThrownBy(() -> deployment.withCron("0 25 * * *", "UTC").register(client))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schedules[0].cron: Invalid cron string: \"0 25 * * *\" (hour 25 is out of 0-23)");
        assertThatThrownBy(() -> deployment.withCron("0 2 * * *", "Europe/Pariss").register(client))
                .hasMessageStartingWith("schedules[0].timezone: Invalid timezone: \"Europe/Pariss\"");

        assertThat(client.countDeployments(DeploymentQuery.of(DeploymentFilter.all()
                .withName(StringFilter.anyOf(name))))).isZero();
    }

    // ---- serve

    /** Every wait for a served run is bounded; the runner polls every second here. */
    static final long WAIT_SECONDS = 120;

    private static Settings.Scope fastRunner() {
        return Settings.override(Map.of(Setting.RUNNER_POLL_FREQUENCY.name(), "1",
                Setting.RUNNER_SHUTDOWN_TIMEOUT.name(), "60"));
    }

    @Test
    @SuppressWarnings("try") // the settings scope is held for its effect
    void a_served_deployment_runs_a_run_triggered_through_the_api_and_a_misfit_fails_only_its_run(
            PrefectClient client) throws Exception {
        try (Settings.Scope fast = fastRunner(); Runner runner = Runner.create(client)) {
            Deployment deployment = runner.add(FlowDeployment.fromEntrypoint(DeployedFlows.FULFIL_ENTRYPOINT,
                    unique("served")).withParameters(Map.of("customer", "ada", "items", List.of()))).start().get(0);
            client.updateDeployment(deployment.id(), DeploymentUpdate.none().withEnforceParameterSchema(false));

            FlowRun misfit = client.createFlowRunFromDeployment(deployment.id(),
                    DeploymentFlowRunCreate.ofParameters(Map.of("quantity", "three")));
            assertThat(runner.finished(misfit.id()).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(StateType.FAILED);
            assertThat(client.readFlowRun(misfit.id()).state().message()).contains("parameter 'quantity'")
                    .contains("three");

            FlowRun run = client.createFlowRunFromDeployment(deployment.id(),
                    DeploymentFlowRunCreate.ofParameters(Map.of("quantity", 2, "note", "gift")));
            assertThat(runner.finished(run.id()).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(StateType.COMPLETED);
            FlowRun done = client.readFlowRun(run.id());
            assertThat(done.stateType()).isEqualTo(StateType.COMPLETED);
            assertThat(done.deploymentId()).isEqualTo(deployment.id());
            assertThat(done.runCount()).isEqualTo(1);
        }
    }

    @Test
    @SuppressWarnings("try") // the settings scope is held for its effect
    void a_run_set_cancelling_is_interrupted_and_ends_cancelled(PrefectClient client) throws Exception {
        String gate = unique("gate");
        try (Settings.Scope fast = fastRunner(); Runner runner = Runner.create(client)) {
            Deployment deployment = runner.add(FlowDeployment.fromEntrypoint(DeployedFlows.GATED_ENTRYPOINT,
                    unique("cancel"))).start().get(0);
            FlowRun run = client.createFlowRunFromDeployment(deployment.id(),
                    DeploymentFlowRunCreate.ofParameters(Map.of("input", gate)));
            assertThat(DeployedFlows.gate(gate).entered().await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

            client.setFlowRunState(run.id(), StateCreate.of(StateType.CANCELLING), true);

            assertThat(runner.finished(run.id()).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(StateType.CANCELLED);
            assertThat(client.readFlowRun(run.id()).stateType()).isEqualTo(StateType.CANCELLED);
        }
    }

    @Test
    @SuppressWarnings("try") // the settings scope is held for its effect
    void closing_stops_polling_and_lets_a_running_run_finish(PrefectClient client) throws Exception {
        String gate = unique("gate");
        Runner runner = Runner.create(client);
        FlowRun run;
        try (Settings.Scope fast = fastRunner()) {
            Deployment deployment = runner.add(FlowDeployment.fromEntrypoint(DeployedFlows.GATED_ENTRYPOINT,
                    unique("closing"))).start().get(0);
            run = client.createFlowRunFromDeployment(deployment.id(),
                    DeploymentFlowRunCreate.ofParameters(Map.of("input", gate)));
            assertThat(DeployedFlows.gate(gate).entered().await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
        CompletableFuture<Void> closing = CompletableFuture.runAsync(runner::close);
        assertThat(closing).isNotDone();

        DeployedFlows.gate(gate).open().countDown();

        closing.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(runner.finished(run.id()).getNow(null)).isEqualTo(StateType.COMPLETED);
        assertThat(runner.runningFlowRuns()).isEmpty();
    }

    // ---- run by id

    @Test
    void a_run_executed_by_id_finds_its_flow_by_the_deployments_entrypoint(PrefectClient client) {
        Deployment deployment = FlowDeployment.fromEntrypoint(DeployedFlows.FULFIL_ENTRYPOINT, unique("by-id"))
                .withParameters(Map.of("customer", "ada", "items", List.of())).register(client);
        FlowRun run = client.createFlowRunFromDeployment(deployment.id(),
                DeploymentFlowRunCreate.ofParameters(Map.of("quantity", 5)));

        assertThat(FlowRunExecution.execute(client, run.id(), DeployedFlows.class.getClassLoader()))
                .isEqualTo(StateType.COMPLETED);
        assertThat(client.readFlowRun(run.id()).stateType()).isEqualTo(StateType.COMPLETED);
    }

    @Test
    void a_run_whose_entrypoint_names_no_flow_is_marked_crashed_with_the_reason(PrefectClient client) {
        Deployment deployment = client.createDeployment(DeploymentCreate.of(flow(client).id(), "lost")
                .withEntrypoint("com.example.Gone#etl"));
        FlowRun run = client.createFlowRunFromDeployment(deployment.id(), null);

        assertThat(FlowRunExecution.execute(client, run.id(), DeployedFlows.class.getClassLoader()))
                .isEqualTo(StateType.CRASHED);
        FlowRun crashed = client.readFlowRun(run.id());
        assertThat(crashed.stateType()).isEqualTo(StateType.CRASHED);
        assertThat(crashed.state().message()).contains("entrypoint: \"com.example.Gone#etl\" names no flow");
    }
}
