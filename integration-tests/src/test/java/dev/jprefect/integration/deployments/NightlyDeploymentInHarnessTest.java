package dev.jprefect.integration.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jprefect.Flow;
import dev.jprefect.FlowDeployment;
import dev.jprefect.RunContext;
import dev.jprefect.Runner;
import dev.jprefect.client.PrefectClient;
import dev.jprefect.client.schemas.Deployment;
import dev.jprefect.client.schemas.FlowFilter;
import dev.jprefect.client.schemas.FlowRun;
import dev.jprefect.client.schemas.FlowRunQuery;
import dev.jprefect.client.schemas.FlowRunSort;
import dev.jprefect.client.schemas.StateType;
import dev.jprefect.client.schemas.StringFilter;
import dev.jprefect.harness.PrefectTestHarness;
import dev.jprefect.harness.PrefectTestHarness.Mode;
import dev.jprefect.harness.VirtualClock;
import dev.jprefect.settings.Setting;
import dev.jprefect.settings.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "The nightly deployment runs at 02:00 and retries", tested in milliseconds: the harness's virtual
 * clock is advanced to 02:00 in Zurich, the embedded server's scheduler makes the run due, the SDK's
 * runner picks it up, its first attempt fails and its retry five (virtual) minutes later completes.
 */
public class NightlyDeploymentInHarnessTest {

    private static final ConcurrentMap<UUID, Integer> ATTEMPTS = new ConcurrentHashMap<>();

    /** A nightly load whose first attempt of each run fails, then succeeds on its one retry five minutes later. */
    public static final Flow<Void, String> NIGHTLY = Flow.of("deployed-nightly", () -> {
        UUID run = RunContext.current().flowRun().orElseThrow().id();
        if (ATTEMPTS.merge(run, 1, Integer::sum) == 1) {
            throw new IllegalStateException("the warehouse was not ready");
        }
        return "loaded";
    }).withRetries(1).withRetryDelay(Duration.ofMinutes(5));

    /** Bounds the wait for the runner; the run itself takes milliseconds. */
    private static final long WAIT_SECONDS = 60;

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"IN_PROCESS", "SERVER"})
    @SuppressWarnings("try") // the settings scope is held for its effect
    public void the_nightly_deployment_runs_at_two_and_retries(Mode mode) throws Exception {
        VirtualClock clock = VirtualClock.startingAt(Instant.parse("2025-03-01T12:00:00Z"));
        // The runner polls at its start and then only when asked (pollNow below), not every 10 s of real time.
        try (PrefectTestHarness harness = PrefectTestHarness.builder().mode(mode).virtualClock(clock).start();
                Settings.Scope pollOnlyWhenAsked = Settings.override(Map.of(Setting.RUNNER_POLL_FREQUENCY.name(), "3600"));
                Runner runner = Runner.create(harness.client())) {
            PrefectClient client = harness.client();
            Deployment nightly = runner.add(FlowDeployment.fromEntrypoint(
                    NightlyDeploymentInHarnessTest.class.getName() + "#NIGHTLY", "nightly")
                    .withCron("0 2 * * *", "Europe/Zurich")).start().get(0);

            clock.advance(Duration.ZERO); // a scheduler round: the next nights' runs are created ahead
            clock.advance(Duration.between(clock.instant(), Instant.parse("2025-03-02T01:00:00Z"))); // 02:00 CET
            // Read whatever their state: the runner's first poll, late on a loaded machine, may already have taken it.
            List<FlowRun> nights = client.readFlowRuns(FlowRunQuery.all()
                    .withFlows(FlowFilter.all().withName(StringFilter.anyOf(NIGHTLY.name())))
                    .withSort(FlowRunSort.EXPECTED_START_TIME_ASC).withLimit(2));
            assertThat(nights).extracting(run -> run.expectedStartTime().toInstant())
                    .containsExactly(Instant.parse("2025-03-02T01:00:00Z"), Instant.parse("2025-03-03T01:00:00Z"));
            assertThat(nights).allSatisfy(run -> assertThat(run.deploymentId()).isEqualTo(nightly.id()));
            UUID due = nights.get(0).id();
            runner.pollNow();

            assertThat(runner.finished(due).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(StateType.COMPLETED);
            FlowRun done = client.readFlowRun(due);
            assertThat(done.runCount()).isEqualTo(2);
            assertThat(Duration.between(done.startTime(), done.endTime())).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
        }
    }
}
