package dev.jprefect.integration.deployments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.client.schemas.StringFilter;
import dev.jprefect.client.schemas.TagsFilter;
import dev.jprefect.client.schemas.WorkPool;
import dev.jprefect.client.schemas.WorkPoolCreate;
import dev.jprefect.client.schemas.WorkPoolFilter;
import dev.jprefect.client.schemas.WorkQueue;
import dev.jprefect.client.schemas.WorkQueueCreate;
import dev.jprefect.client.schemas.WorkQueueFilter;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The client's deployment, schedule, work-pool and work-queue calls against a server, each change
 * read back. Subclasses say which server (the real Prefect, jprefect's); the assertions are the
 * same. Names are unique per test, since a server may be shared by the whole test run.
 */
abstract class DeploymentCallsContract {

    private static final OffsetDateTime ANCHOR = OffsetDateTime.of(2026, 1, 1, 0, 30, 0, 0, ZoneOffset.UTC);

    private static String unique(String prefix) {
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

    @Test
    void work_pools_and_their_queues_are_created_read_and_filtered(PrefectClient client) {
        String name = unique("pool");
        WorkPool pool = client.createWorkPool(WorkPoolCreate.of(name, "process").withDescription("java flows"));
        try {
            assertThat(pool.name()).isEqualTo(name);
            assertThat(pool.type()).isEqualTo("process");
            assertThat(pool.defaultQueueId()).isNotNull();
            assertThat(client.readWorkPool(name).id()).isEqualTo(pool.id());
            assertThat(client.readWorkPools(WorkPoolFilter.named(name))).extracting(WorkPool::id)
                    .containsExactly(pool.id());

            WorkQueue queue = client.createWorkQueue(name, WorkQueueCreate.of("fast").withPriority(1));
            assertThat(queue.workPoolId()).isEqualTo(pool.id());
            assertThat(client.readWorkQueue(name, "fast").id()).isEqualTo(queue.id());
            assertThat(client.readWorkQueues(name, null)).extracting(WorkQueue::name)
                    .containsExactlyInAnyOrder("default", "fast");
            assertThat(client.readWorkQueues(name, WorkQueueFilter.named("fast"))).extracting(WorkQueue::id)
                    .containsExactly(queue.id());
        } finally {
            client.deleteWorkPool(name);
        }
        assertThatThrownBy(() -> client.readWorkPool(name)).isInstanceOf(ObjectNotFoundException.class);
    }
}
